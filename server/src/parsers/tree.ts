import type { Span } from '../base/span';
import { detached } from '../base/detached';

/**
 * A located, format-neutral tree: YAML (Kubernetes, eksctl, CloudFormation YAML) and JSON parse into
 * it, so schema validation, model builders and fixes never care which syntax a value came from.
 * Every node knows its source span (UTF-16 offsets). Aliases share the anchored node, so the tree is
 * a DAG and alias bombs cost nothing until something expands it (see toPlain's budget).
 */
export type LNode = LScalar | LMap | LSeq;

interface LNodeBase {
  span: Span;
  /** The explicit tag as written (`!Ref`, `!GetAtt`), if any. */
  tag?: string;
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

export interface LScalar extends LNodeBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** The scalar's text as written, without quotes; YAML 1.1 readers (Kubernetes) may type it differently. */
  source: string;
  style: ScalarStyle;
}

export interface LEntry {
  key: LScalar;
  value: LNode;
  /** From the key's start to the value's end. */
  span: Span;
}

/**
 * A map entry whose span is worked out from its key and value when asked. Parsers make entries
 * with it: a workspace holds hundreds of thousands of entries, and a span object each was a tenth
 * of the located trees' memory.
 */
class DerivedEntry implements LEntry {
  constructor(
    readonly key: LScalar,
    readonly value: LNode,
  ) {}

  get span(): Span {
    return { start: this.key.span.start, end: Math.max(this.value.span.end, this.key.span.end) };
  }
}

export function entryOf(key: LScalar, value: LNode): LEntry {
  return new DerivedEntry(key, value);
}

/*
 * The nodes parsers make hold their position as two numbers and make the span object when asked:
 * a workspace holds about a million nodes, and a span object each (40 bytes on 64-bit Node, plus
 * one more object for the collector to copy) was a third of the located trees' memory. For the
 * same reason `kind` lives on each class's prototype, not on every node, and a plain string scalar
 * (most keys and values) keeps its text once: its `source` is its value and its style is plain.
 * Each class sets `tag` last, so that the fields every node has sit at the same place in all of
 * them. Readers see the LNode interfaces only; a node written as a literal (tests, builders) is
 * as good.
 */
abstract class PositionedNode {
  declare tag?: string;

  /** Moved only by moveTree, for the one owner of the tree; everything else reads `span`. */
  constructor(
    public start: number,
    public end: number,
  ) {}

  get span(): Span {
    return { start: this.start, end: this.end };
  }
}

class ScalarNode extends PositionedNode implements LScalar {
  declare readonly kind: 'scalar';

  constructor(
    start: number,
    end: number,
    readonly value: LScalar['value'],
    readonly source: string,
    readonly style: ScalarStyle,
    tag: string | undefined,
  ) {
    super(start, end);
    if (tag !== undefined) this.tag = tag;
  }
}

/** A plain scalar whose value is its text, as written: the node holds that string once. */
class PlainStringNode extends PositionedNode implements LScalar {
  declare readonly kind: 'scalar';

  constructor(
    start: number,
    end: number,
    readonly value: string,
    tag: string | undefined,
  ) {
    super(start, end);
    if (tag !== undefined) this.tag = tag;
  }

  get source(): string {
    return this.value;
  }

  get style(): ScalarStyle {
    return 'plain';
  }
}

class MapNode extends PositionedNode implements LMap {
  declare readonly kind: 'map';

  constructor(
    start: number,
    end: number,
    public entries: LEntry[],
    readonly flow: boolean,
    tag: string | undefined,
  ) {
    super(start, end);
    if (tag !== undefined) this.tag = tag;
  }
}

class SeqNode extends PositionedNode implements LSeq {
  declare readonly kind: 'seq';

  constructor(
    start: number,
    end: number,
    public items: LNode[],
    readonly flow: boolean,
    tag: string | undefined,
  ) {
    super(start, end);
    if (tag !== undefined) this.tag = tag;
  }
}

for (const [cls, kind] of [
  [ScalarNode, 'scalar'],
  [PlainStringNode, 'scalar'],
  [MapNode, 'map'],
  [SeqNode, 'seq'],
] as const)
  Object.defineProperty(cls.prototype, 'kind', { value: kind });

/**
 * The tags CloudFormation templates repeat thousands of times, held once: a tag is sliced from the
 * text, a new string for every `!Ref`. A fixed table, not a cache.
 */
const COMMON_TAGS = new Map(
  [
    '!Ref',
    '!Sub',
    '!GetAtt',
    '!Select',
    '!Cidr',
    '!GetAZs',
    '!Join',
    '!Split',
    '!If',
    '!Equals',
    '!Not',
    '!And',
    '!Or',
    '!Condition',
    '!FindInMap',
    '!ImportValue',
    '!Base64',
  ].map((t) => [t, t]),
);

/**
 * Moves every node of a tree that the parsers made by `delta`, in place: a document below an edit
 * of a multi-document file keeps its nodes (and whatever is memoised on them) instead of being
 * copied (parsers/yaml.ts). Only the tree's one owner may do this, since everyone holding the tree
 * sees it move. `shared` says that aliases make some node reachable twice, so visits are counted.
 * Returns false, having moved nothing, when some node was not made by the parsers.
 */
export function moveTree(root: LNode, delta: number, shared: boolean): boolean {
  const nodes: PositionedNode[] = [];
  const seen = shared ? new Set<LNode>() : undefined;
  const stack: LNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen) {
      if (seen.has(n)) continue;
      seen.add(n);
    }
    if (!(n instanceof PositionedNode)) return false;
    nodes.push(n);
    if (n.kind === 'map') for (const e of n.entries) stack.push(e.key, e.value);
    else if (n.kind === 'seq') for (const i of n.items) stack.push(i);
  }
  for (const n of nodes) {
    n.start += delta;
    n.end += delta;
  }
  return true;
}

export function scalarNode(
  value: LScalar['value'],
  source: string,
  style: ScalarStyle,
  start: number,
  end: number,
  tag?: string,
): LScalar {
  const t = tag === undefined ? undefined : (COMMON_TAGS.get(tag) ?? detached(tag));
  return style === 'plain' && value === source
    ? new PlainStringNode(start, end, source, t)
    : new ScalarNode(start, end, value, source, style, t);
}

/** A map node; `entries` may be filled in after it is made (aliases can refer to it meanwhile). */
export function mapNode(entries: LEntry[], flow: boolean, start: number, end: number, tag?: string): LMap {
  return new MapNode(start, end, entries, flow, tag);
}

export function seqNode(items: LNode[], flow: boolean, start: number, end: number, tag?: string): LSeq {
  return new SeqNode(start, end, items, flow, tag);
}

/**
 * A copy of a tree with every span mapped by `mapSpan`; shared (aliased) nodes stay shared. The one
 * tree copier: moving a document's copy to its offset, re-placing the nodes after a re-parsed unit,
 * and embedded YAML's offsets into its file all go through it.
 */
export function remap(n: LNode, mapSpan: (s: Span) => Span, cache = new Map<LNode, LNode>()): LNode {
  const hit = cache.get(n);
  if (hit) return hit;
  const { start, end } = mapSpan(n.span);
  if (n.kind === 'scalar') {
    const out = scalarNode(n.value, n.source, n.style, start, end, n.tag);
    cache.set(n, out);
    return out;
  }
  if (n.kind === 'seq') {
    const out = seqNode([], n.flow, start, end, n.tag);
    cache.set(n, out);
    out.items = n.items.map((i) => remap(i, mapSpan, cache));
    return out;
  }
  const out = mapNode([], n.flow, start, end, n.tag);
  cache.set(n, out);
  out.entries = n.entries.map((e) => entryOf(remap(e.key, mapSpan, cache) as LScalar, remap(e.value, mapSpan, cache)));
  return out;
}

/** The same node without its tag (what a CloudFormation short-form function receives), sharing its children. */
export function withoutTag(n: LNode): LNode {
  const { start, end } = n.span;
  if (n.kind === 'scalar') return scalarNode(n.value, n.source, n.style, start, end);
  return n.kind === 'map' ? mapNode(n.entries, n.flow, start, end) : seqNode(n.items, n.flow, start, end);
}

export interface LMap extends LNodeBase {
  kind: 'map';
  entries: LEntry[];
  flow: boolean;
}

export interface LSeq extends LNodeBase {
  kind: 'seq';
  items: LNode[];
  flow: boolean;
}

export function isMap(n: LNode | undefined | null): n is LMap {
  return !!n && n.kind === 'map';
}

export function isSeq(n: LNode | undefined | null): n is LSeq {
  return !!n && n.kind === 'seq';
}

export function isScalar(n: LNode | undefined | null): n is LScalar {
  return !!n && n.kind === 'scalar';
}

export function entry(map: LNode | undefined | null, key: string): LEntry | undefined {
  if (!isMap(map)) return undefined;
  // The last duplicate wins, as in the Kubernetes and CloudFormation decoders.
  for (let i = map.entries.length - 1; i >= 0; i--) {
    if (String(map.entries[i].key.value) === key) return map.entries[i];
  }
  return undefined;
}

export function get(map: LNode | undefined | null, key: string): LNode | undefined {
  return entry(map, key)?.value;
}

export function getPath(node: LNode | undefined | null, path: readonly (string | number)[]): LNode | undefined {
  let cur: LNode | undefined | null = node;
  for (const p of path) {
    if (typeof p === 'number') cur = isSeq(cur) ? cur.items[p] : undefined;
    else cur = get(cur, p);
    if (!cur) return undefined;
  }
  return cur ?? undefined;
}

/** The string value of a scalar (numbers and booleans as written), or undefined for anything else. */
export function str(node: LNode | undefined | null): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  return typeof node.value === 'string' ? node.value : node.source;
}

export class ExpansionLimitError extends Error {}

/**
 * Converts to plain JSON data for ajv. Aliases are expanded here, so the node budget is what stops
 * a billion-laughs document from exhausting memory; the caller reports the overflow as a problem.
 */
export function toPlain(node: LNode, budget = { nodes: 200_000 }): unknown {
  if (--budget.nodes < 0) throw new ExpansionLimitError('expansion limit');
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map((i) => toPlain(i, budget));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) out[String(e.key.value)] = toPlain(e.value, budget);
      return out;
    }
  }
}

/** Resolves a JSON pointer (as ajv reports it) to the node and, for a map member, its entry. */
export function atPointer(root: LNode, pointer: string): { node: LNode; entry?: LEntry } | undefined {
  if (pointer === '') return { node: root };
  const parts = pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur: LNode = root;
  let last: LEntry | undefined;
  for (const p of parts) {
    if (isMap(cur)) {
      const e = entry(cur, p);
      if (!e) return undefined;
      last = e;
      cur = e.value;
    } else if (isSeq(cur)) {
      const item = cur.items[Number(p)];
      if (!item) return undefined;
      last = undefined;
      cur = item;
    } else return undefined;
  }
  return { node: cur, entry: last };
}

/** Visits every node once, even when aliases make it reachable twice. */
export function walk(root: LNode, visit: (n: LNode, parent: LNode | undefined) => void): void {
  const seen = new Set<LNode>();
  const stack: [LNode, LNode | undefined][] = [[root, undefined]];
  while (stack.length) {
    const [n, parent] = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    visit(n, parent);
    if (n.kind === 'map') for (const e of n.entries) stack.push([e.key, n], [e.value, n]);
    else if (n.kind === 'seq') for (const i of n.items) stack.push([i, n]);
  }
}

/** The innermost node whose span holds the offset; keys count as nodes so hovers on keys work. */
export function nodeAt(root: LNode, offset: number): LNode[] {
  const path: LNode[] = [];
  let cur: LNode | undefined = root;
  const seen = new Set<LNode>();
  while (cur && !seen.has(cur)) {
    seen.add(cur);
    path.push(cur);
    let next: LNode | undefined;
    if (cur.kind === 'map') {
      for (const e of cur.entries) {
        if (offset >= e.key.span.start && offset <= e.key.span.end) next = e.key;
        else if (offset >= e.value.span.start && offset <= e.value.span.end) next = e.value;
        if (next) break;
      }
    } else if (cur.kind === 'seq') {
      next = cur.items.find((i) => offset >= i.span.start && offset <= i.span.end);
    }
    cur = next;
  }
  return path;
}
