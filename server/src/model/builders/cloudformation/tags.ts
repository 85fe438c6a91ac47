/**
 * Reading a resource's `Tags` list into the model's tag map. Tags are written in several shapes
 * (a literal list, an intrinsic that yields a list, entries that are themselves intrinsics), and a
 * tag that cannot be read must make the result incomplete rather than missing, so rules do not
 * report a tag as absent when it may be there; that care deserves its own file.
 */
import type { SourceFile } from '../../sourceFile';
import type { FileSpan } from '../../../base/span';
import { type LNode, isSeq, isScalar, get } from '../../../parsers/tree';
import type { TagKey, Tags } from '../../types';
import type { Evaluator } from '../../../evaluators/cloudformation/evaluate';
import {
  type CfnValue,
  Sym,
  NoValue,
  isList,
  isObject,
  textOf,
  whyNotString,
} from '../../../evaluators/cloudformation/values';
import { symValue } from './convert';
import { spanOf } from './resourceItem';

/** Tags read from a template, and why they are incomplete when some could not be read. */
export interface Tagged {
  tags: Tags;
  /** Where each key of a literal `{Key, Value}` entry is written (see TagKey). */
  keys: Record<string, TagKey>;
  incomplete?: string;
}

/** Reads a `Tags` list of `{Key, Value}`; what cannot be read makes the result incomplete. */
export function readTags(file: SourceFile, ev: Evaluator, node: LNode | undefined): Tagged {
  const tags: Tags = {};
  const keys: Record<string, TagKey> = {};
  if (!node) return { tags, keys };
  const add = (k: CfnValue, val: CfnValue, at: FileSpan, keyNode?: LNode): string | undefined => {
    const key = textOf(k);
    if (key === undefined) return `a tag key is not known (${whyNotString(k)})`;
    const name = key instanceof Sym ? key.text : key;
    tags[name] = symValue(val, at);
    if (keyNode) keys[name] = tagKey(file, keyNode, name);
    else delete keys[name];
    return undefined;
  };
  let incomplete: string | undefined;
  if (isSeq(node) && !node.tag) {
    for (const it of node.items) {
      const val = ev.eval(it);
      if (isObject(val))
        incomplete =
          add(
            val.Key ?? null,
            val.Value ?? null,
            spanOf(file, get(it, 'Value') ?? it, { file: file.id, span: it.span }),
            get(it, 'Key'),
          ) ?? incomplete;
      else if (!(val instanceof NoValue)) incomplete = `a tag is not known (${whyNotString(val)})`;
    }
    return { tags, keys, ...(incomplete ? { incomplete } : {}) };
  }
  const all = ev.eval(node);
  if (!isList(all)) return { tags, keys, incomplete: `the Tags list is not known (${whyNotString(all)})` };
  for (const val of all) {
    if (isObject(val))
      incomplete = add(val.Key ?? null, val.Value ?? null, { file: file.id, span: node.span }) ?? incomplete;
    else incomplete = `a tag is not known (${whyNotString(val)})`;
  }
  return { tags, keys, ...(incomplete ? { incomplete } : {}) };
}

/**
 * Where a `Key:` is written. A plain or quoted scalar can be renamed in its own quoting (YAML 1.1
 * rules for a plain one); an intrinsic (`!Sub`, `Fn::Join`) or a block scalar is located but not
 * rewritten.
 */
function tagKey(file: SourceFile, n: LNode, name: string): TagKey {
  const at = { file: file.id, span: n.span };
  if (!isScalar(n) || n.tag || n.style === 'block' || String(n.value) !== name) return { at };
  return { at, edit: { at, value: name, style: n.style, plain: 'yaml' } };
}
