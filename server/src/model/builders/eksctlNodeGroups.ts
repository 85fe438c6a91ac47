import type { SourceFile } from '../sourceFile';
import type { NetworkModel, NodeGroup, Subnet } from '../types';
import type { FileSpan } from '../../base/span';
import { type LNode, get, getPath, isMap, isScalar, isSeq, str } from '../../parsers/tree';
import { known, textValue, unresolved, isKnown, type Value } from '../located';
import { pushAll } from '../../base/arrays';

/** eksctl's `DefaultNodeType`, used when a node group names no instance type and no selector. */
export const EKSCTL_DEFAULT_INSTANCE_TYPE = 'm5.large';

const MAX_PODS_FLAG = /--max-pods[= ]+["']?(\d+)/;

interface Context {
  clusterKey: string;
  subnets: Subnet[];
  base: string;
}

/** `nodeGroups` (self-managed) and `managedNodeGroups` of an eksctl ClusterConfig. */
export function eksctlNodeGroups(file: SourceFile, root: LNode, ctx: Context, out: NetworkModel): void {
  for (const [field, managed] of [
    ['nodeGroups', false],
    ['managedNodeGroups', true],
  ] as const) {
    const list = get(root, field);
    if (!isSeq(list)) continue;
    for (const item of list.items) if (isMap(item)) out.nodeGroups.push(nodeGroupOf(file, item, managed, ctx, out));
  }
}

function nodeGroupOf(file: SourceFile, ng: LNode, managed: boolean, ctx: Context, out: NetworkModel): NodeGroup {
  const at = (n: LNode): FileSpan => ({ file: file.id, span: n.span });
  const nameNode = get(ng, 'name');
  const name = str(nameNode) ?? '';
  const key = `${ctx.base}/${managed ? 'managedNodeGroup' : 'nodeGroup'}/${name}@${ng.span.start}`;
  const group: NodeGroup = {
    key,
    name,
    at: at(ng),
    source: 'eksctl',
    cluster: ctx.clusterKey,
    managed,
    instanceTypes: instanceTypesOf(file, ng, managed, nameNode ?? ng),
    subnets: [],
    availabilityZones: [],
    ...labelsOf(file, ng),
  };
  if (nameNode) group.nameAt = at(nameNode);
  // eksctl's own launch templates leave AssociatePublicIpAddress unset (pkg/cfn/builder/
  // network_interfaces.go), so the subnet decides; a launch template the user brings may set it.
  const lt = get(ng, 'launchTemplate');
  if (lt) group.associatePublicIp = unresolved('the node group uses its own launch template', at(lt));
  for (const v of group.instanceTypes) {
    // Only types written in the file are references; eksctl's default has no text to hover or fix
    // (it is placed at the node group's name, which no written type shares).
    const defaultAt = (nameNode ?? ng).span;
    if (isKnown(v) && (v.at.span.start !== defaultAt.start || v.at.span.end !== defaultAt.end))
      out.instanceTypeRefs.push({ value: v, context: 'node-group', nodeGroup: key });
  }
  const desired = num(file, get(ng, 'desiredCapacity'));
  const min = num(file, get(ng, 'minSize'));
  const max = num(file, get(ng, 'maxSize'));
  if (desired) group.desiredSize = desired;
  if (min) group.minSize = min;
  if (max) group.maxSize = max;
  const maxPods =
    maxPodsFlag(file, ng) ??
    num(file, get(ng, 'maxPodsPerNode')) ??
    num(file, getPath(ng, ['kubeletExtraConfig', 'maxPods']));
  if (maxPods) group.maxPods = maxPods;

  const azs = get(ng, 'availabilityZones');
  if (isSeq(azs)) for (const n of azs.items) if (str(n)) group.availabilityZones.push(textValue(str(n)!, at(n)));
  group.subnets = subnetsOf(ng, group.availabilityZones, ctx.subnets);
  return group;
}

function instanceTypesOf(file: SourceFile, ng: LNode, managed: boolean, defaultAt: LNode): Value<string>[] {
  const at = (n: LNode): FileSpan => ({ file: file.id, span: n.span });
  const out: Value<string>[] = [];
  const single = get(ng, 'instanceType');
  // `instanceType: mixed` is how eksctl shows a group whose types come from instancesDistribution.
  if (single && str(single) && str(single) !== 'mixed') out.push(textValue(str(single)!, at(single)));
  for (const list of [get(ng, 'instanceTypes'), getPath(ng, ['instancesDistribution', 'instanceTypes'])]) {
    if (isSeq(list)) for (const n of list.items) if (str(n)) out.push(textValue(str(n)!, at(n)));
  }
  if (out.length) return out;
  const selector = get(ng, 'instanceSelector');
  if (selector)
    return [unresolved("chosen by eksctl's instance selector when the node group is created", at(selector))];
  const lt = get(ng, 'launchTemplate');
  if (managed && lt) return [unresolved('set in the launch template', at(lt))];
  return [known(EKSCTL_DEFAULT_INSTANCE_TYPE, at(defaultAt))];
}

/**
 * Explicit `subnets` (keys of vpc.subnets or subnet ids) win; otherwise eksctl places the group in
 * the config's private subnets with privateNetworking, else in the public ones, limited to the
 * group's own availabilityZones when it lists some.
 */
function subnetsOf(ng: LNode, azs: Value<string>[], subnets: Subnet[]): string[] {
  const explicit = get(ng, 'subnets');
  if (isSeq(explicit)) {
    const keys: string[] = [];
    for (const n of explicit.items) {
      const v = str(n);
      const s =
        v === undefined
          ? undefined
          : subnets.find((x) => x.name === v || (isKnown(x.subnetId) && x.subnetId.value === v));
      if (s && !keys.includes(s.key)) keys.push(s.key);
    }
    return keys;
  }
  const wantPrivate = isTrue(get(ng, 'privateNetworking'));
  const zones = azs.filter(isKnown).map((z) => z.value);
  return (
    subnets
      // eksctl picks from its own `public` or `private` section, which is what declaredRole records.
      .filter((s) => isKnown(s.declaredRole) && s.declaredRole.value === (wantPrivate ? 'private' : 'public'))
      .filter((s) => zones.length === 0 || !isKnown(s.availabilityZone) || zones.includes(s.availabilityZone.value))
      .map((s) => s.key)
  );
}

const NODE_LABELS_FLAG = /--node-labels\b/;

/**
 * The group's `labels` (eksctl passes them to kubelet, or to EKS for managed groups). Labels can
 * also come from `--node-labels` in a bootstrap command, which is not parsed: such a group's labels
 * are incomplete, so a missing label proves nothing.
 */
function labelsOf(file: SourceFile, ng: LNode): Pick<NodeGroup, 'labels' | 'labelsIncomplete'> {
  const labels: Record<string, Value<string>> = {};
  let incomplete: string | undefined;
  const node = get(ng, 'labels');
  if (isMap(node)) {
    for (const e of node.entries) {
      const k = str(e.key);
      const v = str(e.value);
      if (k === undefined) incomplete = 'a label key is not a string';
      else
        labels[k] =
          v === undefined
            ? unresolved('the label value is not a string', { file: file.id, span: e.value.span })
            : textValue(v, { file: file.id, span: e.value.span });
    }
  } else if (node && !(isScalar(node) && node.value === null)) incomplete = 'labels is not a map';
  const pre = get(ng, 'preBootstrapCommands');
  const commands = [get(ng, 'overrideBootstrapCommand'), ...(isSeq(pre) ? pre.items : [])];
  if (commands.some((n) => NODE_LABELS_FLAG.test(str(n) ?? '')))
    incomplete = 'a bootstrap command sets --node-labels, which eksnet does not read';
  return { labels, ...(incomplete ? { labelsIncomplete: incomplete } : {}) };
}

function num(file: SourceFile, n: LNode | undefined): Value<number> | undefined {
  if (!isScalar(n)) return undefined;
  const v =
    typeof n.value === 'number'
      ? n.value
      : typeof n.value === 'string' && /^\d+$/.test(n.value.trim())
        ? Number(n.value)
        : undefined;
  return v === undefined || !Number.isFinite(v) ? undefined : known(v, { file: file.id, span: n.span });
}

/** `--max-pods=N` in a bootstrap command; the span is the number itself, found in the file text. */
function maxPodsFlag(file: SourceFile, ng: LNode): Value<number> | undefined {
  const nodes: LNode[] = [];
  const override = get(ng, 'overrideBootstrapCommand');
  if (override) nodes.push(override);
  const pre = get(ng, 'preBootstrapCommands');
  if (isSeq(pre)) pushAll(nodes, pre.items);
  let found: Value<number> | undefined;
  for (const n of nodes) {
    if (!isScalar(n)) continue;
    const raw = file.text.slice(n.span.start, n.span.end);
    const m = MAX_PODS_FLAG.exec(raw);
    if (m && m.index !== undefined) {
      const start = n.span.start + m.index + m[0].length - m[1].length;
      found = known(Number(m[1]), { file: file.id, span: { start, end: start + m[1].length } });
    } else if (str(n) && MAX_PODS_FLAG.test(str(n)!)) {
      // Escapes in a quoted scalar move the digits; point at the whole command instead.
      found = known(Number(MAX_PODS_FLAG.exec(str(n)!)![1]), { file: file.id, span: n.span });
    }
  }
  return found;
}

/** A YAML boolean true, or the string "true" (eksctl reads both into its bool fields). */
export function isTrue(n: LNode | undefined): boolean {
  return isScalar(n) && (n.value === true || (typeof n.value === 'string' && n.value.toLowerCase() === 'true'));
}
