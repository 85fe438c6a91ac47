/**
 * The node security group of terraform-aws-modules/eks/aws and the groups its node groups' launch
 * templates name (dns-egress-blocked), from the module's source
 * (github.com/terraform-aws-modules/terraform-aws-eks, node_groups.tf and
 * modules/eks-managed-node-group/main.tf, read at v18.0.0, v18.31.2, v19.0.0, v20.37.2 and v21.19.0):
 * - `create_node_security_group` (default true) makes `aws_security_group.node` with the rules of
 *   `node_security_group_rules`, the recommended rules when `node_security_group_enable_recommended_rules`
 *   (v19+, default true) and `node_security_group_additional_rules`. Its only default egress is the
 *   recommended `egress_all` (all protocols to 0.0.0.0/0). v18 had no recommended rules: its default
 *   egress was TCP 443 and NTP (123) to 0.0.0.0/0 and TCP/UDP 53 to the node group itself (self).
 * - Each managed or self-managed node group's launch template (made by the module unless
 *   `create_launch_template` or, v19+, `use_custom_launch_template` is false) names
 *   `[node security group] + vpc_security_group_ids`, plus the cluster primary security group when
 *   `attach_cluster_primary_security_group` (default false), plus the node group's own security group
 *   (v18, v19 and v21; its egress rules default to none).
 * Versions before 18 (worker groups) are not read: their node groups get no entry.
 */
import type { FileSpan } from '../../base/span';
import type { NetworkModel, SecurityGroup, SgEgressRule } from '../types';
import { known, unresolved, type Value } from '../located';
import { type Env } from '../../evaluators/terraform/evaluate';
import type { Decl, TfModule } from '../../evaluators/terraform/module';
import { sortedEntries, type TfValue } from '../../evaluators/terraform/values';
import { vBool, vStr, vStrList } from './terraformValues';
import { groupRefs, portsOf, type ModuleSecurity } from './terraformSecurity';
import { DEFAULT_EGRESS_NOTE, normaliseProtocol } from '../dnsFacts';
import { moduleNodeGroups } from './terraformEksModule';
import { moduleInput, moduleMajorVersion } from './terraformModuleCall';

export function eksModuleSecurity(
  mod: TfModule,
  call: Decl,
  env: Env,
  sec: ModuleSecurity,
  keyOf: (a: string) => string,
  out: NetworkModel,
): void {
  const get = moduleInput(call, env);
  const create = get('create');
  if (create?.k === 'bool' && !create.v) return;
  const major = moduleMajorVersion(call, env);
  if (major !== undefined && major < 18) return;
  const at: FileSpan = { file: call.file, span: call.block.span };
  const prefix = `${mod.prefix}module.${call.name}.`;
  // The node security group: made by the module, or given by id.
  let nodeGroupSg: Value<string | undefined>;
  const createSg = vBool(get('create_node_security_group'), at) ?? known(true, at);
  if (createSg.kind !== 'known') nodeGroupSg = createSg;
  else if (createSg.value) {
    const sg: SecurityGroup = {
      key: keyOf(`${prefix}aws_security_group.node[0]`),
      name: `${prefix}aws_security_group.node[0]`,
      at,
      source: 'terraform',
      egress: nodeSgEgress(get, major, at, sec.external.get(`module.${call.name}.node_security_group_id`) ?? []),
      egressNote: `${DEFAULT_EGRESS_NOTE.terraform}; the module adds its default egress only with its recommended rules`,
    };
    if (sec.unknownRules) sg.egress = unresolved(sec.unknownRules, at);
    out.securityGroups.push(sg);
    nodeGroupSg = known(sg.key, at);
  } else {
    const given = get('node_security_group_id');
    const r = given ? groupRefs([given], sec.groups, keyOf, given.at ?? at) : known([], at);
    nodeGroupSg = r.kind === 'known' ? known(r.value[0], r.at) : r;
  }
  nodeGroups(get, major, prefix, nodeGroupSg, sec, keyOf, at, out);
}

/** The egress of the module's node security group: its default rules for the version, plus the additional ones. */
function nodeSgEgress(
  get: (n: string) => TfValue | undefined,
  major: number | undefined,
  at: FileSpan,
  external: SgEgressRule[],
): Value<SgEgressRule[]> {
  const rules: SgEgressRule[] = [];
  if (major === 18) {
    rules.push(rule('tcp', 443, at, ['0.0.0.0/0']), rule('tcp', 53, at, [], 'the group itself'));
    rules.push(rule('udp', 53, at, [], 'the group itself'));
  } else {
    const rec = vBool(get('node_security_group_enable_recommended_rules'), at) ?? known(true, at);
    if (rec.kind !== 'known') return rec;
    if (rec.value) rules.push({ at: rec.at, protocol: known('all', rec.at), cidrs: [known('0.0.0.0/0', rec.at)] });
  }
  const extra = get('node_security_group_additional_rules');
  if (extra && extra.k !== 'null') {
    if (extra.k !== 'map')
      return unresolved(extra.k === 'unknown' ? extra.why : 'the additional rules are not a map', extra.at ?? at);
    for (const [, r] of sortedEntries(extra)) {
      if (r.k !== 'map') return unresolved('an additional rule is not known', r.at ?? at);
      const g = (n: string) => r.entries.get(n);
      const where = r.at ?? at;
      const type = vStr(g('type'), where);
      if (type?.kind !== 'known') return unresolved("an additional rule's type is not known", where);
      if (type.value !== 'egress') continue;
      const written = vStr(g('protocol'), where) ?? unresolved('no protocol', where);
      const protocol = written.kind === 'known' ? known(normaliseProtocol(written.value), written.at) : written;
      const other: string[] = [];
      if (vStrList(g('prefix_list_ids'), where).length) other.push('a prefix list');
      if (g('source_security_group_id') || g('source_cluster_security_group')) other.push('a security group');
      const self = vBool(g('self'), where);
      if (self && (self.kind !== 'known' || self.value)) other.push('the group itself');
      rules.push({
        at: where,
        protocol,
        ...portsOf(protocol, g('from_port'), g('to_port'), where),
        cidrs: vStrList(g('cidr_blocks'), where),
        ...(other.length ? { otherDestination: other.join(', ') } : {}),
      });
    }
  }
  for (const r of external) rules.push(r);
  return known(rules, at);
}

function rule(protocol: string, port: number, at: FileSpan, cidrs: string[], other?: string): SgEgressRule {
  return {
    at,
    protocol: known(protocol, at),
    ports: known({ from: port, to: port }, at),
    cidrs: cidrs.map((c) => known(c, at)),
    ...(other ? { otherDestination: other } : {}),
  };
}

/** The groups each node group's nodes get, where the module's launch template names them. */
function nodeGroups(
  get: (n: string) => TfValue | undefined,
  major: number | undefined,
  prefix: string,
  nodeSg: Value<string | undefined>,
  sec: ModuleSecurity,
  keyOf: (a: string) => string,
  at: FileSpan,
  out: NetworkModel,
): void {
  for (const { managed, name, field, where, address } of moduleNodeGroups(get, major, prefix, at)) {
    const groupsOf = nodeGroupSgs(field, managed, nodeSg, sec, keyOf, where);
    if (groupsOf)
      out.nodeSecurityGroups.push({
        nodeGroup: keyOf(address),
        groups: groupsOf,
        at: where,
        via: `node group "${name}"`,
      });
  }
}

function nodeGroupSgs(
  field: (n: string) => TfValue | undefined,
  managed: boolean,
  nodeSg: Value<string | undefined>,
  sec: ModuleSecurity,
  keyOf: (a: string) => string,
  where: FileSpan,
): Value<string[]> | undefined {
  const flag = (n: string, dflt: boolean) => vBool(field(n), where) ?? known(dflt, where);
  // A managed node group without the module's launch template uses EKS's own: the cluster security group.
  for (const n of ['create_launch_template', 'use_custom_launch_template']) {
    const f = flag(n, true);
    if (f.kind !== 'known') return f;
    if (!f.value && managed)
      return field('launch_template_id') || field('launch_template_name')
        ? unresolved('the node group uses a launch template made outside the module', where)
        : undefined;
  }
  const attach = flag('attach_cluster_primary_security_group', false);
  if (attach.kind !== 'known') return attach;
  // The cluster primary security group has open egress (EKS creates it so): nothing can block.
  if (attach.value) return undefined;
  for (const n of ['network_interfaces', 'security_group_rules', 'security_group_egress_rules']) {
    const v = field(n);
    if (v && v.k !== 'null' && !(v.k === 'list' && !v.items.length) && !(v.k === 'map' && !v.entries.size))
      return unresolved(`eksnet does not read the node group's ${n}`, v.at ?? where);
  }
  if (nodeSg.kind !== 'known') return nodeSg;
  const keys = nodeSg.value !== undefined ? [nodeSg.value] : [];
  const extra = field('vpc_security_group_ids');
  if (extra && extra.k !== 'null') {
    const r = groupRefs([extra], sec.groups, keyOf, extra.at ?? where);
    if (r.kind !== 'known') return r;
    for (const k of r.value) keys.push(k);
  }
  // A launch template that names no group leaves the nodes in the cluster security group.
  return keys.length ? known(keys, where) : undefined;
}
