import type { FileSpan } from '../base/span';
import type { TextEdit } from '../base/finding';
import type { EnvRef } from '../model/change';

/**
 * Removes an entry with its lines: a block list item (`- name: X` and its `value:` line) or a block
 * map member (`X: "v"`), when nothing else shares those lines. Anything else (flow style, JSON)
 * gets no edit, because removing it cleanly needs more than deleting text. The last line of a file
 * without a final newline takes the line break before it, so the file still ends without one.
 */
export function removeEntryEdit(text: string, env: EnvRef, entry: FileSpan): TextEdit[] | undefined {
  if (env.node.flow) return undefined;
  const e = entry.span;
  const lineStart = text.lastIndexOf('\n', e.start - 1) + 1;
  const prefix = text.slice(lineStart, e.start);
  if (!(env.node.kind === 'seq' ? /^\s*-\s+$/ : /^\s*$/).test(prefix)) return undefined;
  let last = e.end;
  while (last > e.start && /\s/.test(text[last - 1])) last--;
  const nl = text.indexOf('\n', last);
  if (nl < 0 && lineStart > 0) {
    const before = text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
    return [{ file: env.file, span: { start: before, end: text.length }, newText: '' }];
  }
  const end = nl < 0 ? text.length : nl + 1;
  return [{ file: env.file, span: { start: lineStart, end }, newText: '' }];
}

/** Appends `- name: NAME\n  value: "VALUE"` to a block env list, in the list's own indentation. */
export function appendListItemEdit(text: string, env: EnvRef, name: string, value: string): TextEdit[] | undefined {
  const list = env.node;
  if (list.kind !== 'seq' || list.flow || !list.items.length) return undefined;
  const first = list.items[0];
  const lineStart = text.lastIndexOf('\n', first.span.start - 1) + 1;
  const prefix = text.slice(lineStart, first.span.start);
  const m = /^(\s*)-(\s+)$/.exec(prefix);
  if (!m) return undefined;
  const lastItem = list.items[list.items.length - 1];
  let last = lastItem.span.end;
  while (last > lastItem.span.start && /\s/.test(text[last - 1])) last--;
  let at = text.indexOf('\n', last);
  if (at < 0) at = text.length;
  else if (text[at - 1] === '\r') at--;
  const dash = m[1];
  const inner = ' '.repeat(prefix.length);
  return [
    {
      file: env.file,
      span: { start: at, end: at },
      newText: `\n${dash}-${m[2]}name: ${name}\n${inner}value: ${JSON.stringify(value)}`,
    },
  ];
}
