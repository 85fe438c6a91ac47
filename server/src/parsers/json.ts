import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import type { Problem } from '../base/problem';
import type { ParsedYaml } from './yaml';
import { entryOf, mapNode, scalarNode, seqNode, type LNode, type LScalar } from './tree';
import { describeError } from '../base/messages';
import { tooDeepAt } from './depth';

/**
 * JSON files are parsed with jsonc-parser (the parser VS Code itself uses) rather than the YAML
 * parser: it keeps exact offsets, recovers from errors, and reads a multi-megabyte file such as a
 * package-lock.json in a fraction of the time. The result has the same shape as a YAML parse (one
 * document), so builders and rules never care which syntax a file was written in.
 */
export function parseJson(text: string): ParsedYaml {
  const errors: ParseError[] = [];
  // A BOM is not JSON, but editors write it; skip it rather than failing the whole file.
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = start ? text.slice(1) : text;
  let root: JNode | undefined;
  // jsonc-parser recurses once per bracket (two small frames); see depth.ts for why a text nested
  // deeper than it can follow is not parsed at all.
  const deep = tooDeepAt(body, MAX_PARSE_DEPTH, false);
  if (deep !== undefined)
    return {
      documents: [],
      problems: [
        {
          message: `JSON nested more than ${MAX_PARSE_DEPTH} levels deep; eksnet does not read this file.`,
          span: { start: deep + start, end: deep + start + 1 },
          severity: 'error',
        },
      ],
    };
  try {
    // Strict JSON, as CloudFormation, kubectl and the EKS API read it: comments and trailing commas are errors.
    root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  } catch (e) {
    return {
      documents: [],
      problems: [
        { message: `JSON could not be parsed: ${describeError(e)}.`, span: { start: 0, end: 0 }, severity: 'error' },
      ],
    };
  }
  const problems = toProblems(errors, text, start);
  const ctx = { tooDeep: undefined as number | undefined };
  const converted = root ? convert(root, body, start, 0, ctx) : null;
  if (ctx.tooDeep !== undefined) {
    problems.push({
      message: `Nested deeper than ${MAX_DEPTH} levels; eksnet does not read below that.`,
      span: { start: ctx.tooDeep, end: ctx.tooDeep + 1 },
      severity: 'warning',
    });
  }
  return { documents: [{ root: converted, span: { start, end: text.length }, index: 0 }], problems };
}

/** A file with many unclosed brackets would otherwise report the same missing bracket per level. */
const MAX_PROBLEMS = 10;

function toProblems(errors: ParseError[], text: string, shift: number): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let from = e.offset + shift;
    // An error at the very end (a missing bracket) points at the last character written.
    if (from >= text.length) from = Math.max(0, text.trimEnd().length - 1);
    const to = Math.min(text.length, Math.max(from + e.length, from + 1));
    const message = describe(e);
    const key = `${from}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ message, span: { start: from, end: to }, severity: 'error' });
    if (out.length >= MAX_PROBLEMS) break;
  }
  return out;
}

/** Nothing we read nests this deep; the limit keeps the recursive conversion off the stack's edge. */
const MAX_DEPTH = 200;
/** Brackets jsonc-parser is asked to follow; it overflows the stack somewhere past 50,000. */
const MAX_PARSE_DEPTH = 10_000;

function convert(n: JNode, text: string, shift: number, depth: number, ctx: { tooDeep?: number }): LNode {
  const start = n.offset + shift;
  const end = start + n.length;
  if (depth > MAX_DEPTH) {
    ctx.tooDeep ??= start;
    return scalarNode(null, '', 'plain', start, end);
  }
  switch (n.type) {
    case 'object': {
      const entries = [];
      for (const prop of n.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k) continue;
        const key = scalar(k, text, shift);
        const keyEnd = key.span.end;
        const value: LNode = v
          ? convert(v, text, shift, depth + 1, ctx)
          : scalarNode(null, '', 'plain', keyEnd, keyEnd);
        entries.push(entryOf(key, value));
      }
      return mapNode(entries, true, start, end);
    }
    case 'array':
      return seqNode(
        (n.children ?? []).map((c) => convert(c, text, shift, depth + 1, ctx)),
        true,
        start,
        end,
      );
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'property':
      return scalar(n, text, shift);
  }
}

function scalar(n: JNode, text: string, shift: number): LScalar {
  const raw = text.slice(n.offset, n.offset + n.length);
  const start = n.offset + shift;
  const end = start + n.length;
  if (n.type === 'string') return scalarNode(String(n.value ?? ''), raw.slice(1, -1), 'double', start, end);
  const value = n.type === 'number' || n.type === 'boolean' ? (n.value as number | boolean) : null;
  return scalarNode(value, raw, 'plain', start, end);
}

function describe(e: ParseError): string {
  const words = printParseErrorCode(e.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `Invalid JSON: ${words}.`;
}
