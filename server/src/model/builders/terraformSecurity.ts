/**
 * Security groups, the groups of node groups' launch templates, network ACLs and DHCP options of one
 * evaluated Terraform module (dns-egress-blocked). Everything is read within the module: a rule or an
 * association eksnet cannot tie to a declared group or ACL makes every group or ACL of the module
 * unresolved, because it may add to any of them.
 */
import type { FileSpan } from '../../base/span';
import type { AclEntry, NetworkAcl, NetworkModel, SecurityGroup, SgEgressRule } from '../types';
import { known, unresolved, type Value } from '../located';
import type { Instance, TfModule } from '../../evaluators/terraform/module';
import { asString, type TfValue } from '../../evaluators/terraform/values';
import {
  instanceAt,
  instanceGet,
  refs,
  resourceInstances,
  subnetRefs,
  vBool,
  vNum,
  vStr,
  vStrList,
  type Get,
} from './terraformValues';
import { DEFAULT_EGRESS_NOTE, normaliseProtocol } from '../dnsFacts';
import { attr, type Expr } from '../../parsers/hclAst';

/** What the security part of a module leaves for the eks module's mapping: groups and rules by address. */
export interface ModuleSecurity {
  groups: Map<string, SecurityGroup>;
  /** Egress rules whose group is a module call's output (`module.eks.node_security_group_id`), by that reference. */
  external: Map<string, SgEgressRule[]>;
  /** Set when some rule may belong to any group (its group or its count is not known). */
  unknownRules?: string;
}

export function securityFromModule(mod: TfModule, keyOf: (a: string) => string, out: NetworkModel): ModuleSecurity {
  const byType = (type: string): Instance[] => resourceInstances(mod, type);
  const unexpanded = (type: string): string | undefined =>
    [...mod.decls.values()]
      .filter((d) => d.kind === 'resource' && d.type === type && mod.instances(`${d.type}.${d.name}`) === undefined)
      .map((d) => `the instances of ${mod.prefix}${d.type}.${d.name} are not known (count or for_each)`)[0];
  const sec = securityGroups(byType, unexpanded, keyOf, out);
  launchTemplateGroups(byType, sec, keyOf, out);
  networkAcls(byType, unexpanded, keyOf, out);
  dhcpOptions(byType, keyOf, out);
  return sec;
}

/** An egress rule from an inline block or an aws_security_group_rule. */
function ruleOf(g: Get, at: FileSpan, inline: boolean): SgEgressRule {
  const written = vStr(g('protocol'), at) ?? unresolved('no protocol', at);
  const protocol = written.kind === 'known' ? known(normaliseProtocol(written.value), written.at) : written;
  const other: string[] = [];
  if (vStrList(g('prefix_list_ids'), at).length) other.push('a prefix list');
  if (vStrList(g(inline ? 'security_groups' : 'source_security_group_id'), at).length) other.push('a security group');
  const self = vBool(g('self'), at);
  if (self && (self.kind !== 'known' || self.value)) other.push('the group itself');
  return {
    at,
    protocol,
    ...portsOf(protocol, g('from_port'), g('to_port'), at),
    cidrs: vStrList(g('cidr_blocks'), at),
    ...(other.length ? { otherDestination: other.join(', ') } : {}),
  };
}

/** An aws_vpc_security_group_egress_rule. */
function vpcRuleOf(g: Get, at: FileSpan): SgEgressRule {
  const written = vStr(g('ip_protocol'), at) ?? unresolved('no ip_protocol', at);
  const protocol = written.kind === 'known' ? known(normaliseProtocol(written.value), written.at) : written;
  const cidr = vStr(g('cidr_ipv4'), at);
  const other = g('prefix_list_id')
    ? 'a prefix list'
    : g('referenced_security_group_id')
      ? 'a security group'
      : undefined;
  return {
    at,
    protocol,
    ...portsOf(protocol, g('from_port'), g('to_port'), at),
    cidrs: cidr ? [cidr] : [],
    ...(other ? { otherDestination: other } : {}),
  };
}

/** The port range of a TCP or UDP rule; none for protocol all (which ignores the ports). */
export function portsOf(
  protocol: Value<string>,
  fromV: TfValue | undefined,
  toV: TfValue | undefined,
  at: FileSpan,
): { ports?: SgEgressRule['ports'] } {
  if (protocol.kind === 'known' && protocol.value === 'all') return {};
  const from = vNum(fromV, at);
  const to = vNum(toV, at);
  if (from?.kind === 'known' && to?.kind === 'known')
    return { ports: known({ from: from.value, to: to.value }, from.at) };
  const bad = [from, to].find((v) => v?.kind === 'unresolved');
  return { ports: bad ?? unresolved('the port range is not given', at) };
}

function securityGroups(
  byType: (t: string) => Instance[],
  unexpanded: (t: string) => string | undefined,
  keyOf: (a: string) => string,
  out: NetworkModel,
): ModuleSecurity {
  const groups = new Map<string, SecurityGroup>();
  for (const i of byType('aws_security_group')) {
    const at = instanceAt(i);
    const eg = i.value.entries.get('egress');
    let egress: Value<SgEgressRule[]>;
    if (!eg || eg.k === 'null') egress = known([], at);
    else if (eg.k === 'unknown') egress = unresolved(eg.why, eg.at ?? at);
    else if (eg.k !== 'list') egress = unresolved(`a ${eg.k} where egress rules are expected`, at);
    else if (eg.items.some((x) => x.k !== 'map')) egress = unresolved('an egress rule is not known', eg.at ?? at);
    else
      egress = known(
        eg.items.map((x) => ruleOf((n) => (x as Extract<TfValue, { k: 'map' }>).entries.get(n), x.at ?? at, true)),
        at,
      );
    const vpc = refs(instanceGet(i)('vpc_id'))[0];
    const group: SecurityGroup = {
      key: keyOf(i.address),
      name: i.address,
      at,
      source: 'terraform',
      ...(vpc ? { vpc: keyOf(vpc) } : {}),
      egress,
      egressNote: DEFAULT_EGRESS_NOTE.terraform,
    };
    groups.set(i.address, group);
    out.securityGroups.push(group);
  }
  const sec: ModuleSecurity = { groups, external: new Map() };
  sec.unknownRules = unexpanded('aws_security_group_rule') ?? unexpanded('aws_vpc_security_group_egress_rule');
  const add = (i: Instance, rule: SgEgressRule | string) => {
    const target = instanceGet(i)('security_group_id');
    const ref = refs(target)[0];
    const group = ref !== undefined ? groups.get(ref) : undefined;
    // A group a module call outputs (`module.eks.node_security_group_id`) is that module's to map.
    const output = moduleOutput(attr(i.decl.block.body, 'security_group_id')?.expr);
    if (group) {
      if (typeof rule === 'string') group.egress = unresolved(rule, group.egress.at);
      else if (group.egress.kind === 'known') group.egress.value.push(rule);
    } else if (output) {
      const list = sec.external.get(output) ?? [];
      list.push(
        typeof rule === 'string' ? { at: instanceAt(i), protocol: unresolved(rule, instanceAt(i)), cidrs: [] } : rule,
      );
      sec.external.set(output, list);
    } else if (target?.k === 'unknown' && !ref)
      sec.unknownRules ??= `the group of ${i.address} is not known (${target.why})`;
  };
  for (const i of byType('aws_security_group_rule')) {
    const g = instanceGet(i);
    const type = asString(g('type') ?? { k: 'null' });
    if (type === 'ingress') continue;
    add(i, type === 'egress' ? ruleOf(g, instanceAt(i), false) : `${i.address}'s type is not known`);
  }
  for (const i of byType('aws_vpc_security_group_egress_rule')) add(i, vpcRuleOf(instanceGet(i), instanceAt(i)));
  if (sec.unknownRules) for (const g of groups.values()) g.egress = unresolved(sec.unknownRules, g.egress.at);
  return sec;
}

/**
 * aws_eks_node_group with a launch template of this module that names security groups
 * (`vpc_security_group_ids`, or `security_groups` of its network interfaces): EKS then gives the
 * nodes those groups and not the cluster security group. A template that names none, or no template,
 * leaves the nodes in the cluster security group (open egress): no entry.
 */
function launchTemplateGroups(
  byType: (t: string) => Instance[],
  sec: ModuleSecurity,
  keyOf: (a: string) => string,
  out: NetworkModel,
): void {
  const templates = new Map(byType('aws_launch_template').map((t) => [t.address, t]));
  for (const i of byType('aws_eks_node_group')) {
    const ltRaw = i.value.entries.get('launch_template');
    if (!ltRaw || ltRaw.k === 'null') continue;
    const nodeGroup = keyOf(i.address);
    const lt = ltRaw.k === 'list' && ltRaw.items[0]?.k === 'map' ? ltRaw.items[0] : undefined;
    const ref = lt ? [...refs(lt.entries.get('id')), ...refs(lt.entries.get('name'))][0] : undefined;
    const template = ref !== undefined ? templates.get(ref) : undefined;
    if (!template) {
      const at = instanceAt(i);
      out.nodeSecurityGroups.push({
        nodeGroup,
        groups: unresolved('the launch template is not declared in this module', at),
        at,
        via: `the launch template of ${i.address}`,
      });
      continue;
    }
    const lists: TfValue[] = [];
    const direct = instanceGet(template)('vpc_security_group_ids');
    if (direct && direct.k !== 'null') lists.push(direct);
    const nics = instanceGet(template)('network_interfaces');
    if (nics?.k === 'list')
      for (const n of nics.items) {
        const sgs = n.k === 'map' ? n.entries.get('security_groups') : n;
        if (sgs && sgs.k !== 'null') lists.push(sgs);
      }
    else if (nics?.k === 'unknown') lists.push(nics);
    if (!lists.length) continue;
    const at = lists[0].at ?? instanceAt(template);
    out.nodeSecurityGroups.push({
      nodeGroup,
      groups: groupRefs(lists, sec.groups, keyOf, at),
      at,
      via: `launch template ${template.address}`,
    });
  }
}

/** aws_network_acl, aws_default_network_acl (their `subnet_ids`), aws_network_acl_rule and _association. */
function networkAcls(
  byType: (t: string) => Instance[],
  unexpanded: (t: string) => string | undefined,
  keyOf: (a: string) => string,
  out: NetworkModel,
): void {
  const acls = new Map<string, NetworkAcl>();
  for (const type of ['aws_network_acl', 'aws_default_network_acl'])
    for (const i of byType(type)) {
      const at = instanceAt(i);
      const entries: AclEntry[] = [];
      let why: string | undefined;
      for (const dir of ['egress', 'ingress']) {
        const v = i.value.entries.get(dir);
        if (!v || v.k === 'null') continue;
        if (v.k !== 'list') why ??= v.k === 'unknown' ? v.why : `a ${v.k} where ${dir} rules are expected`;
        else
          for (const x of v.items)
            if (x.k === 'map')
              entries.push(aclEntry((n) => x.entries.get(n), x.at ?? at, dir === 'egress', inlineNames));
            else why ??= `an ${dir} rule is not known`;
      }
      const vpc = refs(instanceGet(i)('vpc_id'))[0];
      const acl: NetworkAcl = {
        key: keyOf(i.address),
        name: i.address,
        at,
        source: 'terraform',
        ...(vpc ? { vpc: keyOf(vpc) } : {}),
        subnets: subnetRefs(instanceGet(i)('subnet_ids')).addresses.map(keyOf),
        entries: why ? unresolved(why, at) : known(entries, at),
      };
      acls.set(i.address, acl);
      out.networkAcls.push(acl);
    }
  let unknownRules = unexpanded('aws_network_acl_rule');
  for (const i of byType('aws_network_acl_rule')) {
    const target = instanceGet(i)('network_acl_id');
    const acl = acls.get(refs(target)[0] ?? '');
    if (acl?.entries.kind === 'known') {
      const g = instanceGet(i);
      const egress = vBool(g('egress'), instanceAt(i)) ?? known(false, instanceAt(i));
      if (egress.kind !== 'known') acl.entries = unresolved(egress.why, acl.at);
      else acl.entries.value.push(aclEntry(g, instanceAt(i), egress.value, ruleNames));
    } else if (!acl && target?.k === 'unknown' && !target.ref)
      unknownRules ??= `the network ACL of ${i.address} is not known (${target.why})`;
  }
  if (unknownRules) for (const a of acls.values()) a.entries = unresolved(unknownRules, a.at);
  for (const i of byType('aws_network_acl_association')) {
    const acl = acls.get(refs(instanceGet(i)('network_acl_id'))[0] ?? '');
    const subnet = refs(instanceGet(i)('subnet_id'))[0];
    if (acl && subnet) acl.subnets.push(keyOf(subnet));
  }
}

const inlineNames = { number: 'rule_no', action: 'action' };
const ruleNames = { number: 'rule_number', action: 'rule_action' };

function aclEntry(g: Get, at: FileSpan, egress: boolean, names: { number: string; action: string }): AclEntry {
  const written = vStr(g('protocol'), at) ?? unresolved('no protocol', at);
  const protocol = written.kind === 'known' ? known(normaliseProtocol(written.value), written.at) : written;
  const action = vStr(g(names.action), at) ?? unresolved(`no ${names.action}`, at);
  const cidr = vStr(g('cidr_block'), at);
  return {
    at,
    egress,
    ruleNumber: vNum(g(names.number), at) ?? unresolved(`no ${names.number}`, at),
    protocol,
    action:
      action.kind === 'known' && /^(allow|deny)$/i.test(action.value)
        ? known(action.value.toLowerCase() as 'allow' | 'deny', action.at)
        : action.kind === 'known'
          ? unresolved(`"${action.value}" is not allow or deny`, action.at)
          : action,
    ...(cidr ? { cidr } : {}),
    ...portsOf(protocol, g('from_port'), g('to_port'), at),
  };
}

/** aws_vpc_dhcp_options and the VPCs aws_vpc_dhcp_options_association ties them to. */
function dhcpOptions(byType: (t: string) => Instance[], keyOf: (a: string) => string, out: NetworkModel): void {
  const sets = new Map<string, NetworkModel['dhcpOptions'][number]>();
  for (const i of byType('aws_vpc_dhcp_options')) {
    const at = instanceAt(i);
    const v = instanceGet(i)('domain_name_servers');
    const list = vStrList(v, at);
    const bad = list.find((x) => x.kind === 'unresolved');
    const set = {
      key: keyOf(i.address),
      name: i.address,
      at,
      source: 'terraform' as const,
      vpcs: [] as string[],
      ...(v && v.k !== 'null'
        ? {
            servers:
              bad ??
              known(
                list.map((x) => (x.kind === 'known' ? x.value : '')),
                v.at ?? at,
              ),
          }
        : {}),
    };
    sets.set(i.address, set);
    out.dhcpOptions.push(set);
  }
  for (const i of byType('aws_vpc_dhcp_options_association')) {
    const set = sets.get(refs(instanceGet(i)('dhcp_options_id'))[0] ?? '');
    const vpc = refs(instanceGet(i)('vpc_id'))[0];
    if (set && vpc) set.vpcs.push(keyOf(vpc));
  }
}

/**
 * Security group ids in lists (`vpc_security_group_ids`, interface `security_groups`) as keys of the
 * module's groups; unresolved when one is not a reference to a group declared in the module.
 */
export function groupRefs(
  lists: readonly TfValue[],
  groups: ReadonlyMap<string, SecurityGroup>,
  keyOf: (a: string) => string,
  at: FileSpan,
): Value<string[]> {
  const keys: string[] = [];
  const walk = (v: TfValue): string | undefined => {
    if (v.k === 'null') return undefined;
    if (v.k === 'list') {
      for (const x of v.items) {
        const why = walk(x);
        if (why) return why;
      }
      return undefined;
    }
    if (v.k === 'unknown' && v.ref && !v.partial && groups.has(v.ref)) {
      keys.push(keyOf(v.ref));
      return undefined;
    }
    if (v.k === 'unknown') return v.ref ? `${v.ref} is not a security group declared here` : v.why;
    if (v.k === 'string') return `the security group ${JSON.stringify(v.v)} is not declared in this configuration`;
    return `a ${v.k} where security group ids are expected`;
  };
  for (const l of lists) {
    const why = walk(l);
    if (why) return unresolved(why, l.at ?? at);
  }
  return known([...new Set(keys)], at);
}

/** `module.<call>.<output>` written as such, as that text; undefined for any other expression. */
function moduleOutput(e: Expr | undefined): string | undefined {
  if (e?.t !== 'attr' || e.obj.t !== 'attr' || e.obj.obj.t !== 'var' || e.obj.obj.name !== 'module') return undefined;
  return `module.${e.obj.name}.${e.name}`;
}
