import { attr } from '../../parsers/hclAst';
import type { FileSpan } from '../../base/span';
import type { AwsNodeEnv, Cluster, NetworkModel, NodeGroup } from '../types';
import type { Value } from '../located';
import type { Env } from '../../evaluators/terraform/evaluate';
import type { Decl, TfModule } from '../../evaluators/terraform/module';
import { sortedEntries, type TfValue } from '../../evaluators/terraform/values';
import { labelsOf, subnetRefs, vBool, vNum, vStr, vStrList } from './terraformValues';
import { known, unresolved } from '../located';
import { vpcCniEntryEnv } from './terraformAddon';
import { moduleInput, moduleMajorVersion } from './terraformModuleCall';

/**
 * terraform-aws-modules/eks/aws mapped into the model the way the module's own resources use its
 * inputs, across the major versions people use:
 * - v17 to v20 name the cluster inputs `cluster_*` (`cluster_service_ipv4_cidr`, `cluster_ip_family`,
 *   `cluster_addons`); v21 dropped the prefix (`service_ipv4_cidr`, `ip_family`, `addons`) and the
 *   `eks_managed_node_group_defaults` input (docs/UPGRADE-21.0.md, "Renamed variables"). Without a
 *   version constraint both spellings are read, the v21 one first.
 * - The control plane uses `control_plane_subnet_ids` when given, else `subnet_ids` (variables.tf).
 * - Each `eks_managed_node_groups` entry: `try(each.value.X, var.eks_managed_node_group_defaults.X,
 *   default)` with min_size 1, max_size 3, desired_size 1 and subnet_ids falling back to the
 *   module's `subnet_ids` (node_groups.tf, v18 to v20). `instance_types` has no module default: EKS
 *   picks one itself, so none is recorded. `self_managed_node_groups` entries are read the same way
 *   (an Auto Scaling group each); their module defaults changed across versions and are not recorded.
 * - `cluster_endpoint_private_access` / `cluster_endpoint_public_access` (`endpoint_*` in v21)
 *   default to true / false since v19 and to false / true before (docs/UPGRADE-19.0.md, "Modified").
 * Addresses follow the module's resources (`module.eks.aws_eks_cluster.this[0]`,
 * `module.eks.module.eks_managed_node_group["x"].aws_eks_node_group.this[0]`).
 */

/** The input names of one setting in the version used: the v21 name, the older one, or both. */
function names(major: number | undefined, v21: string, older: string): string[] {
  if (major === undefined) return [v21, older];
  return major >= 21 ? [v21] : [older];
}

export function eksModuleModel(
  mod: TfModule,
  call: Decl,
  env: Env,
  keyOf: (address: string) => string,
  out: NetworkModel,
): void {
  const body = call.block.body;
  const input = moduleInput(call, env);
  // The first of several names (a setting renamed between versions) that the call sets.
  const get = (...ns: string[]): TfValue | undefined => {
    for (const n of ns) {
      const v = input(n);
      if (v) return v;
    }
    return undefined;
  };
  const create = get('create');
  if (create?.k === 'bool' && !create.v) return;
  const major = moduleMajorVersion(call, env);
  const at: FileSpan = { file: call.file, span: call.block.span };
  const prefix = `${mod.prefix}module.${call.name}.`;
  const subnetIds = get('subnet_ids');
  const controlPlane = get('control_plane_subnet_ids');
  // coalescelist(var.control_plane_subnet_ids, var.subnet_ids): the first list that is not empty; a
  // list that is partly known has members, so it is not empty.
  const cpEmpty =
    !controlPlane || controlPlane.k === 'null' || (controlPlane.k === 'list' && !controlPlane.items.length);
  const cpSubnets = subnetRefs(cpEmpty ? subnetIds : controlPlane);
  const subnetKeys = cpSubnets.addresses.map(keyOf);
  const cluster: Cluster = {
    key: keyOf(`${prefix}aws_eks_cluster.this[0]`),
    name: `${prefix}aws_eks_cluster.this[0]`,
    at,
    source: 'terraform',
    // bounded spread: names() returns at most two argument names.
    serviceIpv4Cidr: vStr(get(...names(major, 'service_ipv4_cidr', 'cluster_service_ipv4_cidr')), at),
    // bounded spread: names() returns at most two argument names.
    ipFamily: vStr(get(...names(major, 'ip_family', 'cluster_ip_family')), at) as Value<'ipv4' | 'ipv6'> | undefined,
    subnets: subnetKeys,
    ...(cpSubnets.incomplete ? { subnetsIncomplete: cpSubnets.incomplete } : {}),
    vpc: out.subnets.find((s) => subnetKeys.includes(s.key))?.vpc,
  };
  // A version constraint below 19 keeps the older defaults; none at all installs the latest.
  const v19 = major === undefined || major >= 19;
  const privateNames = names(major, 'endpoint_private_access', 'cluster_endpoint_private_access');
  const privateName = privateNames.find((n) => attr(body, n)) ?? privateNames[0];
  // bounded spread: the input's names in the module's versions, two at most.
  cluster.endpointPrivateAccess = vBool(get(...privateNames), at) ?? known(v19, at);
  cluster.endpointPublicAccess =
    // bounded spread: as above.
    vBool(get(...names(major, 'endpoint_public_access', 'cluster_endpoint_public_access')), at) ?? known(!v19, at);
  cluster.endpointPrivateAccessName = privateName;
  cluster.editAt = {
    syntax: 'hcl',
    file: call.file,
    at: { ...call.block.span },
    inputs: { endpointPrivateAccess: privateName },
  };
  out.clusters.push(cluster);
  nodeGroups(get, major, prefix, cluster, subnetIds, at, keyOf, out);
  addons(mod, call, env, major, cluster.key, out);
}

/** A node group the eks module creates, with its fields as the module reads them. */
export interface ModuleNodeGroup {
  managed: boolean;
  name: string;
  /** The entry's field, else the kind's `*_defaults` input (before v21). */
  field: (n: string) => TfValue | undefined;
  where: FileSpan;
  /** The address of the group's resource inside the module. */
  address: string;
}

/**
 * The node groups the eks module creates: the entries of `eks_managed_node_groups` and
 * `self_managed_node_groups` whose `create` is not false, in name order. The one answer for every
 * builder that reads them (nodes, their security groups).
 */
export function* moduleNodeGroups(
  get: (n: string) => TfValue | undefined,
  major: number | undefined,
  prefix: string,
  at: FileSpan,
): Generator<ModuleNodeGroup> {
  for (const managed of [true, false]) {
    const kind = managed ? 'eks_managed_node_group' : 'self_managed_node_group';
    const groups = get(`${kind}s`);
    if (!groups || groups.k !== 'map') continue;
    const defaults = major === undefined || major < 21 ? get(`${kind}_defaults`) : undefined;
    const fromDefaults = (name: string) => (defaults?.k === 'map' ? defaults.entries.get(name) : undefined);
    for (const [name, g] of sortedEntries(groups)) {
      if (g.k !== 'map') continue;
      const field = (n: string) => g.entries.get(n) ?? fromDefaults(n);
      const create = field('create');
      if (create?.k === 'bool' && !create.v) continue;
      const resource = managed ? 'aws_eks_node_group' : 'aws_autoscaling_group';
      const address = `${prefix}module.${kind}[${JSON.stringify(name)}].${resource}.this[0]`;
      yield { managed, name, field, where: g.at ?? at, address };
    }
  }
}

/**
 * `eks_managed_node_groups` and `self_managed_node_groups`: each entry's fields, else the kind's
 * `*_defaults` input (before v21), else the module's; subnets fall back to the module's
 * `subnet_ids` for both kinds (node_groups.tf). Only the managed kind's sizes have module defaults
 * recorded; a self-managed group keeps what it writes.
 */
function nodeGroups(
  get: (...ns: string[]) => TfValue | undefined,
  major: number | undefined,
  prefix: string,
  cluster: Cluster,
  subnetIds: TfValue | undefined,
  at: FileSpan,
  keyOf: (a: string) => string,
  out: NetworkModel,
): void {
  for (const { managed, field, where, address } of moduleNodeGroups(get, major, prefix, at)) {
    const instanceTypes = managed
      ? vStrList(field('instance_types'), where)
      : [vStr(field('instance_type'), where)].filter((v) => v !== undefined);
    const size = (n: string, dflt: number): Value<number> | undefined =>
      vNum(field(n), where) ?? (managed ? { kind: 'known', value: dflt, at: where } : undefined);
    const own = field('subnet_ids');
    const ngSubnets = subnetRefs(own && own.k !== 'null' ? own : subnetIds);
    const ng: NodeGroup = {
      key: keyOf(address),
      name: address,
      at: where,
      source: 'terraform',
      cluster: cluster.key,
      managed,
      instanceTypes,
      minSize: size('min_size', 1),
      maxSize: size('max_size', 3),
      desiredSize: size(managed ? 'desired_size' : 'desired_capacity', 1),
      subnets: ngSubnets.addresses.map(keyOf),
      ...(ngSubnets.incomplete ? { subnetsIncomplete: ngSubnets.incomplete } : {}),
      availabilityZones: [],
      ...(managed ? labelsOf(field('labels')) : {}),
    };
    const publicIp = interfacesPublicIp(field('network_interfaces'), where);
    if (publicIp) ng.associatePublicIp = publicIp;
    out.nodeGroups.push(ng);
    for (const t of instanceTypes) out.instanceTypeRefs.push({ value: t, context: 'node-group', nodeGroup: ng.key });
  }
}

/**
 * associate_public_ip_address of a group's `network_interfaces`, which the module's launch template
 * takes as given: true when one interface sets it, undefined when none does, unresolved when the
 * list or a value is not known.
 */
function interfacesPublicIp(v: TfValue | undefined, at: FileSpan): Value<boolean> | undefined {
  if (!v || v.k === 'null') return undefined;
  if (v.k !== 'list') return unresolved("the node group's network_interfaces are not known", v.at ?? at);
  let result: Value<boolean> | undefined;
  for (const nic of v.items) {
    const b =
      nic.k === 'map'
        ? vBool(nic.entries.get('associate_public_ip_address'), at)
        : unresolved('a network interface is not known', nic.at ?? at);
    if (b?.kind === 'known' && b.value) return b;
    if (b && (b.kind === 'unresolved' || !result)) result = b;
  }
  return result;
}

/** The vpc-cni entry of `cluster_addons` (v20 and before) or `addons` (v21), bound to the module's cluster. */
function addons(
  mod: TfModule,
  call: Decl,
  env: Env,
  major: number | undefined,
  cluster: string,
  out: NetworkModel,
): void {
  const text = mod.files.find((f) => f.id === call.file)?.text;
  const push = (envs: AwsNodeEnv[]) => {
    for (const e of envs) out.awsNode.push({ ...e, cluster });
  };
  for (const n of names(major, 'addons', 'cluster_addons')) {
    const a = attr(call.block.body, n);
    if (!a) continue;
    push(vpcCniEntryEnv(call.file, text, a.expr, env) ?? []);
    return;
  }
}
