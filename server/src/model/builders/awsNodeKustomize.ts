import type { Builder } from './builder';
import type { SourceFile } from '../sourceFile';
import type { NetworkModel, AwsNodeEnv, EnvVar } from '../types';
import { type LNode, get, isMap, isSeq, isScalar, str } from '../../parsers/tree';
import { parseEmbeddedYaml } from '../../parsers/embedded';
import { awsNodeFromKubernetes, envEntry, envList } from './awsNode';
import { isCniVar } from '../../catalog/envCatalog';

/** `/spec/template/spec/containers/0/env/-` and friends: which container, and what follows `env`. */
const ENV_PATH = /^\/spec\/template\/spec\/(containers|initContainers)\/(\d+)\/env(?:\/(-|\d+))?$/;

/**
 * Kustomize patches of aws-node: a kustomization's `patches` / `patchesJson6902` /
 * `patchesStrategicMerge` with inline patch text, and standalone JSON 6902 patch files (a YAML list
 * of `{op, path, value}`). Inline text is parsed on its own and its spans are moved into the file
 * (parsers/embedded.ts); where that mapping cannot be exact the variables are marked approximate.
 * Only what is statically clear is read: `add`/`replace` of whole env entries or lists of the
 * shipped manifest's container positions (containers/0 is aws-node, initContainers/0 is
 * aws-vpc-cni-init). `replace .../env/3/value` names no variable and is skipped.
 */
export const awsNodeKustomizeBuilder: Builder = {
  name: 'aws-node-kustomize',
  document(file, doc, out) {
    const root = doc.root;
    if (isSeq(root)) return jsonPatch(file, root, root, out, false, true);
    if (!isMap(root)) return false;
    const kind = str(get(root, 'kind'));
    if (kind !== undefined && kind !== 'Kustomization') return false;
    let found = false;
    for (const field of ['patches', 'patchesJson6902', 'patchesStrategicMerge']) {
      const list = get(root, field);
      if (!isSeq(list)) continue;
      for (const item of list.items) found = inlinePatch(file, item, out) || found;
    }
    return found;
  },
};

function inlinePatch(file: SourceFile, item: LNode, out: NetworkModel): boolean {
  // patchesStrategicMerge items are strings: a file path, or (multi-line) the patch itself.
  const text = isScalar(item) ? item : get(item, 'patch');
  if (!isScalar(text) || typeof text.value !== 'string' || !text.value.includes('\n')) return false;
  const target = isMap(item) ? get(item, 'target') : undefined;
  const embedded = parseEmbeddedYaml(file.text, text);
  if (!embedded) return false;
  let found = false;
  for (const doc of embedded.parsed.documents) {
    if (isSeq(doc.root)) {
      if (targetsAwsNode(target)) found = jsonPatch(file, doc.root, item, out, !embedded.exact, false) || found;
    } else if (doc.root) {
      found = awsNodeFromKubernetes(file, doc.root, out, !embedded.exact) || found;
    }
  }
  return found;
}

/** A JSON 6902 patch applies only to its target; aws-node by name, or by its `k8s-app` label. */
function targetsAwsNode(target: LNode | undefined): boolean {
  if (!isMap(target)) return false;
  const kind = str(get(target, 'kind'));
  if (kind !== undefined && kind !== 'DaemonSet') return false;
  const name = str(get(target, 'name'));
  if (name !== undefined) return name === 'aws-node';
  return /\baws-node\b/.test(str(get(target, 'labelSelector')) ?? '');
}

/**
 * Reads the env operations of a JSON 6902 patch. A standalone file carries no target, so it counts
 * only when it names at least one CNI variable (`requireCniVar`), which keeps env patches of other
 * workloads out.
 */
function jsonPatch(
  file: SourceFile,
  ops: LNode,
  at: LNode,
  out: NetworkModel,
  approximate: boolean,
  requireCniVar: boolean,
): boolean {
  if (!isSeq(ops)) return false;
  const byContainer = new Map<AwsNodeEnv['container'], EnvVar[]>();
  for (const op of ops.items) {
    const kind = str(get(op, 'op'));
    const m = ENV_PATH.exec(str(get(op, 'path')) ?? '');
    if (!m || (kind !== 'add' && kind !== 'replace') || m[2] !== '0') continue;
    const container = m[1] === 'containers' ? 'aws-node' : 'aws-vpc-cni-init';
    const value = get(op, 'value');
    let vars: EnvVar[] = [];
    if (m[3] === undefined && isSeq(value)) vars = envList(file, value, approximate);
    else if (m[3] !== undefined && isMap(value))
      vars = [envEntry(file, value, approximate)].filter((v): v is EnvVar => !!v);
    if (!vars.length) continue;
    byContainer.set(container, [...(byContainer.get(container) ?? []), ...vars]);
  }
  const all = [...byContainer.values()].flat();
  if (!all.length || (requireCniVar && !all.some((v) => isCniVar(v.name)))) return false;
  for (const [container, vars] of byContainer) {
    out.awsNode.push({
      key: `${file.id}#json6902/${container}@${at.span.start}`,
      file: file.id,
      at: { file: file.id, span: at.span },
      source: 'patch',
      container,
      complete: false,
      vars,
      workload: `${file.id}#json6902@${at.span.start}`,
    });
  }
  return true;
}
