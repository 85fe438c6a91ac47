import { parseAllDocuments, isAlias, isMap as yIsMap, isSeq as yIsSeq, isScalar as yIsScalar, isPair, Scalar } from 'yaml';
import type { Node as YNode, Document } from 'yaml';
import type { Problem } from './problem';
import type { LNode, LScalar, LEntry, ScalarStyle } from './tree';

export interface YamlDocument {
  /** Null for an empty document. */
  root: LNode | null;
  /** The document's extent, `---` markers excluded. */
  span: { start: number; end: number };
  index: number;
}

export interface ParsedYaml {
  documents: YamlDocument[];
  problems: Problem[];
}

/** Aliases resolved per document beyond this count mean the input is hostile or broken. */
const MAX_ALIASES = 10_000;

/**
 * Parses every document of a YAML (or JSON) text into located trees. Never throws: syntax errors
 * become problems at their position and the parts that parsed are still returned. Unknown tags
 * (`!Ref`, `!Sub`...) are kept on the nodes, not reported, because CloudFormation relies on them.
 */
export function parseYaml(text: string): ParsedYaml {
  const problems: Problem[] = [];
  const documents: YamlDocument[] = [];
  let docs: Document.Parsed[];
  try {
    // `uniqueKeys: false` because duplicate keys are reported by us where they matter, and the
    // last one wins as in the Kubernetes decoder; the yaml default would drop the document.
    docs = parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false, prettyErrors: false, strict: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [];
  } catch (e) {
    problems.push({ message: `YAML could not be parsed: ${(e as Error).message}`, span: { start: 0, end: 0 }, severity: 'error' });
    return { documents, problems };
  }
  docs.forEach((doc, index) => {
    for (const err of doc.errors) {
      problems.push({ message: firstLine(err.message), span: { start: err.pos[0], end: Math.max(err.pos[1], err.pos[0]) }, severity: 'error' });
    }
    const converter = new Converter(doc, problems);
    let root: LNode | null = null;
    try {
      root = doc.contents ? converter.convert(doc.contents as YNode) : null;
    } catch (e) {
      problems.push({ message: `YAML document could not be read: ${(e as Error).message}`, span: rangeOf(doc.contents as YNode), severity: 'error' });
    }
    const [start, , end] = doc.range;
    documents.push({ root, span: { start, end }, index });
  });
  return { documents, problems };
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function rangeOf(n: YNode | null | undefined): { start: number; end: number } {
  const r = n?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

class Converter {
  private readonly cache = new Map<YNode, LNode>();
  private aliases = 0;

  constructor(private readonly doc: Document.Parsed, private readonly problems: Problem[]) {}

  convert(n: YNode): LNode {
    const cached = this.cache.get(n);
    if (cached) return cached;
    if (isAlias(n)) {
      if (++this.aliases > MAX_ALIASES) {
        this.problems.push({ message: `More than ${MAX_ALIASES} aliases in one document; the rest are ignored.`, span: rangeOf(n), severity: 'error' });
        return emptyScalar(rangeOf(n).start);
      }
      const target = n.resolve(this.doc);
      // An unresolvable or self-referencing alias reads as null rather than looping.
      if (!target || (target as unknown) === n) return emptyScalar(rangeOf(n).start);
      return this.convert(target as YNode);
    }
    const span = rangeOf(n);
    const tag = explicitTag(n);
    if (yIsMap(n)) {
      const out: LNode = { kind: 'map', entries: [], flow: !!n.flow, span, ...(tag ? { tag } : {}) };
      this.cache.set(n, out);
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YNode | null;
        const key = this.keyScalar(keyNode, span.start);
        const value = pair.value ? this.convert(pair.value as YNode) : emptyScalar(key.span.end);
        const e: LEntry = { key, value, span: { start: key.span.start, end: Math.max(value.span.end, key.span.end) } };
        out.entries.push(e);
      }
      return out;
    }
    if (yIsSeq(n)) {
      const out: LNode = { kind: 'seq', items: [], flow: !!n.flow, span, ...(tag ? { tag } : {}) };
      this.cache.set(n, out);
      for (const item of n.items) {
        out.items.push(item ? this.convert(item as YNode) : emptyScalar(span.start));
      }
      return out;
    }
    if (yIsScalar(n)) {
      const out = scalar(n, span, tag);
      this.cache.set(n, out);
      return out;
    }
    return emptyScalar(span.start);
  }

  private keyScalar(k: YNode | null, fallback: number): LScalar {
    if (k && yIsScalar(k)) return scalar(k, rangeOf(k), explicitTag(k));
    if (k) {
      // Complex keys have no meaning in any format we read; keep their position for messages.
      const r = rangeOf(k);
      return { kind: 'scalar', value: '', source: '', style: 'plain', span: r };
    }
    return emptyScalar(fallback);
  }
}

function explicitTag(n: YNode): string | undefined {
  const t = (n as { tag?: string }).tag;
  // The yaml package fills in resolved core-schema tags on some nodes; only `!` tags were written.
  return t && t.startsWith('!') && !t.startsWith('!!') ? t : undefined;
}

function scalar(n: Scalar, span: { start: number; end: number }, tag: string | undefined): LScalar {
  const v = n.value;
  const value = v === null || v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
  const style: ScalarStyle =
    n.type === 'QUOTE_DOUBLE' ? 'double' : n.type === 'QUOTE_SINGLE' ? 'single' : n.type === 'BLOCK_FOLDED' || n.type === 'BLOCK_LITERAL' ? 'block' : 'plain';
  const source = typeof n.source === 'string' ? n.source : value === null ? '' : String(value);
  return { kind: 'scalar', value, source, style, span, ...(tag ? { tag } : {}) };
}

function emptyScalar(at: number): LScalar {
  return { kind: 'scalar', value: null, source: '', style: 'plain', span: { start: at, end: at } };
}
