import type { Builder } from './builder';
import { scalarValue, type SourceFile } from '../sourceFile';
import type { NetworkModel } from '../types';
import { type LNode, get, getPath, isMap, isSeq, str, entry } from '../../parsers/tree';
import type { Value } from '../located';
import { parseRuleList } from '../../base/suppressions';
import { awsNodeFromKubernetes } from './awsNode';
import { instanceTypesFromKubernetes } from './kubernetesInstanceTypes';
import { loadBalancerFromKubernetes } from './kubernetesLoadBalancers';

/**
 * Kubernetes objects: ENIConfig custom resources, the aws-node DaemonSet (whole, or as a patch),
 * the places an instance type is named (node selectors, affinities, Karpenter requirements), and
 * the load balancers Services and Ingresses ask for.
 */
export const kubernetesBuilder: Builder = {
  name: 'kubernetes',
  document(file, doc, out) {
    const root = doc.root;
    if (!isMap(root) || !str(get(root, 'kind')) || !str(get(root, 'apiVersion'))) return false;
    if (str(get(root, 'kind')) === 'List' && isSeq(get(root, 'items'))) {
      let any = false;
      for (const item of (get(root, 'items') as { items: LNode[] }).items) any = buildObject(file, item, out) || any;
      return any;
    }
    // Only objects that feed the model make a file ours; a broken unrelated manifest stays quiet.
    return buildObject(file, root, out);
  },
};

function buildObject(file: SourceFile, obj: LNode, out: NetworkModel): boolean {
  if (!isMap(obj)) return false;
  addAnnotationSuppression(file, obj);
  const kind = str(get(obj, 'kind'));
  const apiVersion = str(get(obj, 'apiVersion')) ?? '';
  if (kind === 'ENIConfig' && apiVersion.startsWith('crd.k8s.amazonaws.com/')) {
    const nameNode = getPath(obj, ['metadata', 'name']);
    const name = str(nameNode) ?? '';
    const nameValue = nameNode ? scalarValue(file, nameNode) : undefined;
    const subnetNode = getPath(obj, ['spec', 'subnet']);
    const sgs = getPath(obj, ['spec', 'securityGroups']);
    out.eniConfigs.push({
      key: `${file.id}#eniconfig/${name}@${obj.span.start}`,
      name,
      at: { file: file.id, span: obj.span },
      source: 'kubernetes',
      subnet: scalarValue(file, subnetNode),
      securityGroups: isSeq(sgs)
        ? sgs.items.map((n) => scalarValue(file, n)).filter((v): v is Value<string> => !!v)
        : [],
      node: obj,
      ...(nameValue?.kind === 'unresolved' ? { nameUnknown: nameValue } : {}),
    });
    return true;
  }
  if (loadBalancerFromKubernetes(file, obj, out)) {
    // A Service or Ingress names no instance type and is no aws-node DaemonSet.
    return true;
  }
  const foundEnv = awsNodeFromKubernetes(file, obj, out);
  const foundTypes = instanceTypesFromKubernetes(file, obj, out);
  return foundEnv || foundTypes;
}

/**
 * `metadata.annotations["eksnet-disable"]: "rule-a, rule-b"` (or the `eksnet.io/disable` key)
 * silences those rules for the whole object; an empty value silences every rule.
 */
function addAnnotationSuppression(file: SourceFile, obj: LNode): void {
  const annotations = getPath(obj, ['metadata', 'annotations']);
  if (!isMap(annotations)) return;
  const e = entry(annotations, 'eksnet-disable') ?? entry(annotations, 'eksnet.io/disable');
  if (!e) return;
  file.suppressions.push({ span: obj.span, rules: parseRuleList(str(e.value) ?? '') });
}
