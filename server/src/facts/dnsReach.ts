/**
 * Whether a node group's nodes reach their DNS resolvers through their security groups and their
 * subnets' network ACLs (dns-egress-blocked). Every answer is `allowed`, `blocked` or `unknown`; a rule
 * reports only `blocked`, which needs every group, rule, entry, address and port to be known.
 */
import { contains, parseCidr, type Cidr } from '../base/cidr';
import type { AclEntry, DhcpOptions, NetworkAcl, NetworkModel, PortRange, SecurityGroup } from '../model/types';
import type { Known } from '../model/located';
import { effectiveCidr } from '../model/cidrValues';
import { AMAZON_PROVIDED_DNS, DNS_PORT, NODE_EPHEMERAL } from '../model/dnsFacts';

export type Verdict = 'allowed' | 'blocked' | 'unknown';
export type DnsProtocol = 'udp' | 'tcp';

export interface Resolver {
  address: string;
  block: Cidr;
  at: Known<string[]>['at'];
}

/**
 * The resolvers a VPC's instances use when its DHCP options name only custom servers. Undefined when
 * the VPC uses the Amazon DNS server (no options set in the workspace, so the default one, or a set
 * that lists AmazonProvidedDNS), which security groups and network ACLs do not filter, or when the
 * set or an address is not known.
 */
export function customResolvers(
  model: NetworkModel,
  vpc: string,
): { options: DhcpOptions; resolvers: Resolver[] } | undefined {
  const sets = model.dhcpOptions.filter((d) => d.vpcs.includes(vpc));
  if (sets.length !== 1) return undefined;
  const options = sets[0];
  // Options only some deployments create leave the others on the Amazon DNS server: no verdict holds for all.
  if (options.exists) return undefined;
  if (options.servers?.kind !== 'known' || !options.servers.value.length) return undefined;
  const resolvers: Resolver[] = [];
  for (const s of options.servers.value) {
    if (s.toLowerCase() === AMAZON_PROVIDED_DNS.toLowerCase()) return undefined;
    const parsed = parseCidr(`${s}/32`);
    if (!parsed.ok || parsed.cidr.version !== 4) return undefined;
    resolvers.push({ address: s, block: parsed.cidr, at: options.servers.at });
  }
  return { options, resolvers };
}

const covers = (r: PortRange, port: number) => r.from <= port && port <= r.to;

/** Whether the union of the groups' egress rules lets `protocol` port 53 go to the resolver. */
export function groupsAllow(groups: readonly SecurityGroup[], protocol: DnsProtocol, to: Cidr): Verdict {
  let unknown = false;
  for (const g of groups) {
    if (g.egress.kind !== 'known') return 'unknown';
    for (const r of g.egress.value) {
      if (r.protocol.kind !== 'known') {
        unknown = true;
        continue;
      }
      if (r.protocol.value !== 'all' && r.protocol.value !== protocol) continue;
      if (r.protocol.value !== 'all') {
        if (!r.ports || r.ports.kind !== 'known') {
          unknown = true;
          continue;
        }
        if (!covers(r.ports.value, DNS_PORT)) continue;
      }
      for (const c of r.cidrs) {
        const b = c.kind === 'known' ? effectiveCidr(c)?.cidr : undefined;
        if (!b) unknown = true;
        else if (b.version === 4 && contains(b, to)) return 'allowed';
      }
      // A security group, prefix list or `self` may or may not hold the resolver.
      if (r.otherDestination) unknown = true;
    }
  }
  return unknown ? 'unknown' : 'blocked';
}

/** The network ACL decision for traffic of `protocol` to (egress) or from (ingress) `peer` on `ports`. */
export interface AclDecision {
  verdict: Verdict;
  /** The entry that denies; undefined for the final `*` rule. */
  entry?: AclEntry;
  /** The ports of `ports` that are denied. */
  denied?: PortRange;
}

/**
 * Evaluates the entries in rule-number order, first match wins, the `*` rule denying what is left
 * (VPC User Guide, "Network ACL rules"). Ports of `ports` that an allow entry covers are settled; a
 * deny entry, or the end of the list, that reaches a port still open blocks.
 */
export function aclDecision(
  acl: NetworkAcl,
  egress: boolean,
  protocol: DnsProtocol,
  peer: Cidr,
  ports: PortRange,
): AclDecision {
  if (acl.entries.kind !== 'known') return { verdict: 'unknown' };
  const entries = acl.entries.value.filter((e) => e.egress === egress);
  if (entries.some((e) => e.ruleNumber.kind !== 'known')) return { verdict: 'unknown' };
  const num = (e: AclEntry) => (e.ruleNumber as Known<number>).value;
  entries.sort((a, b) => num(a) - num(b));
  let open: PortRange[] = [ports];
  for (const e of entries) {
    if (e.protocol.kind !== 'known' || e.action.kind !== 'known') return { verdict: 'unknown' };
    if (e.protocol.value !== 'all' && e.protocol.value !== protocol) continue;
    if (!e.cidr) continue;
    const b = e.cidr.kind === 'known' ? effectiveCidr(e.cidr)?.cidr : undefined;
    if (!b) return { verdict: 'unknown' };
    if (b.version !== 4 || !contains(b, peer)) continue;
    let range: PortRange = { from: 0, to: 65535 };
    if (e.protocol.value !== 'all') {
      if (!e.ports || e.ports.kind !== 'known') return { verdict: 'unknown' };
      range = e.ports.value;
    }
    const hit = open.find((o) => o.from <= range.to && range.from <= o.to);
    if (!hit) continue;
    if (e.action.value === 'deny')
      return {
        verdict: 'blocked',
        entry: e,
        denied: { from: Math.max(hit.from, range.from), to: Math.min(hit.to, range.to) },
      };
    open = open.flatMap((o) => subtract(o, range));
    if (!open.length) return { verdict: 'allowed' };
  }
  return { verdict: 'blocked', denied: open[0] };
}

function subtract(o: PortRange, r: PortRange): PortRange[] {
  if (r.to < o.from || o.to < r.from) return [o];
  const out: PortRange[] = [];
  if (o.from < r.from) out.push({ from: o.from, to: r.from - 1 });
  if (r.to < o.to) out.push({ from: r.to + 1, to: o.to });
  return out;
}

/** Both directions of a DNS exchange through one ACL: the query out to port 53, the answer back in. */
export function aclPath(
  acl: NetworkAcl,
  protocol: DnsProtocol,
  resolver: Cidr,
): AclDecision & { direction?: 'outbound' | 'inbound' } {
  const out = aclDecision(acl, true, protocol, resolver, { from: DNS_PORT, to: DNS_PORT });
  if (out.verdict === 'blocked') return { ...out, direction: 'outbound' };
  const back = aclDecision(acl, false, protocol, resolver, NODE_EPHEMERAL);
  if (back.verdict === 'blocked') return { ...back, direction: 'inbound' };
  return { verdict: out.verdict === 'unknown' || back.verdict === 'unknown' ? 'unknown' : 'allowed' };
}
