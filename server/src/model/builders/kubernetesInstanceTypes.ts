import type { SourceFile } from '../sourceFile';
import type { NetworkModel, InstanceTypeRef } from '../types';
import { type LNode, walk, get, isSeq, str, entry } from '../../parsers/tree';
import { textValue } from '../located';

const LABELS = new Set(['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type']);

/**
 * Instance types named in node selectors (`nodeSelector: {node.kubernetes.io/instance-type: m5.large}`),
 * node affinities and Karpenter NodePool requirements (`{key: node.kubernetes.io/instance-type,
 * operator: In, values: [...]}`), wherever they sit in the object.
 */
export function instanceTypesFromKubernetes(file: SourceFile, obj: LNode, out: NetworkModel): boolean {
  const kind = str(get(obj, 'kind'));
  const context: InstanceTypeRef['context'] =
    kind === 'NodePool' || kind === 'Provisioner' ? 'karpenter' : 'node-selector';
  let found = false;
  walk(obj, (n) => {
    if (n.kind !== 'map') return;
    for (const label of LABELS) {
      const e = entry(n, label);
      const v = str(e?.value);
      if (e && v) {
        out.instanceTypeRefs.push({ value: textValue(v, { file: file.id, span: e.value.span }), context });
        found = true;
      }
    }
    const key = str(get(n, 'key'));
    const values = get(n, 'values');
    const op = str(get(n, 'operator'));
    if (key && LABELS.has(key) && isSeq(values) && (op === undefined || op === 'In')) {
      for (const item of values.items) {
        const v = str(item);
        if (v) {
          out.instanceTypeRefs.push({ value: textValue(v, { file: file.id, span: item.span }), context });
          found = true;
        }
      }
    }
  });
  return found;
}
