import type { SourceFile } from '../sourceFile';
import type { NetworkModel, AwsNodeEnv, EnvVar, AwsNodeSourceKind } from '../types';
import { type LNode, type LSeq, get, getPath, isMap, isSeq, isScalar, str } from '../../parsers/tree';
import { known, textValue, unresolved } from '../located';
import { scalarFacts } from './awsNodeValues';

const CONTAINERS = new Set(['aws-node', 'aws-vpc-cni-init']);

/**
 * The aws-node DaemonSet, whole or as a strategic-merge patch: the env lists of its aws-node and
 * aws-vpc-cni-init containers. `approximate` marks trees whose spans only point at an enclosing
 * inline patch (see parsers/embedded.ts).
 */
export function awsNodeFromKubernetes(file: SourceFile, obj: LNode, out: NetworkModel, approximate = false): boolean {
  if (str(get(obj, 'kind')) !== 'DaemonSet') return false;
  const name = str(getPath(obj, ['metadata', 'name']));
  const podSpec = getPath(obj, ['spec', 'template', 'spec']);
  const complete = isCompleteDaemonSet(obj);
  const workload = `${file.id}#daemonset/${name ?? ''}@${obj.span.start}`;
  let found = false;
  for (const field of ['containers', 'initContainers'] as const) {
    const list = get(podSpec, field);
    if (!isSeq(list)) continue;
    for (const c of list.items) {
      const cname = str(get(c, 'name'));
      // Containers named aws-node in other DaemonSets are someone else's; only the aws-node
      // DaemonSet (or an unnamed patch of it) is read.
      if (!cname || !CONTAINERS.has(cname) || (name !== undefined && name !== 'aws-node')) continue;
      const source: AwsNodeSourceKind = complete ? 'daemonset' : 'patch';
      const env = get(c, 'env');
      out.awsNode.push({
        key: `${file.id}#${cname}@${c.span.start}`,
        file: file.id,
        at: { file: file.id, span: c.span },
        source,
        container: cname as AwsNodeEnv['container'],
        complete,
        vars: isSeq(env) ? envList(file, env, approximate) : [],
        ...(isSeq(env) && !approximate ? { edit: { file: file.id, node: env } } : {}),
        workload,
      });
      found = true;
    }
  }
  return found;
}

/**
 * A complete manifest (where absent variables take the CNI's code defaults) has what the API
 * server requires of a new DaemonSet: a selector and pod template labels, and an image on the
 * aws-node container. A strategic-merge patch that bumps the image still lacks the selector, so
 * it is not mistaken for a whole manifest.
 */
export function isCompleteDaemonSet(obj: LNode): boolean {
  if (!isMap(getPath(obj, ['spec', 'selector'])) || !isMap(getPath(obj, ['spec', 'template', 'metadata', 'labels'])))
    return false;
  const containers = getPath(obj, ['spec', 'template', 'spec', 'containers']);
  return (
    isSeq(containers) && containers.items.some((c) => str(get(c, 'name')) === 'aws-node' && !!str(get(c, 'image')))
  );
}

/** Reads a Kubernetes env list: `- name: X` with `value` or `valueFrom`. */
export function envList(file: SourceFile, env: LSeq, approximate = false): EnvVar[] {
  const vars: EnvVar[] = [];
  for (const item of env.items) {
    if (!isMap(item)) continue;
    const v = envEntry(file, item, approximate);
    if (v) vars.push(v);
  }
  return vars;
}

/** One `{name, value}` or `{name, valueFrom}` object, as in an env list or a JSON patch value. */
export function envEntry(file: SourceFile, item: LNode, approximate = false): EnvVar | undefined {
  const nameNode = get(item, 'name');
  const name = str(nameNode);
  if (!name || !nameNode) return undefined;
  const valueNode = get(item, 'value');
  const valueFrom = get(item, 'valueFrom');
  const v: EnvVar = {
    name,
    nameAt: { file: file.id, span: nameNode.span },
    entryAt: { file: file.id, span: item.span },
  };
  if (approximate) v.approximate = true;
  if (isScalar(valueNode)) {
    scalarFacts(file, v, nameNode, valueNode, 'quote');
    v.value = textValue(valueNode.value === null ? '' : (str(valueNode) ?? ''), {
      file: file.id,
      span: valueNode.span,
    });
  } else if (valueFrom) {
    if (!approximate) v.edit = { name: { at: v.nameAt, value: name } };
    v.valueFrom = true;
    v.value = unresolved('set from valueFrom at run time', { file: file.id, span: valueFrom.span });
  } else if (valueNode) {
    if (!approximate) v.edit = { name: { at: v.nameAt, value: name } };
    v.value = unresolved('not a scalar value', { file: file.id, span: valueNode.span });
  } else {
    if (!approximate) v.edit = { name: { at: v.nameAt, value: name } };
    // `- name: X` alone sets X to the empty string.
    v.value = known('', { file: file.id, span: nameNode.span });
  }
  return v;
}
