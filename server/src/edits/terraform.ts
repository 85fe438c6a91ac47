import type { TextEdit } from '../base/finding';
import type { SourceFile } from '../model/sourceFile';
import type { Attribute, Block, Expr } from '../parsers/hclAst';
import { attr } from '../parsers/hclAst';
import type { ItemAttribute, ItemRef } from '../model/change';
import { TF_ATTRIBUTE_NAMES } from '../model/builders/terraformResources';
import { maxOf } from '../base/arrays';
import { addTagJson, setAttributeJson } from './terraformJson';
import { blockAt } from './locate';

/**
 * Quick fixes in HCL's own style, as `terraform fmt` leaves it: a new attribute goes on its own
 * line with the block's indentation, and the `=` signs of the run of one-line attributes it joins
 * are re-aligned (fmt aligns consecutive attributes). Tags go into the literal map that holds them
 * (also inside `tomap(...)`, as the last argument of `merge(...)`, or in a local only this block
 * uses), as an extra argument of a `merge(...)`, or into a new `tags` argument (see `tagsInto`).
 */

type HclItem = Extract<ItemRef, { syntax: 'hcl' }>;

/**
 * The resources' spelling of the model attributes (the builder's, for messages, too), and the nested
 * block a resource keeps it in: aws_eks_cluster's `endpoint_private_access` sits in `vpc_config`.
 * The vpc module's inputs are spelled like aws_vpc's and aws_subnet's arguments.
 */
const ATTRIBUTE: Record<ItemAttribute, string> = TF_ATTRIBUTE_NAMES;
const NESTED: Partial<Record<ItemAttribute, string>> = { endpointPrivateAccess: 'vpc_config' };

function lineStart(text: string, off: number): number {
  return text.lastIndexOf('\n', off - 1) + 1;
}

function indentAt(text: string, off: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, off)))![0];
}

function lineOf(text: string, off: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < off; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The run of one-line attributes around `a` on consecutive lines (fmt aligns such a run). */
function runOf(text: string, attrs: Attribute[], a: Attribute): Attribute[] {
  const sorted = [...attrs].sort((x, y) => x.span.start - y.span.start);
  const oneLine = (x: Attribute) => !text.slice(x.span.start, x.span.end).includes('\n');
  const i = sorted.indexOf(a);
  let lo = i;
  let hi = i;
  while (
    lo > 0 &&
    oneLine(sorted[lo - 1]) &&
    oneLine(sorted[lo]) &&
    lineOf(text, sorted[lo].span.start) - lineOf(text, sorted[lo - 1].span.end) === 1
  )
    lo--;
  while (
    hi < sorted.length - 1 &&
    oneLine(sorted[hi + 1]) &&
    oneLine(sorted[hi]) &&
    lineOf(text, sorted[hi + 1].span.start) - lineOf(text, sorted[hi].span.end) === 1
  )
    hi++;
  return oneLine(a) ? sorted.slice(lo, hi + 1) : [a];
}

/** Edits that re-pad `name =` in a run so every `=` sits at `width` columns after the name start. */
function realign(text: string, run: Attribute[], width: number): TextEdit[] {
  const out: TextEdit[] = [];
  for (const a of run) {
    const eq = text.indexOf('=', a.nameSpan.end);
    const want = ' '.repeat(Math.max(1, width - a.name.length + 1));
    if (text.slice(a.nameSpan.end, eq) !== want)
      out.push({ file: '', span: { start: a.nameSpan.end, end: eq }, newText: want });
  }
  return out;
}

/** Inserts `name = value` on a new line after `after` (or at the top of the block), aligned. */
function insertAttribute(file: SourceFile, block: Block, name: string, value: string): TextEdit[] {
  const text = file.text;
  const attrs = block.body.attributes;
  const after = [...attrs]
    .filter((a) => !text.slice(a.span.start, a.span.end).includes('\n'))
    .sort((x, y) => x.span.end - y.span.end)
    .pop();
  if (!after) {
    const indent = `${indentAt(text, block.span.start)}  `;
    return [{ file: file.id, span: { start: block.open, end: block.open }, newText: `\n${indent}${name} = ${value}` }];
  }
  // fmt aligns only attributes whose value fits on their line (hclwrite counts brackets: a line
  // that opens one does not join the run), so a multi-line value goes in unaligned.
  if (value.includes('\n'))
    return [
      {
        file: file.id,
        span: { start: after.span.end, end: after.span.end },
        newText: `\n${indentAt(text, after.span.start)}${name} = ${value}`,
      },
    ];
  const run = runOf(text, attrs, after);
  const width = maxOf([name.length, ...run.map((a) => a.name.length)])!;
  const edits = realign(text, run, width).map((e) => ({ ...e, file: file.id }));
  const indent = indentAt(text, after.span.start);
  edits.push({
    file: file.id,
    span: { start: after.span.end, end: after.span.end },
    newText: `\n${indent}${name}${' '.repeat(width - name.length)} = ${value}`,
  });
  return edits;
}

function objectInsert(file: SourceFile, obj: Extract<Expr, { t: 'object' }>, key: string, value: string): TextEdit[] {
  const text = file.text;
  const entry = `"${key}"`;
  const inner = text.slice(obj.span.start + 1, obj.span.end - 1);
  if (!obj.items.length)
    return [
      {
        file: file.id,
        span: { start: obj.span.start, end: obj.span.end },
        newText: inner.includes('\n')
          ? `{\n${indentAt(text, obj.span.start)}  ${entry} = ${value}\n${indentAt(text, obj.span.start)}}`
          : `{ ${entry} = ${value} }`,
      },
    ];
  const last = obj.items[obj.items.length - 1];
  if (!inner.includes('\n'))
    return [{ file: file.id, span: { start: last.span.end, end: last.span.end }, newText: `, ${entry} = ${value}` }];
  // Object items align their `=` like attributes do.
  const asAttrs: Attribute[] = obj.items.map((i) => ({
    name: text.slice(i.key.span.start, i.key.span.end),
    nameSpan: i.key.span,
    expr: i.value,
    span: i.span,
  }));
  const run = runOf(text, asAttrs, asAttrs[asAttrs.length - 1]);
  const width = maxOf([entry.length, ...run.map((a) => a.name.length)])!;
  const edits = realign(text, run, width).map((e) => ({ ...e, file: file.id }));
  edits.push({
    file: file.id,
    span: { start: last.span.end, end: last.span.end },
    newText: `\n${indentAt(text, last.span.start)}${entry}${' '.repeat(width - entry.length)} = ${value}`,
  });
  return edits;
}

export function setAttribute(
  ref: HclItem,
  attribute: ItemAttribute,
  value: boolean,
  file: SourceFile,
): TextEdit[] | undefined {
  // A .tf.json file is edited as JSON.
  if (file.syntax === 'hcl-json') return setAttributeJson(ref, attribute, value, file);
  if (file.syntax !== 'hcl') return undefined;
  const input = ref.inputs?.[attribute];
  const name = input ?? ATTRIBUTE[attribute];
  const block = blockAt(file, ref.at);
  if (!block) return undefined;
  const nested = block.type === 'resource' ? NESTED[attribute] : undefined;
  // The nested block as written (a `dynamic` block or none at all is not a place to insert into).
  const target = nested ? block.body.blocks.find((b) => b.type === nested && !b.unclosed) : block;
  if (!target) return undefined;
  const existing = attr(target.body, name);
  if (existing) return [{ file: file.id, span: existing.expr.span, newText: String(value) }];
  return insertAttribute(file, target, name, String(value));
}

export function addTag(
  ref: HclItem,
  key: string,
  value: string,
  file: SourceFile,
  files?: ReadonlyMap<string, SourceFile>,
): TextEdit[] | undefined {
  if (file.syntax === 'hcl-json') return addTagJson(ref, key, value, file);
  if (file.syntax !== 'hcl') return undefined;
  const block = blockAt(file, ref.at);
  if (!block) return undefined;
  const name = ref.tagsInput ?? 'tags';
  const tags = attr(block.body, name);
  const v = JSON.stringify(value);
  if (!tags) {
    const indent = indentAt(file.text, block.span.start);
    return insertAttribute(file, block, name, `{\n${indent}    "${key}" = ${v}\n${indent}  }`);
  }
  return tagsInto(file, tags.expr, key, v, files, 0);
}

/**
 * Adds a tag to the map an expression builds, where the map is written: an object literal, the
 * object inside `tomap(...)`, the last argument of `merge(...)` (a new last argument when it is not
 * a literal, since the last one wins), or the map of a local in the same folder when nothing else
 * uses that local. A local used elsewhere is wrapped: `merge(local.tags, { ... })` adds the tag to
 * this resource only. Anything else (a variable, a function eksnet cannot see through) gets no fix.
 */
function tagsInto(
  file: SourceFile,
  e: Expr,
  key: string,
  v: string,
  files: ReadonlyMap<string, SourceFile> | undefined,
  depth: number,
): TextEdit[] | undefined {
  if (depth > 4) return undefined;
  if (e.t === 'object') return objectInsert(file, e, key, v);
  if (e.t === 'call' && e.name === 'tomap' && e.args.length === 1 && !e.expand)
    return tagsInto(file, e.args[0], key, v, files, depth + 1);
  if (e.t === 'call' && e.name === 'merge' && !e.expand) {
    const lastArg = e.args[e.args.length - 1];
    if (lastArg?.t === 'object' || (lastArg?.t === 'call' && lastArg.name === 'tomap'))
      return tagsInto(file, lastArg, key, v, files, depth + 1);
    const closing = e.span.end - 1;
    return [
      {
        file: file.id,
        span: { start: closing, end: closing },
        newText: `${e.args.length ? ', ' : ''}{ "${key}" = ${v} }`,
      },
    ];
  }
  if (e.t === 'attr' && e.obj.t === 'var' && e.obj.name === 'local') {
    const local = files ? soleLocal(file, e.name, files) : undefined;
    if (local) {
      const inner = tagsInto(local.file, local.expr, key, v, files, depth + 1);
      if (inner) return inner;
    }
    const text = file.text.slice(e.span.start, e.span.end);
    return [{ file: file.id, span: e.span, newText: `merge(${text}, { "${key}" = ${v} })` }];
  }
  return undefined;
}

/** The folder of a file id (a path or a URI): everything before its last `/`. */
function folderOf(id: string): string {
  return id.slice(0, id.lastIndexOf('/') + 1);
}

/**
 * The definition of `local.<name>` in the .tf files of `file`'s folder, when that is the only place
 * the folder refers to it (counted in the text, so a mention in a comment errs toward not editing
 * a shared map).
 */
function soleLocal(
  file: SourceFile,
  name: string,
  files: ReadonlyMap<string, SourceFile>,
): { file: SourceFile; expr: Expr } | undefined {
  const folder = folderOf(file.id);
  const use = new RegExp(`\\blocal\\.${name.replace(/[^A-Za-z0-9_-]/g, '')}\\b(?![-])`, 'g');
  let uses = 0;
  let found: { file: SourceFile; expr: Expr } | undefined;
  for (const f of files.values()) {
    if (
      f.syntax !== 'hcl' ||
      !f.id.endsWith('.tf') ||
      folderOf(f.id) !== folder ||
      f.id.slice(folder.length).includes('/')
    )
      continue;
    uses += f.text.match(use)?.length ?? 0;
    for (const b of f.hcl?.body.blocks ?? [])
      if (b.type === 'locals') {
        const a = attr(b.body, name);
        if (a) found = { file: f, expr: a.expr };
      }
  }
  return uses === 1 ? found : undefined;
}
