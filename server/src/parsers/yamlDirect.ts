import type { Interner } from './interner';
import { entryOf, mapNode, scalarNode, seqNode, type LEntry, type LNode, type LScalar } from './tree';
import type { ParsedYaml } from './yamlTypes';
import { emptyScalar } from './yamlScalars';
import {
  decline,
  isKeyLine,
  isSpaceOrEnd,
  linesOf,
  plain,
  plainStart,
  quoted,
  skipSpaces,
  tagAt,
  type Line,
} from './yamlDirectLines';
import { blockScalar } from './yamlDirectBlock';

/**
 * The located tree of one YAML document read straight from its text, without the yaml package's
 * Lexer and Parser (generators that were most of the parse time and garbage of a workspace lint).
 * It reads a deliberately small subset, the one generated and typical Kubernetes manifests, eksctl
 * configs and CloudFormation templates are made of: block maps with one-line keys, block sequences
 * (compact `- key: value` maps and `- - x` included), one-line plain and quoted scalars, block
 * scalars (`|`, `>` and their chomping indicators) as values, local `!Name` tags, one-line flow
 * collections, comments, empty values and a leading `---`. For anything else (tabs, anchors,
 * aliases, `?`, `%`, explicit indentation indicators, backslashes, multi-line plain, quoted or flow
 * nodes, `...`, comments where the yaml package's Parser attaches them to a node's end) it answers
 * undefined, and parseWhole takes the yaml package's path.
 *
 * The spans are the Composer's: a collection ends where its last value's trivia ends (a scalar's
 * line break and trailing comment included, a block scalar's text as far as the Lexer takes it,
 * an empty value's position otherwise), an empty value sits after its indicator and the spaces
 * that follow it, and the document spans the whole chunk.
 * test/unit/yamlDirect.test.ts checks every answer against the Composer path over a corpus and its
 * mutations; that comparison, not this reasoning, is what makes the answers exact.
 */
export function parseDirect(text: string, strings: Interner): ParsedYaml | undefined {
  // What changes the meaning of the whole text is looked for at once; indicators (`&`, `*`, `?`,
  // `%`, `@`) are declined where a node starts, the only place they mean anything (`|` and `>`
  // there start a block scalar).
  if (OUTSIDE.test(text)) return undefined;
  try {
    return new DirectReader(text, strings).document();
  } catch {
    // Declined, or a stack overflow on deep nesting: the yaml package's path knows better.
    return undefined;
  }
}

const OUTSIDE = /[\t\uFEFF]|\r(?!\n)|^\.\.\./m;

class DirectReader {
  private readonly lines: Line[];
  /** Index of the line being read. */
  private li = 0;
  /** The end of the last node read with its trivia (the Composer's `range[2]`). */
  private end = 0;
  /** Whether the last node read was an empty value. */
  private endsEmpty = false;
  /** Whether the last move to a content line passed comment lines. */
  private skippedComment = false;

  constructor(
    private readonly text: string,
    private readonly strings: Interner,
  ) {
    this.lines = linesOf(text);
  }

  document(): ParsedYaml {
    const { lines, text } = this;
    if (lines.length && text.startsWith('---')) {
      // A marker line with nothing but a comment after it; content on it is left to the yaml package.
      const first = lines[0];
      const after = skipSpaces(text, 3, first.ce);
      if (after < first.ce && (after === 3 || text[after] !== '#')) decline();
      this.li = 1;
    }
    const first = this.nextContent(this.li);
    if (first === undefined) decline();
    // The document starts at its `---`, or else at its first content (comments before it are the stream's).
    const start = this.li === 1 ? 0 : lines[first].start;
    this.li = first;
    const root = this.block(lines[first].cs, undefined);
    if (this.li < lines.length) decline();
    // Trivia after an empty value stays with the indicator before it, outside the document's span.
    const end = this.endsEmpty ? this.end : text.length;
    return { documents: [{ root, span: { start, end }, index: 0 }], problems: [] };
  }

  /**
   * The index of the next content line from `i`, or undefined. Lines inside block scalars are never
   * looked at here, so a `#` line in one is content, not a comment.
   */
  private nextContent(i: number): number | undefined {
    const { lines, text } = this;
    let comments = -1;
    for (; i < lines.length; i++) {
      const line = lines[i];
      if (line.kind === 'blank') continue;
      if (line.kind === 'comment') {
        if (comments < 0) comments = i;
        continue;
      }
      if (line.ind === 0 && (text.startsWith('---', line.start) || text.startsWith('...', line.start))) decline();
      if (comments >= 0) this.commentsAt(comments, i, line.ind);
      this.skippedComment = comments >= 0;
      return i;
    }
    if (comments >= 0) this.commentsAt(comments, i, 0);
    this.skippedComment = comments >= 0;
    return undefined;
  }

  /**
   * A comment line goes with the node that follows it only at that node's indentation (or, at the
   * end, at column 0); elsewhere the Parser may attach it to the end of the node before.
   */
  private commentsAt(from: number, to: number, ind: number): void {
    for (let j = from; j < to; j++) if (this.lines[j].kind === 'comment' && this.lines[j].ind !== ind) decline();
  }

  /** Moves to the next content line after the current one; its index, or undefined at the end. */
  private advance(): Line | undefined {
    const next = this.nextContent(this.li + 1);
    this.li = next ?? this.lines.length;
    return next === undefined ? undefined : this.lines[next];
  }

  /** A block map or sequence starting at offset `at` of the current line. */
  private block(at: number, tag: string | undefined): LNode {
    const { text } = this;
    const line = this.lines[this.li];
    if (text[at] === '-' && isSpaceOrEnd(text, at + 1, line.ce)) return this.seq(at, tag);
    return this.map(at, tag);
  }

  private map(at: number, tag: string | undefined): LNode {
    const { text, lines } = this;
    const col = at - lines[this.li].start;
    const entries: LEntry[] = [];
    let p = at;
    for (;;) {
      const line = lines[this.li];
      const key = this.key(p, line);
      // The value starts after `:`.
      const value = this.value(key.span.end + 1, line, col, true);
      entries.push(entryOf(key, value));
      const next = lines[this.li] as Line | undefined;
      if (!next || next.ind < col) break;
      if (next.ind > col) decline();
      if (text[next.cs] === '-' && isSpaceOrEnd(text, next.cs + 1, next.ce)) {
        // A sequence at a map's column belongs to a key with an empty value (read by `value`).
        decline();
      }
      p = next.cs;
    }
    return mapNode(entries.slice(), false, at, this.end, tag);
  }

  private seq(at: number, tag: string | undefined): LNode {
    const { text, lines } = this;
    const col = at - lines[this.li].start;
    const items: LNode[] = [];
    let p = at;
    let commented = false;
    for (;;) {
      const line = lines[this.li];
      const item = this.value(p + 1, line, col, false);
      // An empty item after comment lines holds them in its properties, and the Composer ends it
      // (and so the sequence) after its line break or at the end of the text.
      if (commented && this.endsEmpty && item.kind === 'scalar') decline();
      items.push(item);
      const next = lines[this.li] as Line | undefined;
      if (!next || next.ind < col) break;
      if (next.ind > col) decline();
      // At the column of a map key that holds this sequence the map goes on.
      if (!(text[next.cs] === '-' && isSpaceOrEnd(text, next.cs + 1, next.ce))) break;
      p = next.cs;
      commented = this.skippedComment;
    }
    return seqNode(items.slice(), false, at, this.end, tag);
  }

  /** A one-line key (plain or quoted) at `p`, up to its `:`, which a space or the line end must follow. */
  private key(p: number, line: Line): LScalar {
    const { text } = this;
    const c = text[p];
    let node: LScalar;
    if (c === '"' || c === "'") node = quoted(text, p, line.ce, this.strings, undefined).node;
    else {
      if (!plainStart(text, p, line.ce)) decline();
      let i = p;
      for (; i < line.ce; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 58 && isSpaceOrEnd(text, i + 1, line.ce)) break;
        // ` #` starts a comment: a line without a key.
        if (ch === 35 && text.charCodeAt(i - 1) === 32) decline();
      }
      // No `:`, or spaces before it (kept simple: declined).
      if (i >= line.ce || text.charCodeAt(i - 1) === 32) decline();
      node = plain(text.slice(p, i), p, this.strings, undefined);
    }
    const colon = node.span.end;
    if (text[colon] !== ':' || !isSpaceOrEnd(text, colon + 1, line.ce) || colon - p > 1024) decline();
    return node;
  }

  /**
   * The value after an indicator (`:` of a map entry, `-` of a sequence item) at `p` on `line`, in
   * a collection at column `col`; leaves `li` at the next content line after it.
   */
  private value(p: number, line: Line, col: number, inMap: boolean): LNode {
    const { text } = this;
    let i = skipSpaces(text, p, line.ce);
    let tag: string | undefined;
    if (i < line.ce && text[i] === '!') {
      if (i === p) decline();
      const t = tagAt(text, i, line.ce);
      tag = t.tag;
      i = skipSpaces(text, t.end, line.ce);
    }
    if (i >= line.ce) return this.afterIndicator(i, line, col, inMap, tag);
    if (i === p) decline();
    if (text[i] === '|' || text[i] === '>') return this.readBlockScalar(i, line, col, tag);
    // `- - x` and `- key: value`: a collection in a sequence item, at the item's column.
    if (!inMap && tag === undefined) {
      if (text[i] === '-' && isSpaceOrEnd(text, i + 1, line.ce)) return this.seq(i, undefined);
      if (isKeyLine(text, i, line)) return this.map(i, undefined);
    }
    const node = this.inline(i, line.ce, tag, false);
    const after = skipSpaces(text, this.pos, line.ce);
    // Only a comment may follow on the line, after a space.
    if (after < line.ce && (after === this.pos || text[after] !== '#')) decline();
    this.end = line.next;
    this.endsEmpty = false;
    const next = this.advance();
    // A more indented line would continue a plain scalar or be an error.
    if (next && next.ind > col) decline();
    return node;
  }

  /**
   * A block scalar (yamlDirectBlock.ts) whose header is at `at`, in a collection at column `col`;
   * leaves `li` at the next content line after it.
   */
  private readBlockScalar(at: number, line: Line, col: number, tag: string | undefined): LNode {
    const { lines } = this;
    const node = blockScalar(this.text, line, at, col, tag, this.strings);
    const end = node.span.end;
    // The scalar's lines are its own: what follows starts at the first line at or after its end.
    let li = this.li + 1;
    while (li < lines.length && lines[li].start < end) li++;
    const next = this.nextContent(li);
    this.li = next ?? lines.length;
    this.end = end;
    this.endsEmpty = false;
    // A line indented past the collection but not as far as the scalar's content is an error.
    if (next !== undefined && lines[next].ind > col) decline();
    return node;
  }

  /** Nothing but a tag or nothing after an indicator: a block below, or an empty value. */
  private afterIndicator(at: number, line: Line, col: number, inMap: boolean, tag: string | undefined): LNode {
    const { text, lines } = this;
    const li = this.li;
    const next = this.advance();
    let comment = false;
    for (let j = li + 1; j < this.li; j++) comment ||= lines[j].kind === 'comment';
    if (
      next &&
      (next.ind > col ||
        (inMap && next.ind === col && text[next.cs] === '-' && isSpaceOrEnd(text, next.cs + 1, next.ce)))
    ) {
      return this.block(next.cs, tag);
    }
    // Comment lines between an indicator and the block below it are the block's properties and move
    // none of its ends; after an empty value they would move where the Composer ends it.
    if (comment) decline();
    this.end = at;
    this.endsEmpty = true;
    return tag ? scalarNode('', '', 'plain', at, at, tag) : emptyScalar(at);
  }

  /** Where the last inline node read ends. */
  private pos = 0;

  /** A scalar or flow collection on one line starting at `i`, ending before `end`. */
  private inline(i: number, end: number, tag: string | undefined, flow: boolean, isKey = false): LNode {
    const { text } = this;
    if (i >= end) decline();
    const c = text[i];
    if (c === '[' || c === '{') return this.flow(i, end, tag);
    if (c === '"' || c === "'") {
      const q = quoted(text, i, end, this.strings, tag);
      this.pos = q.end;
      return q.node;
    }
    // In a flow collection a `-` before a flow indicator is a block sequence indicator (an error).
    if (!plainStart(text, i, end) || (flow && c === '-' && FLOW.has(text[i + 1]))) decline();
    let j = i;
    for (; j < end; j++) {
      const ch = text.charCodeAt(j);
      if (ch === 58 && (isSpaceOrEnd(text, j + 1, end) || (flow && FLOW.has(text[j + 1])))) break;
      if (ch === 35 && text.charCodeAt(j - 1) === 32) break;
      if (flow && FLOW.has(text[j])) break;
    }
    // A `:` here would make a key (an error in a value, a pair in a flow sequence).
    if (j < end && text[j] === ':' && !isKey) decline();
    let k = j;
    while (text.charCodeAt(k - 1) === 32) k--;
    this.pos = k;
    return plain(text.slice(i, k), i, this.strings, tag);
  }

  /** A flow sequence or map closed on the same line. */
  private flow(at: number, end: number, tag: string | undefined): LNode {
    const { text } = this;
    const isMap = text[at] === '{';
    const close = isMap ? '}' : ']';
    const entries: LEntry[] = [];
    const items: LNode[] = [];
    let i = skipSpaces(text, at + 1, end);
    if (text[i] !== close) {
      for (;;) {
        if (isMap) {
          const key = this.inline(i, end, undefined, true, true);
          if (key.kind !== 'scalar' || text[this.pos] !== ':' || !isSpaceOrEnd(text, this.pos + 1, end)) decline();
          const v = skipSpaces(text, this.pos + 1, end);
          if (v === this.pos + 1) decline();
          entries.push(entryOf(key, this.flowValue(v, end)));
        } else items.push(this.flowValue(i, end));
        i = skipSpaces(text, this.pos, end);
        if (text[i] === close) break;
        if (text[i] !== ',') decline();
        i = skipSpaces(text, i + 1, end);
        // Trailing commas and empty items are left to the yaml package.
        if (i >= end || text[i] === close || text[i] === ',') decline();
      }
    }
    this.pos = i + 1;
    return isMap ? mapNode(entries.slice(), true, at, i + 1, tag) : seqNode(items.slice(), true, at, i + 1, tag);
  }

  private flowValue(i: number, end: number): LNode {
    const { text } = this;
    let tag: string | undefined;
    if (text[i] === '!') {
      const t = tagAt(text, i, end);
      tag = t.tag;
      i = skipSpaces(text, t.end, end);
      if (i === t.end || i >= end) decline();
    }
    return this.inline(i, end, tag, true);
  }
}

/** The flow indicators, which end a plain scalar inside a flow collection. */
const FLOW = new Set([',', '[', ']', '{', '}']);
