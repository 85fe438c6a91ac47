/**
 * Security groups, the groups node groups' launch templates name, network ACLs and DHCP options of
 * one template (dns-egress-blocked). A standalone rule or entry whose group or ACL is not a resource
 * of the template may belong to any of them, so it makes them all unresolved.
 */
import type { SourceFile } from '../../sourceFile';
import type { FileSpan } from '../../../base/span';
import { get, getPath, type LNode } from '../../../parsers/tree';
import { known, unresolved, type Value } from '../../located';
import type { AclEntry, NetworkAcl, NetworkModel, PortRange, SecurityGroup, SgEgressRule } from '../../types';
import type { CfnResource } from '../../../evaluators/cloudformation/template';
import type { Evaluator } from '../../../evaluators/cloudformation/evaluate';
import { isList, isObject, whyNotString, type CfnValue } from '../../../evaluators/cloudformation/values';
import { boolValue, isAbsent, numValue, refId, strValue } from './convert';
import { item, keyOf, spanOf } from './resourceItem';
import { DEFAULT_EGRESS_NOTE, defaultEgressRule, normaliseProtocol } from '../../dnsFacts';
import type { NetworkIndex } from './network';

export function buildSecurity(
  file: SourceFile,
  ev: Evaluator,
  resources: CfnResource[],
  net: NetworkIndex,
  out: NetworkModel,
  /** The conditions of a resource only some deployments create (ModelItem.exists), else undefined. */
  conditional: (logicalId: string) => string | undefined,
): void {
  const of = (type: string) => resources.filter((r) => r.type === type);
  const groups = new Map<string, SecurityGroup>();
  for (const r of of('AWS::EC2::SecurityGroup')) {
    const base = item(file, r);
    const node = get(r.properties, 'SecurityGroupEgress');
    const v = ev.eval(node);
    let egress: Value<SgEgressRule[]>;
    if (isAbsent(v)) egress = known([defaultEgressRule(base.nameAt)], base.nameAt);
    else if (!isList(v))
      egress = unresolved(`the egress rules are not known (${whyNotString(v)})`, spanOf(file, node, base.at));
    else {
      const items = node && 'items' in node ? node.items : [];
      const rules: SgEgressRule[] = [];
      let why: string | undefined;
      v.forEach((x, i) => {
        const at = spanOf(file, items[i], spanOf(file, node, base.at));
        if (isObject(x)) rules.push(ruleOf(x, at));
        else why ??= `an egress rule is not known (${whyNotString(x)})`;
      });
      egress = why ? unresolved(why, spanOf(file, node, base.at)) : known(rules, spanOf(file, node, base.at));
    }
    const g: SecurityGroup = {
      ...base,
      ...vpcOf(file, ev, net, r),
      egress,
      ...(isAbsent(v) ? {} : { egressNote: DEFAULT_EGRESS_NOTE.cloudformation }),
    };
    groups.set(r.logicalId, g);
    out.securityGroups.push(g);
  }
  let unknownRules: string | undefined;
  for (const r of of('AWS::EC2::SecurityGroupEgress')) {
    const target = ev.eval(get(r.properties, 'GroupId'));
    const g = groups.get(refId(target) ?? '');
    const props = ev.eval(r.properties);
    const when = conditional(r.logicalId);
    // A rule only some deployments create neither surely allows nor surely is absent.
    if (g && when) g.egress = unresolved(`${r.logicalId} exists only when ${when}`, g.egress.at);
    else if (g && g.egress.kind === 'known' && isObject(props)) g.egress.value.push(ruleOf(props, item(file, r).at));
    else if (!g && refId(target) === undefined && typeof target !== 'string')
      unknownRules ??= `the group of ${r.logicalId} is not known (${whyNotString(target)})`;
  }
  if (unknownRules) for (const g of groups.values()) g.egress = unresolved(unknownRules, g.egress.at);
  nodeGroupGroups(file, ev, resources, groups, out);
  networkAcls(file, ev, resources, net, out, conditional);
  dhcpOptions(file, ev, resources, net, out);
}

/** One egress rule (`SecurityGroupEgress` item or an `AWS::EC2::SecurityGroupEgress`'s properties). */
function ruleOf(x: { [k: string]: CfnValue }, at: FileSpan): SgEgressRule {
  const p = strValue(x.IpProtocol ?? null, at);
  const protocol = p.kind === 'known' ? known(normaliseProtocol(p.value), at) : p;
  const cidr = x.CidrIp;
  const other = x.DestinationPrefixListId
    ? 'a prefix list'
    : x.DestinationSecurityGroupId
      ? 'a security group'
      : undefined;
  return {
    at,
    protocol,
    ...portsOf(protocol, x.FromPort, x.ToPort, at),
    cidrs: cidr === undefined || isAbsent(cidr) ? [] : [strValue(cidr, at)],
    ...(other ? { otherDestination: other } : {}),
  };
}

function portsOf(
  protocol: Value<string>,
  from: CfnValue | undefined,
  to: CfnValue | undefined,
  at: FileSpan,
): { ports?: Value<PortRange> } {
  if (protocol.kind === 'known' && protocol.value === 'all') return {};
  const f = numValue(from ?? null, at);
  const t = numValue(to ?? null, at);
  if (f.kind === 'known' && t.kind === 'known') return { ports: known<PortRange>({ from: f.value, to: t.value }, at) };
  return { ports: f.kind === 'unresolved' ? f : (t as Value<never>) };
}

/**
 * `AWS::EKS::Nodegroup` whose `AWS::EC2::LaunchTemplate` of this template names security groups
 * (`SecurityGroupIds`, or `Groups` of its network interfaces): EKS gives the nodes those and not the
 * cluster security group. A template given by an id that is not a resource here is not known.
 */
function nodeGroupGroups(
  file: SourceFile,
  ev: Evaluator,
  resources: CfnResource[],
  groups: ReadonlyMap<string, SecurityGroup>,
  out: NetworkModel,
): void {
  for (const r of resources.filter((x) => x.type === 'AWS::EKS::Nodegroup')) {
    const spec = get(r.properties, 'LaunchTemplate');
    if (!spec) continue;
    const nodeGroup = keyOf(file, r.logicalId);
    const id = refId(ev.eval(get(spec, 'Id'))) ?? refId(ev.eval(get(spec, 'Name')));
    const lt = id !== undefined ? ev.t.resources.get(id) : undefined;
    const at = { file: file.id, span: spec.span };
    if (lt?.type !== 'AWS::EC2::LaunchTemplate') {
      out.nodeSecurityGroups.push({
        nodeGroup,
        groups: unresolved('the launch template is not a resource of this template', at),
        at,
        via: `the launch template of ${r.logicalId}`,
      });
      continue;
    }
    const lists: LNode[] = [];
    const direct = getPath(lt.properties, ['LaunchTemplateData', 'SecurityGroupIds']);
    if (direct) lists.push(direct);
    const nics = getPath(lt.properties, ['LaunchTemplateData', 'NetworkInterfaces']);
    const nicsV = ev.eval(nics);
    if (isList(nicsV) && nics && 'items' in nics)
      for (const n of nics.items) {
        const g = get(n, 'Groups');
        if (g) lists.push(g);
      }
    if (!lists.length) continue;
    const where = spanOf(file, lists[0], at);
    const keys: string[] = [];
    let why: string | undefined;
    for (const l of lists) {
      const v = ev.eval(l);
      if (!isList(v)) why ??= `the security groups are not known (${whyNotString(v)})`;
      else
        for (const x of v) {
          const gid = refId(x);
          if (gid !== undefined && groups.has(gid)) keys.push(keyOf(file, gid));
          else
            why ??=
              typeof x === 'string' ? `the security group ${x} is not a resource of this template` : whyNotString(x);
        }
    }
    out.nodeSecurityGroups.push({
      nodeGroup,
      groups: why ? unresolved(why, where) : known([...new Set(keys)], where),
      at: where,
      via: `launch template ${lt.logicalId}`,
    });
  }
}

/** The model key of the template's VPC a resource's `VpcId` refers to, as a spreadable field. */
function vpcOf(file: SourceFile, ev: Evaluator, net: NetworkIndex, r: CfnResource): { vpc?: string } {
  const id = refId(ev.eval(get(r.properties, 'VpcId')));
  return id !== undefined && net.vpcs.has(id) ? { vpc: keyOf(file, id) } : {};
}

/** `AWS::EC2::NetworkAcl` with its `NetworkAclEntry`s and `SubnetNetworkAclAssociation`s. */
function networkAcls(
  file: SourceFile,
  ev: Evaluator,
  resources: CfnResource[],
  net: NetworkIndex,
  out: NetworkModel,
  conditional: (logicalId: string) => string | undefined,
): void {
  const acls = new Map<string, NetworkAcl>();
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::NetworkAcl')) {
    const base = item(file, r);
    const acl: NetworkAcl = {
      ...base,
      ...vpcOf(file, ev, net, r),
      subnets: [],
      entries: known([], base.nameAt),
    };
    acls.set(r.logicalId, acl);
    out.networkAcls.push(acl);
  }
  let unknown: string | undefined;
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::NetworkAclEntry')) {
    const target = ev.eval(get(r.properties, 'NetworkAclId'));
    const acl = acls.get(refId(target) ?? '');
    if (!acl) {
      if (refId(target) === undefined && typeof target !== 'string')
        unknown ??= `the network ACL of ${r.logicalId} is not known (${whyNotString(target)})`;
      continue;
    }
    const when = conditional(r.logicalId);
    if (when) acl.entries = unresolved(`${r.logicalId} exists only when ${when}`, acl.at);
    else if (acl.entries.kind === 'known') acl.entries.value.push(entryOf(file, ev, r));
  }
  if (unknown) for (const a of acls.values()) a.entries = unresolved(unknown, a.at);
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::SubnetNetworkAclAssociation')) {
    const acl = acls.get(refId(ev.eval(get(r.properties, 'NetworkAclId'))) ?? '');
    const subnet = refId(ev.eval(get(r.properties, 'SubnetId')));
    if (acl && subnet !== undefined && net.subnets.has(subnet)) acl.subnets.push(keyOf(file, subnet));
  }
}

function entryOf(file: SourceFile, ev: Evaluator, r: CfnResource): AclEntry {
  const at = { file: file.id, span: r.entry.span };
  const p = (n: string) => get(r.properties, n);
  const v = (n: string) => ev.eval(p(n));
  const written = strValue(v('Protocol'), spanOf(file, p('Protocol'), at));
  const protocol = written.kind === 'known' ? known(normaliseProtocol(written.value), written.at) : written;
  const action = strValue(v('RuleAction'), spanOf(file, p('RuleAction'), at));
  const egress = isAbsent(v('Egress')) ? known(false, at) : boolValue(v('Egress'), at);
  const cidr = v('CidrBlock');
  const range = ev.eval(p('PortRange'));
  return {
    at,
    // An entry whose direction is not known may be either: it cannot be placed, so it decides nothing.
    egress: egress.kind === 'known' ? egress.value : false,
    ruleNumber: egress.kind === 'known' ? numValue(v('RuleNumber'), spanOf(file, p('RuleNumber'), at)) : egress,
    protocol,
    action:
      action.kind === 'known' && /^(allow|deny)$/i.test(action.value)
        ? known(action.value.toLowerCase() as 'allow' | 'deny', action.at)
        : action.kind === 'known'
          ? unresolved(`"${action.value}" is not allow or deny`, action.at)
          : action,
    ...(isAbsent(cidr) ? {} : { cidr: strValue(cidr, spanOf(file, p('CidrBlock'), at)) }),
    ...portsOf(protocol, isObject(range) ? range.From : null, isObject(range) ? range.To : null, at),
  };
}

/** `AWS::EC2::DHCPOptions` and the VPCs `AWS::EC2::VPCDHCPOptionsAssociation` ties them to. */
function dhcpOptions(
  file: SourceFile,
  ev: Evaluator,
  resources: CfnResource[],
  net: NetworkIndex,
  out: NetworkModel,
): void {
  const sets = new Map<string, NetworkModel['dhcpOptions'][number]>();
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::DHCPOptions')) {
    const base = item(file, r);
    const node = get(r.properties, 'DomainNameServers');
    const v = ev.eval(node);
    const at = spanOf(file, node, base.at);
    let servers: Value<string[]> | undefined;
    if (!isAbsent(v)) {
      const list = isList(v) ? v.map((x) => strValue(x, at)) : [];
      const bad = list.find((x) => x.kind === 'unresolved');
      servers = !isList(v)
        ? unresolved(whyNotString(v), at)
        : (bad ??
          known(
            list.map((x) => (x.kind === 'known' ? x.value : '')),
            at,
          ));
    }
    const set = { ...base, vpcs: [] as string[], ...(servers ? { servers } : {}) };
    sets.set(r.logicalId, set);
    out.dhcpOptions.push(set);
  }
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::VPCDHCPOptionsAssociation')) {
    const set = sets.get(refId(ev.eval(get(r.properties, 'DhcpOptionsId'))) ?? '');
    const { vpc } = vpcOf(file, ev, net, r);
    if (set && vpc !== undefined) set.vpcs.push(vpc);
  }
}
