import type { TextEdit } from '../base/finding';
import type { SourceFile } from '../model/sourceFile';
import type { ItemAttribute, ItemRef } from '../model/change';
import { type LScalar, isMap, isSeq, isScalar, get, entry } from '../parsers/tree';
import { mapAt } from './locate';
import { appendToSeq, insertIntoMap, seqIndent, valueSpanWithTag } from './yamlEdit';

/**
 * Changes to a CloudFormation resource (YAML or JSON, block or flow layout): its properties and its
 * `Tags` list of `Key`/`Value` pairs, written in the template's own quoting and indentation.
 */
type TreeItem = Extract<ItemRef, { syntax: 'tree' }>;

/**
 * The template's spelling of the model attributes: the path below `Properties`. EndpointPrivateAccess
 * lives in the cluster's `ResourcesVpcConfig`, which EKS requires, so it is never created here.
 */
const PROPERTY: Record<ItemAttribute, string[]> = {
  enableDnsSupport: ['EnableDnsSupport'],
  enableDnsHostnames: ['EnableDnsHostnames'],
  mapPublicIpOnLaunch: ['MapPublicIpOnLaunch'],
  endpointPrivateAccess: ['ResourcesVpcConfig', 'EndpointPrivateAccess'],
};

/** Quotes a string the way the file already quotes its tag values (double quotes when it has none). */
function quoter(json: boolean, sample: LScalar | undefined): (s: string, keyLike?: boolean) => string {
  if (json) return (s) => JSON.stringify(s);
  if (sample?.style === 'single') return (s) => `'${s.replace(/'/g, "''")}'`;
  return (s, keyLike) =>
    keyLike && sample?.style !== 'double' && /^[A-Za-z0-9][\w./-]*$/.test(s) ? s : JSON.stringify(s);
}

export function addTag(ref: TreeItem, key: string, value: string, file: SourceFile): TextEdit[] | undefined {
  const props = get(mapAt(file, ref.at), 'Properties');
  if (!isMap(props)) return undefined;
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
}

export function setAttribute(
  ref: TreeItem,
  attribute: ItemAttribute,
  value: boolean,
  file: SourceFile,
): TextEdit[] | undefined {
  const path = PROPERTY[attribute];
  const name = path[path.length - 1];
  let props = get(mapAt(file, ref.at), 'Properties');
  for (const key of path.slice(0, -1)) props = isMap(props) && !props.tag ? get(props, key) : undefined;
  // A map built by an intrinsic function (`!If`, `{"Fn::If": ...}`) is not a place to insert a key.
  if (!isMap(props) || props.tag || props.entries.some((x) => /^(Fn::|Ref$)/.test(String(x.key.value))))
    return undefined;
  const e = entry(props, name);
  const text = String(value);
  if (e) return [{ file: file.id, span: valueSpanWithTag(file.text, e.value), newText: text }];
  const k = file.syntax === 'json' ? `"${name}"` : name;
  const ins = insertIntoMap(file.text, props, [`${k}: ${text}`], `${k}: ${text}`);
  return ins ? [{ file: file.id, ...ins }] : undefined;
}
