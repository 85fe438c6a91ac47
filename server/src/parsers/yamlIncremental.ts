import { entryOf, mapNode, remap, seqNode, type LNode, type LEntry } from './tree';
import type { ParsedYaml } from './yamlTypes';

/**
 * Re-parsing after a keystroke in one large YAML document (a CloudFormation template, an eksctl
 * config with hundreds of node groups). The yaml package parses about 1.5 MB/s, so a 100 KiB
 * template costs tens of milliseconds per keystroke however small the edit. Here only the block
 * entry (a `Key:` line and the lines indented under it) or block sequence item around the edit is
 * parsed, on its own, and spliced into the previous tree: siblings before it keep their nodes,
 * nodes after it are copied with shifted offsets.
 *
 * The splice must give exactly the tree a full parse would, so it is attempted only where that is
 * certain and otherwise returns undefined (the caller parses the whole text): the previous parse
 * had no problems, the edited unit starts its line at column c, every other line of it is indented
 * deeper than c (no comments, tabs, anchors or aliases in it), the first line after it is indented
 * at most c, and the unit parsed alone is one entry (or item) without problems that starts and ends
 * where the old one did (moved by the edit). Collections that end with the unit take their end
 * from the unit parsed alone, checked against the old text the same way.
 * test/unit/yaml-incremental.test.ts compares it with full parses over random edits.
 */

type Parse = (text: string) => ParsedYaml;

/** Texts shorter than this are parsed whole: the parse is already cheap. */
export const MIN_INCREMENTAL_LENGTH = 4096;

interface Unit {
  /** Where the unit's first line starts and where its last line ends (after the newline). */
  start: number;
  end: number;
  /** The column of the key (map entry) or of the dash (sequence item). */
  column: number;
  /** Where the unit's content starts and ends (the key's start, the value's end). */
  first: number;
  last: number;
  kind: 'entry' | 'item';
  /** The ancestors from the root down, each with the index of the child on the path. */
  path: { node: LNode; index: number }[];
}

export function reparse(oldText: string, old: ParsedYaml, newText: string, parse: Parse): ParsedYaml | undefined {
  if (old.problems.length || old.documents.length !== 1) return undefined;
  const doc = old.documents[0];
  if (!doc.root || doc.root.kind === 'scalar' || doc.root.flow) return undefined;
  // The changed range: [from, oldTo) of the old text became [from, newTo) of the new one.
  const max = Math.min(oldText.length, newText.length);
  let from = 0;
  while (from < max && oldText.charCodeAt(from) === newText.charCodeAt(from)) from++;
  let tail = 0;
  while (
    tail < max - from &&
    oldText.charCodeAt(oldText.length - 1 - tail) === newText.charCodeAt(newText.length - 1 - tail)
  )
    tail++;
  const oldTo = oldText.length - tail;
  const delta = newText.length - oldText.length;
  if (from === oldText.length && from === newText.length) return old;
  const units = unitsAround(oldText, doc.root, from, oldTo);
  // Deepest first: the smallest piece that can be parsed alone is the cheapest.
  for (let i = units.length - 1; i >= Math.max(0, units.length - 3); i--) {
    const u = units[i];
    const snippet = newText.slice(u.start, u.end + delta);
    // The unit's last character is at or after the change, so the new unit ends `delta` later.
    if (oldTo > u.last || !selfContained(snippet, u.column) || !followsUnit(oldText, u.end, u.column, u.kind)) continue;
    // Where a collection that ends with the unit ends is the yaml package's business (a trailing
    // newline is in some ranges and not in others), so it is taken from the unit parsed alone: the
    // old unit alone must end where those collections ended, and they then end where the new one does.
    // The document's end likewise, when nothing follows the unit.
    const tails = new Set(u.path.filter((p) => p.node.span.end <= u.end).map((p) => p.node));
    const docTail = doc.span.end <= u.end;
    if (tails.size || docTail) {
      const o = parse(oldText.slice(u.start, u.end));
      const alone = o.documents.length === 1 ? o.documents[0] : undefined;
      if (!alone?.root || [...tails].some((n) => n.span.end !== alone.root!.span.end + u.start)) continue;
      if (docTail && doc.span.end !== alone.span.end + u.start) continue;
    }

    const parsed = parse(snippet);
    const root = parsed.documents.length === 1 ? parsed.documents[0].root : null;
    if (parsed.problems.length || !root || root.kind === 'scalar' || root.flow) continue;
    const shiftBy = (n: number) => n + u.start;
    let replacement: LNode | LEntry;
    if (u.kind === 'entry' && root.kind === 'map' && root.entries.length === 1)
      replacement = shiftEntry(root.entries[0], shiftBy);
    else if (u.kind === 'item' && root.kind === 'seq' && root.items.length === 1)
      replacement = shiftNode(root.items[0], shiftBy, new Map());
    else continue;
    if (replacement.span.start !== u.first || replacement.span.end !== u.last + delta) continue;
    // An empty key or item is placed by the yaml package relative to text before the unit.
    const lead = 'key' in replacement ? replacement.key : replacement;
    if (lead.kind === 'scalar' && lead.source === '' && lead.span.start === lead.span.end) continue;
    const after = (n: number) => (n >= oldTo ? n + delta : n);
    const endOf = (n: LNode) => (tails.has(n) ? root.span.end + u.start : after(n.span.end));
    const newRoot = splice(u.path, 0, replacement, after, endOf, new Map());
    return {
      documents: [
        {
          ...doc,
          root: newRoot,
          span: {
            start: doc.span.start,
            end: docTail ? parsed.documents[0].span.end + u.start : doc.span.end + delta,
          },
        },
      ],
      problems: [],
    };
  }
  return undefined;
}

/** The block entries and items whose lines contain the whole change, outermost first. */
function unitsAround(text: string, root: LNode, from: number, to: number): Unit[] {
  const out: Unit[] = [];
  const path: { node: LNode; index: number }[] = [];
  let node: LNode = root;
  for (;;) {
    if (node.kind === 'scalar' || node.flow) return out;
    const children: { start: number; last: number; value: LNode }[] =
      node.kind === 'map'
        ? node.entries.map((e) => ({
            start: e.key.span.start,
            last: Math.max(e.span.end, e.key.span.end),
            value: e.value,
          }))
        : node.items.map((n) => ({ start: n.span.start, last: n.span.end, value: n }));
    const index = children.findIndex((c) => lineStart(text, c.start) <= from && to < lineEnd(text, c.last));
    if (index < 0) return out;
    const c = children[index];
    path.push({ node, index });
    const start = lineStart(text, c.start);
    const prefix = text.slice(start, c.start);
    const column =
      node.kind === 'map'
        ? /^ *$/.test(prefix)
          ? prefix.length
          : -1
        : /^ *- +$/.test(prefix)
          ? prefix.indexOf('-')
          : -1;
    // The change must not touch the indentation (or dash) that decides where the unit belongs.
    if (column >= 0 && from >= c.start)
      out.push({
        start,
        end: lineEnd(text, c.last),
        column,
        first: c.start,
        last: c.last,
        kind: node.kind === 'map' ? 'entry' : 'item',
        path: [...path],
      });
    node = c.value;
  }
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** The offset after the newline that ends the line holding the character before `at`. */
function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', Math.max(0, at - 1));
  return nl < 0 ? text.length : nl + 1;
}

/** Every line after the first is indented deeper than `column`, and nothing ties it to other text. */
function selfContained(snippet: string, column: number): boolean {
  if (/[&*#?\t\r%]|^---|^\.\.\./m.test(snippet)) return false;
  const lines = snippet.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (!lines.length || !lines[lines.length - 1].trim()) return false;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() && l.length - l.trimStart().length <= column) return false;
  }
  return true;
}

/** The first line after the unit (in both texts: the change is before it) closes the unit. */
function followsUnit(text: string, end: number, column: number, kind: Unit['kind']): boolean {
  if (end >= text.length) return true;
  const nl = text.indexOf('\n', end);
  const line = text.slice(end, nl < 0 ? text.length : nl);
  const content = line.trimStart();
  if (!content || /[\t\r]/.test(line) || content.startsWith('#') || /^\.\.\.|^---/.test(content)) return false;
  // After an entry, a dash at its own column would be read as its value (`Key:` then `- x`).
  const indent = line.length - content.length;
  return kind === 'entry' ? indent < column || (indent === column && !content.startsWith('-')) : indent <= column;
}

/** A copy of the ancestors on the path with the unit replaced and later offsets moved. */
function splice(
  path: { node: LNode; index: number }[],
  depth: number,
  replacement: LNode | LEntry,
  after: (n: number) => number,
  endOf: (n: LNode) => number,
  seen: Map<LNode, LNode>,
): LNode {
  const { node, index } = path[depth];
  const start = node.span.start;
  const end = endOf(node);
  const child = (): LNode =>
    depth + 1 < path.length ? splice(path, depth + 1, replacement, after, endOf, seen) : (replacement as LNode);
  if (node.kind === 'map') {
    const entries = node.entries.map((e, i): LEntry => {
      if (i < index) return e;
      if (i > index) return shiftEntry(e, after, seen);
      if (depth + 1 === path.length) return replacement as LEntry;
      const value = child();
      return entryOf(e.key, value);
    });
    return mapNode(entries, node.flow, start, end, node.tag);
  }
  if (node.kind === 'seq') {
    const items = node.items.map((n, i) => (i < index ? n : i > index ? shiftNode(n, after, seen) : child()));
    return seqNode(items, node.flow, start, end, node.tag);
  }
  return node;
}

function shiftEntry(e: LEntry, by: (n: number) => number, seen = new Map<LNode, LNode>()): LEntry {
  return entryOf(shiftNode(e.key, by, seen) as LEntry['key'], shiftNode(e.value, by, seen));
}

/** Copies a node with every offset mapped by `by`, keeping alias sharing intact. */
function shiftNode(n: LNode, by: (n: number) => number, seen: Map<LNode, LNode>): LNode {
  return remap(n, (s) => ({ start: by(s.start), end: by(s.end) }), seen);
}
