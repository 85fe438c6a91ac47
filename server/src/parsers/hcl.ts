import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser as TsParser, Node as TsNode } from 'web-tree-sitter';
import type { Problem } from '../base/problem';
import type { Body } from './hclAst';
import { convertRoot, MAX_NESTING } from './hclConvert';
import { maskExponents } from './hclNumbers';

/**
 * HCL (Terraform) parsing with tree-sitter's terraform grammar, compiled to wasm. Loading wasm is
 * asynchronous while the engine is synchronous, so the parser is loaded once by `initHcl()` (the
 * CLI awaits it before reading files, the language server before indexing, tests in a `before`
 * hook). Until then `parseHcl` returns undefined and the engine rebuilds HCL files once it is ready
 * (`Engine.ready()`).
 *
 * Offsets: web-tree-sitter parses a JavaScript string as UTF-16, so `startIndex`/`endIndex` are
 * already UTF-16 code units, the engine's unit; this is the one place that relies on it (tested
 * with non-ASCII text before a block in test/unit/tf-parse.test.ts).
 */
let parser: TsParser | undefined;
let loading: Promise<boolean> | undefined;
let failure: string | undefined;

/** The folders searched for a wasm file: next to the bundle (dist/), then the installed package. */
function locate(file: string, pkgPath: string): string {
  const here = path.join(__dirname, file);
  if (fs.existsSync(here)) return here;
  try {
    return require.resolve(pkgPath);
  } catch {
    return here;
  }
}

/** Loads the parser once; resolves false (never rejects) when the wasm files cannot be loaded. */
export function initHcl(): Promise<boolean> {
  loading ??= (async () => {
    try {
      // Required lazily so that importing the engine costs nothing for YAML-only users.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, as said above
      const ts = require('web-tree-sitter') as typeof import('web-tree-sitter');
      const runtime = locate('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
      await ts.Parser.init({ locateFile: () => runtime });
      const grammar = locate(
        'tree-sitter-terraform.wasm',
        '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
      );
      const lang = await ts.Language.load(fs.readFileSync(grammar));
      const p = new ts.Parser();
      p.setLanguage(lang);
      parser = p;
      return true;
    } catch (e) {
      failure = (e as Error).message;
      return false;
    }
  })();
  return loading;
}

export function hclReady(): boolean {
  return parser !== undefined;
}

/** Why the parser could not be loaded, for an "internal error" problem on HCL files. */
export function hclLoadFailure(): string | undefined {
  return failure;
}

export interface ParsedHcl {
  body: Body;
  problems: Problem[];
}

/** At most this many syntax problems per file: the first few are the useful ones. */
const MAX_PROBLEMS = 10;

/**
 * Characters of HCL text handed to tree-sitter. Past about 12 million (two 7-million-character
 * strings in one file) the wasm parser aborts, and an aborted wasm module fails every later parse
 * in the process, so a larger file (only an open editor can pass one; disk files stop at
 * `maxFileSizeKb`) is not parsed at all.
 */
export const MAX_HCL_TEXT = 8 * 1024 * 1024;

/** Parses HCL text; undefined when the parser is not loaded yet. Never throws on bad input. */
export function parseHcl(text: string): ParsedHcl | undefined {
  if (!parser) return undefined;
  if (text.length > MAX_HCL_TEXT)
    return {
      body: { attributes: [], blocks: [], span: { start: 0, end: text.length } },
      problems: [
        {
          message: `This file has ${text.length} characters; eksnet parses Terraform files of at most ${MAX_HCL_TEXT}, so it is not read.`,
          span: { start: 0, end: 0 },
          severity: 'warning',
        },
      ],
    };
  // Offsets are unchanged by the masking, so the tree's spans index the original text.
  const tree = parser.parse(maskExponents(text));
  if (!tree) return { body: { attributes: [], blocks: [], span: { start: 0, end: text.length } }, problems: [] };
  try {
    const root = tree.rootNode;
    const problems: Problem[] = [];
    if (root.hasError) collectErrors(root, text, problems);
    // Recovery can leave two MISSING tokens at one place (a value and a brace at the end of the
    // file); one problem per position is enough.
    const seen = new Set<number>();
    const unique = problems.filter((p) => !seen.has(p.span.start) && !!seen.add(p.span.start));
    const bodyNode = root.namedChildren.find((c) => c?.type === 'body');
    const converted = bodyNode
      ? convertRoot(bodyNode, text)
      : { body: { attributes: [], blocks: [], span: { start: 0, end: text.length } } };
    if (converted.tooDeep) {
      unique.push({
        message: `Expressions and blocks nested more than ${MAX_NESTING} levels deep are not read; eksnet stops here.`,
        span: converted.tooDeep,
        severity: 'warning',
      });
    }
    return { body: converted.body, problems: unique };
  } finally {
    // The tree lives in wasm memory, which the garbage collector does not see.
    tree.delete();
  }
}

/**
 * ERROR and MISSING nodes become problems; an ERROR's own children are not reported again. The
 * walk keeps its own stack (in source order): a half-typed file with thousands of open brackets
 * nests that deep, more than JavaScript recursion allows.
 */
function collectErrors(root: TsNode, text: string, out: Problem[]): void {
  const stack: TsNode[] = [root];
  while (stack.length && out.length < MAX_PROBLEMS) {
    const node = stack.pop()!;
    if (reportError(node, text, out)) continue;
    const kids: TsNode[] = [];
    for (const c of node.children) if (c && (c.hasError || c.isMissing)) kids.push(c);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

/** Reports a MISSING or ERROR node; false for any other node (whose children are then searched). */
function reportError(node: TsNode, text: string, out: Problem[]): boolean {
  if (node.isMissing) {
    const what = node.type.replace(/_/g, ' ');
    const token = /^[^a-z]+$/i.test(node.type) ? `"${node.type}"` : what;
    out.push({
      message: `Syntax error: missing ${token}.`,
      span: { start: node.startIndex, end: node.endIndex },
      severity: 'error',
    });
    return true;
  }
  if (node.isError) {
    const start = node.startIndex;
    const raw = text.slice(start, node.endIndex);
    // Only the first line of the unexpected text is shown and underlined: an ERROR can span a lot.
    const firstLine = raw.split(/\r?\n/)[0].trim() || raw.trim().split(/\r?\n/)[0];
    const shown = firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine;
    const end = start + Math.max(1, raw.indexOf('\n') >= 0 ? raw.indexOf('\n') : raw.length);
    out.push({
      message: `Syntax error: unexpected "${shown}".`,
      span: { start, end: Math.min(end, node.endIndex) },
      severity: 'error',
    });
    return true;
  }
  return false;
}
