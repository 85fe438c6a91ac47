import {
  Composer,
  Parser,
  isAlias,
  isMap as yIsMap,
  isSeq as yIsSeq,
  isScalar as yIsScalar,
  isPair,
  Scalar,
  visit,
} from 'yaml';
import type { Alias } from 'yaml';
import type { Node as YNode, Document } from 'yaml';
import type { Problem } from '../base/problem';
import { entryOf, mapNode, scalarNode, seqNode, type LNode, type LScalar, type LEntry } from './tree';
import { emptyScalar, maskPlaceholders, styleOf, unmask } from './yamlScalars';
import { parseFast } from './yamlFast';
import { parseDirect } from './yamlDirect';
import type { ParsedYaml, YamlDocument } from './yamlTypes';
import { describeError } from '../base/messages';
import { MAX_DEPTH, tooDeepAt } from './depth';
import { Interner } from './interner';

/*
 * One YAML text (one document or several) parsed at once, by the fastest path that is exact for
 * it: read straight from the text (yamlDirect.ts), from the yaml package's CST (yamlFast.ts), or
 * through its Composer, whose Document nodes the Converter below turns into located trees.
 * parsers/yaml.ts splits files into documents and caches their parses; this file parses.
 */

/** What a stack overflow inside the yaml package means to a user. */
const NESTED_TOO_DEEPLY = 'YAML nested more deeply than eksnet can read; this document is read only in part.';

/** Aliases resolved per document beyond this count mean the input is hostile or broken. */
const MAX_ALIASES = 10_000;

/**
 * Runs `f` with stack-trace capture off. The yaml package reports every unknown tag (each `!Ref`,
 * `!Select`, `!Cidr` of a CloudFormation template) as a warning built on `Error`, and capturing
 * those stacks was most of the parse time of a template; we read only the errors' messages and
 * positions, never their stacks.
 */
function withoutStackTraces<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Parses one text (one or more documents) at once. Texts in the subset yamlFast.ts reads exactly
 * are built from the yaml package's CST directly; the rest, and every text with a problem, go
 * through its Composer. `composer: true` forces the Composer path: the differential test compares
 * the two paths with it.
 */
export function parseWhole(
  source: string,
  strings: Interner = new Interner(),
  options: { composer?: boolean } = {},
): ParsedYaml {
  const text = maskPlaceholders(source);
  const problems: Problem[] = [];
  const documents: YamlDocument[] = [];
  const deep = tooDeepAt(text, MAX_DEPTH, true);
  if (deep !== undefined) {
    problems.push({
      message: `YAML nested more than ${MAX_DEPTH} levels deep (counting indentation and brackets); eksnet does not read this document.`,
      span: { start: deep, end: Math.min(deep + 1, text.length) },
      severity: 'error',
    });
    return { documents, problems };
  }
  // Most documents are in the small subset read straight from the text (yamlDirect.ts), with no
  // lexing at all; the rest are lexed and parsed once, for the fast path or the Composer.
  const direct = options.composer ? undefined : parseDirect(text, strings);
  if (direct) return direct;
  let docs: Document.Parsed[];
  try {
    // What parseAllDocuments does, in its two halves: the CST is made once, read by the fast path
    // when it can, and otherwise composed, so a text the fast path declines is not lexed twice.
    const tokens = Array.from(new Parser().parse(text));
    const fast = options.composer ? undefined : parseFast(tokens, strings);
    if (fast) return fast;
    // `uniqueKeys: false` because duplicate keys are reported by us where they matter, and the
    // last one wins as in the Kubernetes decoder; the yaml default would drop the document.
    const composer = new Composer({ keepSourceTokens: false, uniqueKeys: false, prettyErrors: false, strict: false });
    docs = withoutStackTraces(() => Array.from(composer.compose(tokens)));
  } catch (e) {
    problems.push({
      message: `YAML could not be parsed: ${describeError(e)}.`,
      span: { start: 0, end: 0 },
      severity: 'error',
    });
    return { documents, problems };
  }
  docs.forEach((doc, index) => {
    let tooDeep = false;
    for (const err of doc.errors) {
      // The yaml package turns its own stack overflow into errors, one per level it unwinds.
      if (/call stack/i.test(err.message)) {
        if (tooDeep) continue;
        tooDeep = true;
      }
      const message = tooDeep && /call stack/i.test(err.message) ? NESTED_TOO_DEEPLY : firstLine(err.message);
      problems.push({ message, span: errorSpan(text, err.pos), severity: 'error' });
    }
    const converter = new Converter(doc, problems, strings);
    let root: LNode | null = null;
    try {
      root = doc.contents ? converter.convert(doc.contents) : null;
    } catch (e) {
      problems.push({
        message: `YAML document could not be read: ${describeError(e)}.`,
        span: rangeOf(doc.contents),
        severity: 'error',
      });
    }
    const [start, , end] = doc.range;
    documents.push({ root, span: { start, end }, index });
  });
  return { documents, problems };
}

/**
 * The parser notices an unclosed bracket or quote only at the next document or the end of the
 * text; the user's mistake is at the end of what they wrote, so the error moves back there.
 */
function errorSpan(text: string, pos: [number, number]): { start: number; end: number } {
  let start = pos[0];
  if (start >= text.length || text.startsWith('---', start) || text.startsWith('...', start)) {
    let i = Math.min(start, text.length) - 1;
    while (i > 0 && /\s/.test(text[i])) i--;
    if (i >= 0) return { start: i, end: i + 1 };
    start = 0;
  }
  return { start, end: Math.max(pos[1], start) };
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
  /** Each alias's anchored node, found in one walk of the document (see anchorTargets). */
  private targets: Map<Alias, YNode> | undefined;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly problems: Problem[],
    private readonly strings: Interner,
  ) {}

  convert(n: YNode): LNode {
    const cached = this.cache.get(n);
    if (cached) return cached;
    if (isAlias(n)) {
      if (++this.aliases > MAX_ALIASES) {
        // Said once, at the first alias past the limit, not once per alias after it.
        if (this.aliases === MAX_ALIASES + 1)
          this.problems.push({
            message: `More than ${MAX_ALIASES} aliases in one document; the rest are ignored.`,
            span: rangeOf(n),
            severity: 'error',
          });
        return emptyScalar(rangeOf(n).start);
      }
      this.targets ??= anchorTargets(this.doc);
      const target = this.targets.get(n);
      // An unresolvable or self-referencing alias reads as null rather than looping.
      if (!target || (target as unknown) === n) return emptyScalar(rangeOf(n).start);
      return this.convert(target);
    }
    const span = rangeOf(n);
    const tag = explicitTag(n);
    if (yIsMap(n)) {
      const out = mapNode([], !!n.flow, span.start, span.end, tag);
      this.cache.set(n, out);
      // Arrays are made at their final length: an array grown by push keeps room for 16 more
      // elements, which for the small maps of a template was a third of the tree's memory.
      const entries: LEntry[] = [];
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YNode | null;
        const key = this.keyScalar(keyNode, span.start);
        const value = pair.value ? this.convert(pair.value as YNode) : emptyScalar(key.span.end);
        entries.push(entryOf(key, value));
      }
      out.entries = entries.slice();
      return out;
    }
    if (yIsSeq(n)) {
      const out = seqNode([], !!n.flow, span.start, span.end, tag);
      this.cache.set(n, out);
      out.items = n.items.map((item) => (item ? this.convert(item as YNode) : emptyScalar(span.start)));
      return out;
    }
    if (yIsScalar(n)) {
      const out = scalar(n, span, tag, this.strings);
      this.cache.set(n, out);
      return out;
    }
    return emptyScalar(span.start);
  }

  private keyScalar(k: YNode | null, fallback: number): LScalar {
    if (k && yIsScalar(k)) return scalar(k, rangeOf(k), explicitTag(k), this.strings);
    if (k) {
      // Complex keys have no meaning in any format we read; keep their position for messages.
      const r = rangeOf(k);
      return scalarNode('', '', 'plain', r.start, r.end);
    }
    return emptyScalar(fallback);
  }
}

/**
 * The node each alias of a document refers to: the last node before it (in document order) with
 * that anchor. `Alias.resolve(doc)` finds the same node but walks the whole document on every call,
 * so a CI file with 20,000 aliases took 30 seconds; one walk for all of them is linear.
 */
function anchorTargets(doc: Document.Parsed): Map<Alias, YNode> {
  const anchors = new Map<string, YNode>();
  const out = new Map<Alias, YNode>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) out.set(node, target);
      } else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return out;
}

function explicitTag(n: YNode): string | undefined {
  const t = (n as { tag?: string }).tag;
  // The yaml package fills in resolved core-schema tags on some nodes; only `!` tags were written.
  return t && t.startsWith('!') && !t.startsWith('!!') ? t : undefined;
}

function scalar(n: Scalar, span: { start: number; end: number }, tag: string | undefined, strings: Interner): LScalar {
  const v = typeof n.value === 'string' ? strings.get(unmask(n.value)) : n.value;
  const value =
    v === null || v === undefined
      ? null
      : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? v
        : // A timestamp or binary value the yaml package turned into an object: keep the text as written.
          typeof n.source === 'string'
          ? n.source
          : JSON.stringify(v);
  const style = styleOf(n.type);
  // A plain string's text is its value: looked up once, not twice.
  const source =
    typeof n.source === 'string'
      ? n.source === n.value
        ? (v as string)
        : strings.get(unmask(n.source))
      : value === null
        ? ''
        : String(value);
  return scalarNode(value, source, style, span.start, span.end, tag);
}
