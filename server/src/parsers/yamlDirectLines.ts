import type { Interner } from './interner';
import { scalarNode, type LScalar } from './tree';
import { coreValue, unmask } from './yamlScalars';

/**
 * The line table and the scalar readers of the direct YAML path (yamlDirect.ts). Everything here
 * reads one line at a time and throws DECLINE for anything outside the subset it reads exactly.
 */

class Decline extends Error {}
/** Thrown, always this one instance (no stack captured), when the direct path does not read a text. */
const DECLINE = new Decline('not in the subset the direct YAML path reads');

export function decline(): never {
  throw DECLINE;
}

export interface Line {
  /** Offset of the first character that is not a space. */
  cs: number;
  /** Indentation in columns (spaces only: a tab anywhere declines the text). */
  ind: number;
  /** Offset of the line start. */
  start: number;
  /** Offset of the end of the line's text, before `\r\n` or `\n`. */
  ce: number;
  /** Offset after the line break (the text's length on the last line). */
  next: number;
  kind: 'blank' | 'comment' | 'content';
}

/** Splits a text into lines, declining `\r` not followed by `\n`. */
export function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const n = text.length;
  while (start < n) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = n;
    let ce = nl;
    if (ce > start && text.charCodeAt(ce - 1) === 13) ce--;
    let cs = start;
    while (cs < ce && text.charCodeAt(cs) === 32) cs++;
    const kind = cs === ce ? 'blank' : text.charCodeAt(cs) === 35 ? 'comment' : 'content';
    lines.push({ cs, ind: cs - start, start, ce, next: nl < n ? nl + 1 : n, kind });
    start = nl + 1;
  }
  return lines;
}

/** Characters no plain scalar of the subset starts with: indicators, quotes, and reserved ones. */
const NOT_PLAIN_START = new Set([...'-?:,[]{}#&*!|>\'"%@`']);

export function isSpaceOrEnd(text: string, i: number, end: number): boolean {
  return i >= end || text.charCodeAt(i) === 32;
}

/** Whether a plain scalar may start at `i`: `-` only when followed by a non-space (`-1`, `-a`). */
export function plainStart(text: string, i: number, end: number): boolean {
  const c = text[i];
  if (c === '-') return !isSpaceOrEnd(text, i + 1, end);
  return !NOT_PLAIN_START.has(c);
}

/** Whether a block map key starts at `i`: quoted or plain text followed by `:` and a space or the line end. */
export function isKeyLine(text: string, i: number, line: Line): boolean {
  const c = text[i];
  if (c === '"' || c === "'") {
    const close = text.indexOf(c, i + 1);
    return close > 0 && close < line.ce && text[close + 1] === ':';
  }
  // A flow collection or a tagged node, not a key of the subset.
  if (!plainStart(text, i, line.ce)) return false;
  for (let j = i; j < line.ce; j++) {
    const ch = text.charCodeAt(j);
    if (ch === 58 && isSpaceOrEnd(text, j + 1, line.ce)) return true;
    if (ch === 35 && text.charCodeAt(j - 1) === 32) return false;
  }
  return false;
}

export function skipSpaces(text: string, i: number, end: number): number {
  while (i < end && text.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * A one-line quoted scalar starting at `i` (its opening quote); declines backslashes in double
 * quotes and quotes not closed on the line.
 */
export function quoted(
  text: string,
  i: number,
  end: number,
  strings: Interner,
  tag: string | undefined,
): { node: LScalar; end: number } {
  const q = text[i];
  let value = '';
  let j = i + 1;
  for (;;) {
    const close = text.indexOf(q, j);
    if (close < 0 || close >= end) decline();
    const part = text.slice(j, close);
    // Escapes (and an escaped quote) of double-quoted scalars are left to the yaml package.
    if (q === '"' && part.includes('\\')) decline();
    value += part;
    // A doubled single quote is one quote; the scalar goes on.
    if (q === "'" && text[close + 1] === "'") {
      value += "'";
      j = close + 2;
      continue;
    }
    j = close + 1;
    break;
  }
  const source = strings.get(unmask(value));
  return { node: scalarNode(source, source, q === '"' ? 'double' : 'single', i, j, tag), end: j };
}

/** A plain scalar's node, typed by the core schema unless it has a tag, interned as yamlFast does. */
export function plain(raw: string, start: number, strings: Interner, tag: string | undefined): LScalar {
  const source = strings.get(unmask(raw));
  const typed = tag === undefined ? coreValue(raw) : raw;
  const value = typeof typed === 'string' ? source : typed;
  return scalarNode(value, source, 'plain', start, start + raw.length, tag);
}

/** Only local tags of plain names, as in yamlFastProps.ts. */
const LOCAL_TAG = /^![A-Za-z][A-Za-z0-9_.:-]*$/;

/** A tag starting at `i` (its `!`); its end, which must be followed by a space or the line's end. */
export function tagAt(text: string, i: number, end: number): { tag: string; end: number } {
  let j = i + 1;
  while (j < end && text.charCodeAt(j) !== 32) j++;
  const tag = text.slice(i, j);
  if (!LOCAL_TAG.test(tag)) decline();
  return { tag, end: j };
}
