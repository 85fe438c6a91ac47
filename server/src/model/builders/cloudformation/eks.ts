import type { SourceFile } from '../../sourceFile';
import type { FileSpan } from '../../../base/span';
import { type LNode, isMap, isSeq, isScalar, get, getPath, str } from '../../../parsers/tree';
import { known, unresolved, type Value } from '../../located';
import type { Cluster, NetworkModel, NodeGroup } from '../../types';
import type { CfnResource } from '../../../evaluators/cloudformation/template';
import { fnCall } from '../../../evaluators/cloudformation/template';
import type { Evaluator } from '../../../evaluators/cloudformation/evaluate';
import { isList, whyNotString } from '../../../evaluators/cloudformation/values';
import { strValue, numValue, refId, isAbsent } from './convert';
import type { NetworkIndex } from './network';
import { editRef, keyOf, spanOf } from './resourceItem';
import { parseEmbeddedYaml } from '../../../parsers/embedded';
import { awsNodeFromConfigValues } from '../awsNodeValues';
import { addonClusterKey } from './addonCluster';
import { endpointAccess, publicIpOf } from './access';

/** EKS clusters, managed node groups and launch templates (instance types and `--max-pods`). */
export function buildEks(
  file: SourceFile,
  ev: Evaluator,
  resources: CfnResource[],
  net: NetworkIndex,
  out: NetworkModel,
): void {
  const subnetKeys = (n: LNode | undefined): string[] => {
    const v = ev.eval(n);
    if (!isList(v)) return [];
    return v
      .map((x) => refId(x))
      .filter((id): id is string => id !== undefined && net.subnets.has(id))
      .map((id) => keyOf(file, id));
  };
  const clusters = new Map<string, Cluster>();
  for (const r of resources.filter((x) => x.type === 'AWS::EKS::Cluster')) {
    const at = { file: file.id, span: r.entry.span };
    const nameAt = { file: file.id, span: r.entry.key.span };
    const subnets = subnetKeys(getPath(r.properties, ['ResourcesVpcConfig', 'SubnetIds']));
    const vpc = out.subnets.find((s) => s.key === subnets[0])?.vpc;
    const svc = getPath(r.properties, ['KubernetesNetworkConfig', 'ServiceIpv4Cidr']);
    const fam = getPath(r.properties, ['KubernetesNetworkConfig', 'IpFamily']);
    const c: Cluster = {
      key: keyOf(file, r.logicalId),
      name: r.logicalId,
      at,
      nameAt,
      source: 'cloudformation',
      subnets,
      ...(vpc ? { vpc } : {}),
      ...endpointAccess(file, ev, get(r.properties, 'ResourcesVpcConfig'), nameAt),
      editAt: editRef(file, r),
    };
    if (svc) c.serviceIpv4Cidr = strValue(ev.eval(svc), spanOf(file, svc, at));
    if (fam) {
      const f = ev.eval(fam);
      c.ipFamily =
        f === 'ipv4' || f === 'ipv6'
          ? known(f, spanOf(file, fam, at))
          : unresolved(whyNotString(f), spanOf(file, fam, at));
    }
    clusters.set(r.logicalId, c);
    out.clusters.push(c);
  }
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::LaunchTemplate')) {
    const it = getPath(r.properties, ['LaunchTemplateData', 'InstanceType']);
    if (it)
      out.instanceTypeRefs.push({
        value: strValue(ev.eval(it), spanOf(file, it, { file: file.id, span: r.entry.span })),
        context: 'launch-template',
      });
  }
  for (const r of resources.filter((x) => x.type === 'AWS::EKS::Nodegroup')) {
    const at = { file: file.id, span: r.entry.span };
    const key = keyOf(file, r.logicalId);
    const clusterId = refId(ev.eval(get(r.properties, 'ClusterName')));
    const types = get(r.properties, 'InstanceTypes');
    const instanceTypes: Value<string>[] = [];
    if (isSeq(types) && !fnCall(types)) {
      for (const n of types.items) {
        const v = ev.eval(n);
        if (!isAbsent(v)) instanceTypes.push(strValue(v, spanOf(file, n, at)));
      }
    } else if (types) {
      const v = ev.eval(types);
      if (isList(v)) for (const x of v) instanceTypes.push(strValue(x, spanOf(file, types, at)));
      else instanceTypes.push(unresolved(whyNotString(v), spanOf(file, types, at)));
    }
    const lt = launchTemplateOf(ev, r);
    const associatePublicIp = publicIpOf(file, ev, r, lt, at);
    const ltType = lt && getPath(lt.properties, ['LaunchTemplateData', 'InstanceType']);
    const scaling = (k: string) => {
      const n = getPath(r.properties, ['ScalingConfig', k]);
      return n ? numValue(ev.eval(n), spanOf(file, n, at)) : undefined;
    };
    const ng: NodeGroup = {
      key,
      name: r.logicalId,
      at,
      nameAt: { file: file.id, span: r.entry.key.span },
      source: 'cloudformation',
      managed: true,
      ...(clusterId && clusters.has(clusterId) ? { cluster: keyOf(file, clusterId) } : {}),
      instanceTypes:
        instanceTypes.length || !ltType ? instanceTypes : [strValue(ev.eval(ltType), spanOf(file, ltType, at))],
      subnets: subnetKeys(get(r.properties, 'Subnets')),
      availabilityZones: [],
      ...labelsOf(file, ev, get(r.properties, 'Labels'), at),
      ...(associatePublicIp ? { associatePublicIp } : {}),
    };
    for (const [k, f] of [
      ['DesiredSize', 'desiredSize'],
      ['MinSize', 'minSize'],
      ['MaxSize', 'maxSize'],
    ] as const) {
      const v = scaling(k);
      if (v) ng[f] = v;
    }
    const ud = lt && getPath(lt.properties, ['LaunchTemplateData', 'UserData']);
    const maxPods = ud ? maxPodsOf(ev, ud, { file: file.id, span: ud.span }) : undefined;
    if (maxPods) ng.maxPods = maxPods;
    // Kubelet labels passed in the launch template's user data are not parsed: a label may come from there.
    if (ud && /--node-labels\b/.test(file.text.slice(ud.span.start, ud.span.end)))
      ng.labelsIncomplete = 'the launch template user data sets --node-labels, which eksnet does not read';
    for (const v of instanceTypes) out.instanceTypeRefs.push({ value: v, context: 'node-group', nodeGroup: key });
    out.nodeGroups.push(ng);
  }
}

/**
 * `AWS::EKS::Addon` for vpc-cni: ConfigurationValues is a JSON (or YAML) string with the chart's
 * `env` / `init.env` shape. A literal string is parsed in place (exact spans for a plain or block
 * scalar, the whole string otherwise); one built by a function is not read. The configuration is
 * bound to the add-on's cluster when `ClusterName` names one of the template's clusters.
 */
export function buildAddons(file: SourceFile, ev: Evaluator, resources: CfnResource[], out: NetworkModel): void {
  for (const r of resources.filter((x) => x.type === 'AWS::EKS::Addon')) {
    if (ev.eval(get(r.properties, 'AddonName')) !== 'vpc-cni') continue;
    const values = get(r.properties, 'ConfigurationValues');
    if (!isScalar(values) || values.tag || typeof values.value !== 'string' || values.value.trim() === '') continue;
    const embedded = parseEmbeddedYaml(file.text, values);
    const doc = embedded?.parsed.documents.find((d) => d.root);
    if (!embedded || !doc?.root) continue;
    const cluster = addonClusterKey(file, ev, resources, get(r.properties, 'ClusterName'));
    for (const env of awsNodeFromConfigValues(file, doc.root, 'addon-config', !embedded.exact))
      out.awsNode.push(cluster === undefined ? env : { ...env, cluster });
  }
}

/** `Labels` of a node group (a map of strings); what cannot be evaluated makes the labels incomplete. */
function labelsOf(
  file: SourceFile,
  ev: Evaluator,
  node: LNode | undefined,
  at: FileSpan,
): Pick<NodeGroup, 'labels' | 'labelsIncomplete'> {
  const labels: Record<string, Value<string>> = {};
  if (!node) return { labels };
  if (!isMap(node) || fnCall(node)) {
    const v = ev.eval(node);
    return isAbsent(v) ? { labels } : { labels, labelsIncomplete: `the Labels map is not known (${whyNotString(v)})` };
  }
  for (const e of node.entries) {
    const v = ev.eval(e.value);
    if (!isAbsent(v)) labels[String(e.key.value)] = strValue(v, spanOf(file, e.value, at));
  }
  return { labels };
}

function launchTemplateOf(ev: Evaluator, ng: CfnResource): CfnResource | undefined {
  const spec = get(ng.properties, 'LaunchTemplate');
  const id = refId(ev.eval(get(spec, 'Id'))) ?? refId(ev.eval(get(spec, 'Name')));
  const r = id !== undefined ? ev.t.resources.get(id) : undefined;
  return r?.type === 'AWS::EC2::LaunchTemplate' ? r : undefined;
}

const MAX_PODS = /--max-pods[= ]+(\$\{[^}]*\}|\d+)|\bmaxPods:\s*(\$\{[^}]*\}|\d+)/;

/**
 * `--max-pods N` (kubelet flag, also inside `--kubelet-extra-args`) or nodeadm `maxPods: N` in
 * user data. The user data is evaluated when it can be (a `!Sub` of parameters with defaults);
 * otherwise the literal text of `Fn::Base64`/`Fn::Sub`/`Fn::Join` is searched, and a number that
 * comes from a substitution stays unresolved.
 */
export function maxPodsOf(ev: Evaluator, ud: LNode, at: FileSpan): Value<number> | undefined {
  let inner = ud;
  const b64 = fnCall(ud);
  if (b64?.name === 'Fn::Base64') inner = b64.arg;
  const v = ev.eval(inner);
  if (typeof v === 'string') {
    const m = MAX_PODS.exec(v);
    return m ? known(Number(m[1] ?? m[2]), at) : undefined;
  }
  const text = literalText(inner);
  const m = MAX_PODS.exec(text);
  if (!m) return undefined;
  const n = m[1] ?? m[2];
  return /^\d+$/.test(n)
    ? known(Number(n), at)
    : unresolved(`--max-pods comes from ${n}, known only at deployment`, at);
}

function literalText(n: LNode): string {
  const call = fnCall(n);
  if (!call) return isScalar(n) ? (str(n) ?? '') : '';
  if (call.name === 'Fn::Sub') return literalText(isSeq(call.arg) ? call.arg.items[0] : call.arg);
  if (call.name === 'Fn::Join' && isSeq(call.arg) && isSeq(call.arg.items[1])) {
    const d = str(call.arg.items[0]) ?? '';
    return call.arg.items[1].items.map((i) => (fnCall(i) ? '${}' : literalText(i))).join(d);
  }
  return '';
}
