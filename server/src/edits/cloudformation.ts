import type { TextEdit } from '../base/finding';
import { type LScalar, isMap, isSeq, isScalar, get, entry } from '../parsers/tree';
import type { BooleanAttribute, FixProvider } from './fixProvider';
import type { CfnFixAnchor } from '../model/builders/cloudformation/resourceItem';
import { appendToSeq, insertIntoMap, seqIndent, valueSpanWithTag } from './yamlEdit';

/** What the CloudFormation builder stores on a VPC or subnet for fixes: the resource's map. */
const PROPERTY: Record<BooleanAttribute, string> = {
  enableDnsSupport: 'EnableDnsSupport',
  enableDnsHostnames: 'EnableDnsHostnames',
};

function isAnchor(a: unknown): a is CfnFixAnchor {
  return !!a && typeof a === 'object' && (a as CfnFixAnchor).kind === 'cloudformation';
}

/** Quotes a string the way the file already quotes its tag values (double quotes when it has none). */
function quoter(json: boolean, sample: LScalar | undefined): (s: string, keyLike?: boolean) => string {
  if (json) return (s) => JSON.stringify(s);
  if (sample?.style === 'single') return (s) => `'${s.replace(/'/g, "''")}'`;
  return (s, keyLike) =>
    keyLike && sample?.style !== 'double' && /^[A-Za-z0-9][\w./-]*$/.test(s) ? s : JSON.stringify(s);
}

export const cloudFormationFixes: FixProvider = {
  accepts: isAnchor,
  addTag(anchor, key, value, files) {
    if (!isAnchor(anchor)) return undefined;
    const file = files.get(anchor.file);
    const props = get(anchor.resource, 'Properties');
    if (!file || !isMap(props)) return undefined;
    const json = file.syntax === 'json';
    const tags = get(props, 'Tags');
    const first = isSeq(tags) ? tags.items.find(isMap) : undefined;
    const sampleKey = first ? get(first, 'Key') : undefined;
    const sampleValue = first ? get(first, 'Value') : undefined;
    const qk = quoter(json, isScalar(sampleKey) ? sampleKey : undefined);
    const qv = quoter(json, isScalar(sampleValue) ? sampleValue : undefined);
    const K = json ? '"Key"' : 'Key';
    const V = json ? '"Value"' : 'Value';
    const flowItem = `{${json ? '' : ' '}${K}: ${qk(key, true)}, ${V}: ${qv(value)}${json ? '' : ' '}}`;
    let ins;
    if (isSeq(tags) && !tags.tag) {
      ins = appendToSeq(file.text, tags, () => [`${K}: ${qk(key, true)}`, `${V}: ${qv(value)}`], flowItem);
    } else if (!tags) {
      const si = ' '.repeat(seqIndent(file.text));
      const T = json ? '"Tags"' : 'Tags';
      ins = insertIntoMap(
        file.text,
        props,
        [`${T}:`, `${si}- ${K}: ${qk(key, true)}`, `${si}  ${V}: ${qv(value)}`],
        `${T}: [${flowItem}]`,
      );
    }
    return ins ? [{ file: file.id, ...ins }] : undefined;
  },
  setBoolean(anchor, attribute, value, files) {
    if (!isAnchor(anchor)) return undefined;
    const file = files.get(anchor.file);
    const props = get(anchor.resource, 'Properties');
    if (!file || !isMap(props)) return undefined;
    const name = PROPERTY[attribute];
    const e = entry(props, name);
    const text = String(value);
    if (e) {
      const edit: TextEdit = { file: file.id, span: valueSpanWithTag(file.text, e.value), newText: text };
      return [edit];
    }
    const k = file.syntax === 'json' ? `"${name}"` : name;
    const ins = insertIntoMap(file.text, props, [`${k}: ${text}`], `${k}: ${text}`);
    return ins ? [{ file: file.id, ...ins }] : undefined;
  },
};
