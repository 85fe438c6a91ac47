import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, type Finding } from '../../server/src/engine';
import fc from 'fast-check';
import { REPO } from './workspace';

/**
 * Shared by the robustness tests: the real fixtures as workspaces to mutate, and the checks every
 * input must pass whatever it contains (no throw, a deadline, findings inside their file, no
 * "internal error" finding, which is what a builder or rule that threw turns into).
 */

/** A workspace built from a fixture: the file to mutate and the files around it. */
export interface Case {
  target: string;
  files: Map<string, string>;
}

const TEXT = /\.(ya?ml|json|tf|tfvars|sh|template)$/i;

/** Every text fixture and example, each with the workspace it belongs to (a rule case or its folder). */
export function corpus(): Case[] {
  const roots = ['test/fixtures/rules', 'test/fixtures/cloudformation', 'test/fixtures/terraform', 'examples'];
  const out: Case[] = [];
  for (const r of roots) {
    for (const rel of walk(path.join(REPO, r))) {
      if (!TEXT.test(rel) || rel.endsWith('.settings.json')) continue;
      const parts = rel.split('/');
      // test/fixtures/rules/<id>/<kind>/<case>: a case folder is one workspace, a case file is alone.
      const caseRoot = rel.startsWith('test/fixtures/rules/')
        ? parts.slice(0, Math.min(parts.length, 6)).join('/')
        : path.posix.dirname(rel);
      const files = new Map<string, string>();
      const members = fs.statSync(path.join(REPO, caseRoot)).isDirectory()
        ? walk(path.join(REPO, caseRoot))
        : [caseRoot];
      for (const m of members) if (TEXT.test(m)) files.set(`/ws/${m}`, fs.readFileSync(path.join(REPO, m), 'utf8'));
      out.push({ target: `/ws/${rel}`, files });
    }
  }
  return out;
}

/** Files under a folder, as repository-relative paths with `/`. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(path.relative(REPO, p).split(path.sep).join('/'));
  }
  return out;
}

export interface RunOptions {
  /** Hover and complete at every this-many-th offset (and past the end). */
  every?: number;
  deadlineMs?: number;
}

/**
 * Loads the files into a fresh engine and exercises every entry point on `target`. Fails on a
 * throw, on passing the deadline, on a finding (or related location, or fix edit) outside its
 * file's text, and on any internal-error finding. Returns the findings for further checks.
 */
export function exercise(files: Map<string, string>, target: string, opts: RunOptions = {}): Finding[] {
  const started = Date.now();
  const engine = new Engine();
  for (const [id, text] of files) engine.setFile(id, text);
  const findings = engine.analyze().findings;
  const text = files.get(target) ?? '';
  const every = opts.every ?? Math.max(1, Math.ceil(text.length / 25));
  for (let off = 0; off <= text.length + 3; off += every) {
    engine.hover(target, off);
    engine.completions(target, off);
  }
  engine.hover(target, text.length + 10);
  engine.completions(target, text.length + 10);
  engine.inlayHints(target);
  engine.fixes(target, { start: 0, end: text.length });
  const elapsed = Date.now() - started;
  assert.ok(elapsed < (opts.deadlineMs ?? 2000), `took ${elapsed} ms (deadline ${opts.deadlineMs ?? 2000} ms)`);
  checkFindings(findings, files);
  return findings;
}

export function checkFindings(findings: Finding[], files: Map<string, string>): void {
  const inRange = (file: string, span: { start: number; end: number }, what: string) => {
    const text = files.get(file);
    assert.ok(text !== undefined, `${what} is in ${file}, which is not in the workspace`);
    assert.ok(
      Number.isInteger(span.start) && Number.isInteger(span.end),
      `${what} has a non-integer span ${JSON.stringify(span)}`,
    );
    assert.ok(
      span.start >= 0 && span.start <= span.end && span.end <= text.length,
      `${what} span ${span.start}-${span.end} is outside ${file} (length ${text.length})`,
    );
  };
  for (const f of findings) {
    const what = `${f.ruleId} "${f.message}"`;
    assert.ok(!/internal error/.test(f.message) && f.messageId !== 'internal', `a builder or rule threw: ${what}`);
    inRange(f.file, f.span, what);
    for (const r of f.related) inRange(r.file, r.span, `related location of ${what}`);
    for (const fix of f.fixes) for (const e of fix.edits) inRange(e.file, e.span, `fix "${fix.title}" of ${what}`);
  }
}

/**
 * Text that breaks parsers and evaluators: template actions, tags, NULs, lone surrogates, deep
 * nesting, huge counts.
 */
const SNIPPETS = [
  '{{ .Values.x }}',
  '{{- include "x" . }}',
  '{{',
  '}}',
  '\t',
  '\u0000',
  '\ud800',
  '\udc00',
  '\ufeff',
  '\r',
  '\r\n',
  '!Ref Vpc',
  '!GetAtt Vpc.CidrBlock',
  '!Sub "${AWS::Region}a"',
  '!Select [0, !GetAZs ""]',
  '!Cidr [10.0.0.0/16, 256, 8]',
  '&a ',
  '*a',
  '<<: *a',
  ': ',
  '- ',
  '"',
  "'",
  '#',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '[',
  ']',
  '{',
  '}',
  ',',
  '${',
  '${var.x}',
  '${local.a',
  '%{ if true }',
  '<<EOT\n',
  'count = 1000000000\n',
  'for_each = toset(range(1000))\n',
  'module "loop" {\n  source = "./"\n}\n',
  'locals {\n  a = local.a\n}\n',
  'cidrsubnet(',
  'range(100000)',
  '10.0.0.0/8',
  '::/0',
  '999.1.1.1/33',
  'subnet-',
  'us-east-1a',
  'm5.large',
  'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG',
  '[[[[[[[[[[[[[[[[[[[[',
  '(((((((((((((((((((((',
  '{"a":'.repeat(40),
];

export type Mutation =
  | { k: 'truncate'; at: number }
  | { k: 'deleteLine' | 'duplicateLine'; line: number }
  | { k: 'swapLines'; a: number; b: number }
  | { k: 'insert'; at: number; text: string }
  | { k: 'nest'; at: number; depth: number; open: string };

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
/** One edit of the kind editing or a hostile author makes; robustness*.test.ts apply one to three. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constant('truncate' as const), at: fraction }),
  fc.record({ k: fc.constantFrom('deleteLine' as const, 'duplicateLine' as const), line: fraction }),
  fc.record({ k: fc.constant('swapLines' as const), a: fraction, b: fraction }),
  fc.record({
    k: fc.constant('insert' as const),
    at: fraction,
    text: fc.oneof(
      fc.constantFrom(...SNIPPETS),
      fc.string({ maxLength: 8 }),
      fc.string({ maxLength: 4, unit: 'binary' }),
    ),
  }),
  fc.record({
    k: fc.constant('nest' as const),
    at: fraction,
    depth: fc.integer({ min: 50, max: 3000 }),
    open: fc.constantFrom('[', '{', '(', '- ', '!Ref ', 'a: '),
  }),
);

export function apply(text: string, m: Mutation): string {
  const pos = (f: number) => Math.floor(f * text.length);
  const lines = text.split('\n');
  const line = (f: number) => Math.min(lines.length - 1, Math.floor(f * lines.length));
  switch (m.k) {
    case 'truncate':
      return text.slice(0, pos(m.at));
    case 'deleteLine':
      lines.splice(line(m.line), 1);
      return lines.join('\n');
    case 'duplicateLine':
      lines.splice(line(m.line), 0, lines[line(m.line)]);
      return lines.join('\n');
    case 'swapLines': {
      const [a, b] = [line(m.a), line(m.b)];
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'insert':
      return text.slice(0, pos(m.at)) + m.text + text.slice(pos(m.at));
    case 'nest':
      return text.slice(0, pos(m.at)) + m.open.repeat(m.depth) + text.slice(pos(m.at));
  }
}
