import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/rules/registry';
import { fixturePath, readFixture, engineWith } from '../helpers/workspace';
import { renderFindings } from '../helpers/render';
import { assertGolden } from '../helpers/golden';
import { applyFix } from '../helpers/fixes';
import type { Finding } from '../../server/src/engine';
import { initHcl } from '../../server/src/parsers/hcl';

/**
 * Golden fixtures, one folder per rule (Biome's layout): test/fixtures/rules/<rule-id>/valid/* must
 * produce no finding of that rule; invalid/* must produce at least one, rendered into a `.snap`
 * beside the case. Every fix of every finding is applied: the result must parse, lose that
 * finding, and offer no fix for it again (idempotence). A case is a file or a folder (a workspace).
 */
const ROOT = fixturePath('rules');

// Terraform fixtures need the wasm HCL parser, which loads asynchronously.
before(() => initHcl());
const known = new Set(RULES.map((r) => r.id));

test('every fixture folder belongs to a registered rule', () => {
  for (const dir of fs.readdirSync(ROOT)) assert.ok(known.has(dir), `test/fixtures/rules/${dir} matches no rule id`);
});

for (const rule of RULES) {
  const dir = path.join(ROOT, rule.id);
  describe(`rule ${rule.id}`, () => {
    for (const kind of ['valid', 'invalid'] as const) {
      const kindDir = path.join(dir, kind);
      const cases = fs.existsSync(kindDir)
        ? fs.readdirSync(kindDir).filter((c) => !c.endsWith('.snap') && !c.endsWith('.settings.json'))
        : [];
      for (const c of cases) {
        test(`${kind}/${c}`, () => {
          const target = path.join(kindDir, c);
          const base = fs.statSync(target).isDirectory() ? target : kindDir;
          const files = readFixture(target, base);
          const settingsFile = `${target.replace(/\.[^./]+$/, '')}.settings.json`;
          const settings = fs.existsSync(settingsFile)
            ? (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as unknown)
            : undefined;
          const engine = engineWith(files, settings);
          const all = engine.analyze().findings;
          const mine = all.filter((f) => f.ruleId === rule.id);
          if (kind === 'valid') {
            assert.deepEqual(
              mine.map((f) => `${f.file}: ${f.message}`),
              [],
              'a valid fixture must produce no finding of its rule',
            );
            // A valid case that does not parse would pass for the wrong reason: the rule never saw it.
            if (rule.id !== 'syntax-error')
              assert.deepEqual(
                all.filter((f) => f.ruleId === 'syntax-error').map((f) => `${f.file}: ${f.message}`),
                [],
                'a valid fixture must parse',
              );
            return;
          }
          assert.ok(mine.length > 0, 'an invalid fixture must produce at least one finding of its rule');
          assertGolden(`${target}.snap`, renderFindings(engine, mine));
          for (const f of mine) for (const fix of f.fixes) checkFix(rule.id, files, f, fix, settings);
        });
      }
    }
  });
}

function checkFix(
  ruleId: string,
  files: Map<string, string>,
  finding: Finding,
  fix: Finding['fixes'][number],
  settings: unknown,
): void {
  const fixed = applyFix(files, fix);
  const after = engineWith(fixed, settings).analyze().findings;
  const syntax = after.filter((f) => f.ruleId === 'syntax-error' && fix.edits.some((e) => e.file === f.file));
  assert.deepEqual(
    syntax.map((f) => f.message),
    [],
    `fix "${fix.title}" must leave a file that parses`,
  );
  const before = engineWith(files, settings)
    .analyze()
    .findings.filter((f) => f.ruleId === ruleId && f.messageId === finding.messageId);
  const remaining = after.filter((f) => f.ruleId === ruleId && f.messageId === finding.messageId);
  assert.ok(remaining.length < before.length, `fix "${fix.title}" must remove its finding (${finding.message})`);
  assert.ok(
    !remaining.some((f) =>
      f.fixes.some((x) => x.title === fix.title && f.file === finding.file && sameLine(fixed, f, finding, files)),
    ),
    `fix "${fix.title}" must not be offered again`,
  );
  // Only the edited ranges may change: everything before the first edit and after the last is byte-identical.
  for (const e of fix.edits) {
    const a = files.get(e.file)!;
    const b = fixed.get(e.file)!;
    const edits = fix.edits.filter((x) => x.file === e.file);
    const first = Math.min(...edits.map((x) => x.span.start));
    const last = Math.max(...edits.map((x) => x.span.end));
    assert.equal(b.slice(0, first), a.slice(0, first));
    assert.equal(b.slice(b.length - (a.length - last)), a.slice(last));
  }
}

function sameLine(fixed: Map<string, string>, f: Finding, original: Finding, files: Map<string, string>): boolean {
  const lineOf = (text: string, off: number) => text.slice(0, off).split('\n').length;
  return lineOf(fixed.get(f.file)!, f.span.start) === lineOf(files.get(original.file)!, original.span.start);
}
