import type { TextEdit } from '../base/finding';
import type { Span } from '../base/span';
import type { SourceFile } from '../model/sourceFile';
import type { ItemAttribute, ItemRef } from '../model/change';
import { TF_ATTRIBUTE_NAMES } from '../model/builders/terraformResources';
import { parseJson } from '../parsers/json';
import { type LMap, type LNode, entry, isMap, isSeq } from '../parsers/tree';
import { memoOn } from '../base/memo';
import { insertIntoMap } from './yamlEdit';
import { blockAt, mapWithin } from './locate';

/**
 * Quick fixes in a `.tf.json` file, written as JSON: the converted HCL block (parsers/hclJson.ts)
 * keeps the span of the JSON object it came from, so the edit finds that object in the file's JSON
 * tree and inserts or replaces members there, in the file's own layout (a new member goes after the
 * last one, on its own line when the object spans lines). A tag map written as a `${...}` string
 * (`"${merge(local.tags, {...})}"`) is an expression, not a place to insert into: no fix.
 */

type HclItem = Extract<ItemRef, { syntax: 'hcl' }>;

const NESTED: Partial<Record<ItemAttribute, string>> = { endpointPrivateAccess: 'vpc_config' };
const TREE = Symbol('tf.json tree');

/** The JSON object at `span` in the file's JSON tree (parsed once per text, for fixes only). */
function jsonMapAt(file: SourceFile, span: Span): LMap | undefined {
  return mapWithin(
    memoOn(file, TREE, () => parseJson(file.text).documents[0]?.root ?? undefined),
    span,
  );
}

function oneObject(n: LNode | undefined): LMap | undefined {
  if (isMap(n)) return n;
  return isSeq(n) && n.items.length === 1 && isMap(n.items[0]) ? n.items[0] : undefined;
}

function insert(file: SourceFile, map: LMap, member: string): TextEdit[] | undefined {
  const ins = insertIntoMap(file.text, map, [member], member);
  return ins ? [{ file: file.id, ...ins }] : undefined;
}

export function setAttributeJson(
  ref: HclItem,
  attribute: ItemAttribute,
  value: boolean,
  file: SourceFile,
): TextEdit[] | undefined {
  const block = blockAt(file, ref.at);
  const body = block && jsonMapAt(file, block.body.span);
  if (!block || !body) return undefined;
  const name = ref.inputs?.[attribute] ?? TF_ATTRIBUTE_NAMES[attribute];
  const nested = block.type === 'resource' ? NESTED[attribute] : undefined;
  const target = nested ? oneObject(entry(body, nested)?.value) : body;
  if (!target) return undefined;
  const existing = entry(target, name);
  if (existing) return [{ file: file.id, span: existing.value.span, newText: String(value) }];
  return insert(file, target, `${JSON.stringify(name)}: ${String(value)}`);
}

export function addTagJson(ref: HclItem, key: string, value: string, file: SourceFile): TextEdit[] | undefined {
  const block = blockAt(file, ref.at);
  const body = block && jsonMapAt(file, block.body.span);
  if (!body) return undefined;
  const name = ref.tagsInput ?? 'tags';
  const tags = entry(body, name);
  const member = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  if (!tags) return insert(file, body, `${JSON.stringify(name)}: { ${member} }`);
  return isMap(tags.value) ? insert(file, tags.value, member) : undefined;
}
