import type { SourceFile } from '../../engine/sourceFile';
import type { NetworkModel, AwsNodeEnv, EnvVar, AwsNodeSourceKind } from '../types';
import { type LNode, type LSeq, get, getPath, isMap, isSeq, isScalar, str } from '../../parsers/tree';
import { known, unresolved } from '../located';

const CONTAINERS = new Set(['aws-node', 'aws-vpc-cni-init']);

/**
 * The aws-node DaemonSet, whole or as a strategic-merge patch: the env lists of its aws-node and
 * aws-vpc-cni-init containers. A manifest counts as complete (absent variables then take the CNI's
 * code defaults) when it has the container image, not just the env being patched.
 */
export function awsNodeFromKubernetes(file: SourceFile, obj: LNode, out: NetworkModel): boolean {
  if (str(get(obj, 'kind')) !== 'DaemonSet') return false;
  const name = str(getPath(obj, ['metadata', 'name']));
  const podSpec = getPath(obj, ['spec', 'template', 'spec']);
  let found = false;
  for (const field of ['containers', 'initContainers'] as const) {
    const list = get(podSpec, field);
    if (!isSeq(list)) continue;
    for (const c of list.items) {
      const cname = str(get(c, 'name'));
      if (!cname || !CONTAINERS.has(cname) || (name !== 'aws-node' && cname !== 'aws-node')) continue;
      const complete = !!str(get(c, 'image'));
      const source: AwsNodeSourceKind = complete ? 'daemonset' : 'patch';
      const env = get(c, 'env');
      out.awsNode.push({
        key: `${file.id}#${cname}@${c.span.start}`,
        file: file.id,
        at: { file: file.id, span: c.span },
        source,
        container: cname as AwsNodeEnv['container'],
        complete,
        vars: isSeq(env) ? envList(file, env) : [],
      });
      found = true;
    }
  }
  return found;
}

/** Reads a Kubernetes env list: `- name: X` with `value` or `valueFrom`. */
export function envList(file: SourceFile, env: LSeq): EnvVar[] {
  const vars: EnvVar[] = [];
  for (const item of env.items) {
    if (!isMap(item)) continue;
    const nameNode = get(item, 'name');
    const name = str(nameNode);
    if (!name || !nameNode) continue;
    const valueNode = get(item, 'value');
    const valueFrom = get(item, 'valueFrom');
    const v: EnvVar = { name, nameAt: { file: file.id, span: nameNode.span }, entryAt: { file: file.id, span: item.span } };
    if (isScalar(valueNode)) {
      v.valueNode = valueNode;
      v.value = known(valueNode.value === null ? '' : str(valueNode) ?? '', { file: file.id, span: valueNode.span });
    } else if (valueFrom) {
      v.valueFrom = true;
      v.value = unresolved('set from valueFrom at run time', { file: file.id, span: valueFrom.span });
    }
    vars.push(v);
  }
  return vars;
}
