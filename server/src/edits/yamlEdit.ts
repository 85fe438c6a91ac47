import type { Span } from '../base/span';
import type { LMap, LNode, LSeq } from '../parsers/tree';

/**
 * Minimal insertions into YAML (block or flow) and JSON collections, in the file's own layout:
 * new entries and items take the indentation of their siblings, and a multi-line flow collection
 * (JSON as people write it) gets its new member on a line of its own. Line breaks are written as
 * `\n`; edits/index.ts gives them the file's line endings.
 */
export interface Insertion {
  span: Span;
  newText: string;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The end of the last non-blank character of a node (block collections end after their newline). */
export function contentEnd(text: string, n: { span: Span }): number {
  let e = n.span.end;
  while (e > n.span.start && /\s/.test(text[e - 1])) e--;
  return e;
}

function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

function multiLine(text: string, from: number, to: number): boolean {
  return text.slice(from, to).includes('\n');
}

/**
 * Appends `flowText` as the last member of a flow map or sequence (`{...}` / `[...]`, JSON too):
 * after the last member (`start` is where its text begins, for the indentation), on a line of its
 * own when the collection spans lines, or inside the brackets when it is empty. Undefined when the
 * closing bracket is not found.
 */
function appendToFlow(
  text: string,
  span: Span,
  closer: '}' | ']',
  last: { span: Span; start: number } | undefined,
  flowText: string,
): Insertion | undefined {
  const close = text.lastIndexOf(closer, span.end - 1);
  if (close < span.start) return undefined;
  if (!last) return { span: { start: close, end: close }, newText: flowText };
  const end = contentEnd(text, last);
  if (multiLine(text, span.start, close)) {
    const ind = ' '.repeat(column(text, last.start));
    return { span: { start: end, end }, newText: `,\n${ind}${flowText}` };
  }
  return { span: { start: end, end }, newText: `, ${flowText}` };
}

/**
 * Inserts `lines` (first line `key: value...`, later lines relative to the key's column) as the
 * last member of a map. Returns undefined for an empty block map, which has no sibling to copy.
 */
export function insertIntoMap(text: string, map: LMap, lines: string[], flowText: string): Insertion | undefined {
  if (map.flow) {
    const last = map.entries[map.entries.length - 1];
    return appendToFlow(text, map.span, '}', last && { span: last.span, start: last.key.span.start }, flowText);
  }
  if (!map.entries.length) return undefined;
  const ind = ' '.repeat(column(text, map.entries[0].key.span.start));
  const at = endOfLine(text, contentEnd(text, map.entries[map.entries.length - 1]));
  return { span: { start: at, end: at }, newText: lines.map((l) => `\n${ind}${l}`).join('') };
}

/** Appends an item to a sequence; `block` renders it for a block sequence given the dash-to-content width. */
export function appendToSeq(
  text: string,
  seq: LSeq,
  block: (inner: number) => string[],
  flowText: string,
): Insertion | undefined {
  if (seq.flow) {
    const last = seq.items[seq.items.length - 1];
    return appendToFlow(text, seq.span, ']', last && { span: last.span, start: last.span.start }, flowText);
  }
  if (!seq.items.length) return undefined;
  const last = seq.items[seq.items.length - 1];
  const dash = text.lastIndexOf('-', last.span.start);
  if (dash < lineStart(text, last.span.start)) return undefined;
  const dashCol = column(text, dash);
  const inner = Math.max(2, last.span.start - dash);
  const [first, ...rest] = block(inner);
  const ind = ' '.repeat(dashCol);
  const at = endOfLine(text, contentEnd(text, last));
  return {
    span: { start: at, end: at },
    newText: `\n${ind}-${' '.repeat(inner - 1)}${first}${rest.map((l) => `\n${ind}${' '.repeat(inner)}${l}`).join('')}`,
  };
}

/** The span of a value including a short-form tag written before it (`!Ref X`). */
export function valueSpanWithTag(text: string, n: LNode): Span {
  if (!n.tag) return n.span;
  const t = text.lastIndexOf(n.tag, n.span.start);
  return { start: t >= 0 && t >= lineStart(text, n.span.start) - 1 ? t : n.span.start, end: n.span.end };
}

/** The sequence indentation the file uses under a key (`Tags:\n  - x` gives 2, `Tags:\n- x` gives 0). */
export function seqIndent(text: string): number {
  const m = /^( *)[^\s#-][^\n]*:[ \t]*\r?\n( *)- /m.exec(text);
  return m ? Math.max(0, m[2].length - m[1].length) : 2;
}
