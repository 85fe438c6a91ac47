import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, type Finding } from '../../server/src/engine';
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
