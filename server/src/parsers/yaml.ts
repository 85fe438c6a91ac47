import type { Problem } from '../base/problem';
import { moveTree, remap, type LNode } from './tree';
import { MIN_INCREMENTAL_LENGTH, reparse } from './yamlIncremental';
import { parseWhole } from './yamlWhole';
import { Interner } from './interner';
import type { ParsedYaml, YamlDocument } from './yamlTypes';
import { pushAll } from '../base/arrays';
import { detached } from '../base/detached';

export type { ParsedYaml, YamlDocument } from './yamlTypes';
export { parseWhole } from './yamlWhole';

/**
 * Parses every document of a YAML (or JSON) text into located trees. Never throws: syntax errors
 * become problems at their position and the parts that parsed are still returned. Unknown tags
 * (`!Ref`, `!Sub`...) are kept on the nodes, not reported, because CloudFormation relies on them.
 */
export function parseYaml(text: string, cache: YamlCache = new YamlCache(), edited = true, owner?: string): ParsedYaml {
  const chunks = splitDocuments(text);
  if (chunks.length < 2) return parseEdited(text, cache, edited);
  cache.remember(text, chunks);
  const documents: YamlDocument[] = [];
  const problems: Problem[] = [];
  const used = new Set<CachedChunk>();
  for (const chunk of chunks) {
    let cached = cache.chunks.get(chunk.text);
    if (!cached) {
      // The document's own copy of its text: the cache key and the tree outlive this version of
      // the file, and a slice would keep the whole version alive (see detached).
      chunk.text = detached(chunk.text);
      const parsed = parseEdited(chunk.text, cache, edited);
      if (cache.chunks.size >= MAX_CACHED_CHUNKS) cache.chunks.clear();
      // A fresh parse is this file's own, unless parseEdited keeps it among its recent parses
      // (then a later re-parse may share its nodes, and it is copied before it moves).
      const mine = !keptForReparse(chunk.text);
      cached = { start: 0, tree: parsed, aliased: mayHaveAliases(chunk.text), owner: mine ? owner : undefined };
      cache.chunks.set(chunk.text, cached);
    }
    // Documents above an edit keep their trees as they are; rules that memoise by node identity
    // hit their caches. A document below it is moved in place when this file alone holds its
    // tree, so neither an edit nor the first parse copies anything below it. Otherwise (another
    // file or another document of this one holds the same text, or parseEdited keeps the tree) it
    // is copied once, and the copy is this file's to move from then on.
    if (cached.owner !== owner || used.has(cached)) cached.owner = undefined;
    if (cached.start !== chunk.start && !(owner !== undefined && cached.owner === owner && move(cached, chunk.start))) {
      const tree = shift(cached.tree, chunk.start - cached.start);
      cached = { start: chunk.start, tree, aliased: cached.aliased, owner };
      cache.chunks.set(detached(chunk.text), cached);
    }
    used.add(cached);
    // Written out: a spread with one more property gave every document object a shape of its own.
    for (const d of cached.tree.documents) documents.push({ root: d.root, span: d.span, index: documents.length });
    pushAll(problems, cached.tree.problems);
  }
  return { documents, problems };
}

/**
 * A multi-document file's document parse, as the cache keeps it: at the offset where it was last
 * placed; `owner` the file that alone holds this tree and may move it; `aliased` whether aliases
 * make some node of it reachable twice.
 */
interface CachedChunk {
  start: number;
  tree: ParsedYaml;
  aliased: boolean;
  owner?: string;
}

/** Moves a cached document parse to `start` in place (see moveTree); false when it cannot. */
function move(cached: CachedChunk, start: number): boolean {
  const delta = start - cached.start;
  const { documents, problems } = cached.tree;
  for (const d of documents) if (d.root && !moveTree(d.root, delta, cached.aliased)) return false;
  const by = (s: { start: number; end: number }) => ({ start: s.start + delta, end: s.end + delta });
  cached.tree = {
    documents: documents.map((d) => ({ root: d.root, span: by(d.span), index: d.index })),
    problems: problems.map((x) => ({ ...x, span: by(x.span) })),
  };
  cached.start = start;
  return true;
}

/**
 * What parsing remembers between calls; each Engine owns one (a caller without one gets a fresh one
 * per parse), so two engines never share trees.
 *
 * Multi-document files are parsed one document at a time, and each document's parse is cached by
 * its text in `chunks`. A keystroke in a 5,000-document file then re-parses one document; the others
 * keep their trees, moved in place to their new offsets (or copied once when shared). Splitting at
 * column-0 `---` lines is exact: YAML forbids a document marker at column 0 inside content, so such
 * a line always starts a new document.
 *
 * Large single documents are re-parsed around the edit when one of the `recent` parsed texts differs
 * from this one in one place (yamlIncremental.ts); the engine rebuilds a file from its text alone,
 * so the previous version is found here by content, not by file id.
 */
export class YamlCache {
  /** Keys and values repeat across the files of a workspace (`Type`, `Properties`, `Ref`); held once. */
  readonly strings = new Interner();
  readonly chunks = new Map<string, CachedChunk>();
  readonly recent: { text: string; parsed: ParsedYaml }[] = [];

  /**
   * Drops what this cache holds for a text that left the engine (a file closed, deleted or replaced
   * by a new version), except the documents that `keep`, the text replacing it, still has. Without
   * this, thousands of files opened and closed in one session stay cached (hundreds of MB) until the
   * count limit clears them. A text shared by another file only costs that file a re-parse.
   */
  release(text: string, keep?: string): void {
    const kept = new Set(keep === undefined ? [] : [keep, ...this.documentsOf(keep)]);
    const gone = new Set([text, ...this.documentsOf(text)].filter((t) => !kept.has(t)));
    this.splits.delete(text);
    for (const t of gone) this.chunks.delete(t);
    for (let i = this.recent.length - 1; i >= 0; i--) if (gone.has(this.recent[i].text)) this.recent.splice(i, 1);
  }

  /**
   * The document texts of each multi-document text parsed and not yet released, so that release
   * does not split both versions again: with the strings the parse used as keys (their hashes
   * already computed), an edit in a 5,000-document file releases in a fraction of the time.
   */
  private readonly splits = new Map<string, string[]>();

  remember(text: string, chunks: { text: string }[]): void {
    if (this.splits.size >= MAX_SPLITS) this.splits.clear();
    this.splits.set(
      text,
      chunks.map((c) => c.text),
    );
  }

  private documentsOf(text: string): string[] {
    return this.splits.get(text) ?? splitDocuments(text).map((c) => c.text);
  }
}
const MAX_SPLITS = 1_000;
const MAX_CACHED_CHUNKS = 50_000;

function splitDocuments(text: string): { start: number; text: string }[] {
  const starts = [0];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let at = m.index;
    // Directives (`%YAML 1.2`) belong to the document that follows them.
    while (at > 0) {
      const prevStart = text.lastIndexOf('\n', at - 2) + 1;
      if (text[prevStart] !== '%') break;
      at = prevStart;
    }
    if (at > starts[starts.length - 1]) starts.push(at);
  }
  return starts.map((start, i) => ({ start, text: text.slice(start, starts[i + 1] ?? text.length) }));
}

/** Copies a parse result with every offset moved by `delta`, keeping alias sharing intact. */
function shift(p: ParsedYaml, delta: number): ParsedYaml {
  const by = (s: { start: number; end: number }) => ({ start: s.start + delta, end: s.end + delta });
  const seen = new Map<LNode, LNode>();
  return {
    documents: p.documents.map((d) => ({ root: d.root && remap(d.root, by, seen), span: by(d.span), index: d.index })),
    problems: p.problems.map((x) => ({ ...x, span: by(x.span) })),
  };
}

/** Only an alias (`*name`) makes a node reachable twice, so a document without `*` has none (see moveTree). */
function mayHaveAliases(text: string): boolean {
  return text.includes('*');
}

const MAX_RECENT = 8;

/**
 * Parses a text, re-using the parse of the recent text it differs from least when that is an edit
 * of it. `edited` is false for a file the engine had no previous version of (a workspace being
 * loaded): no recent text is its previous version, and comparing thousands of generated templates
 * that share long headers with each other cost a noticeable part of a large lint.
 */
function parseEdited(text: string, cache: YamlCache, edited: boolean): ParsedYaml {
  const { recent } = cache;
  const whole = (t: string) => parseWhole(t, cache.strings);
  if (!keptForReparse(text)) return whole(text);
  let best: { text: string; parsed: ParsedYaml } | undefined;
  let bestShared = -1;
  for (const r of edited ? recent : []) {
    const shared = sharedEnds(r.text, text);
    if (shared > bestShared) [best, bestShared] = [r, shared];
  }
  const parsed = (best && reparse(best.text, best.parsed, text, whole)) ?? whole(text);
  if (recent.length >= MAX_RECENT) recent.shift();
  recent.push({ text, parsed });
  return parsed;
}

/** Whether parseEdited keeps a text's parse among its recent ones (large texts, re-parsed around an edit). */
function keptForReparse(text: string): boolean {
  return text.length >= MIN_INCREMENTAL_LENGTH;
}

/** How many characters two texts share at their start and end. */
function sharedEnds(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return p + s;
}
