import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/rules/registry';
import {
  REPO,
  CLIENT_FILE_KINDS,
  expectedFiles,
  packageJsonWithActivationEvents,
  packageJsonWithConfiguration,
  renderClientFileKinds,
  readmeWithRules,
  readmeWithSettings,
} from '../../scripts/generate-docs';

/** The rule catalogue is public API: these tests keep it consistent and its docs current. */
const RULE_DIR = path.join(REPO, 'server', 'src', 'rules');
const INFRA = new Set(['defineRule', 'context', 'registry', 'docs']);

test('rule ids are unique, kebab-case, and registered in sorted order', () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  assert.deepEqual(ids, [...ids].sort());
});

test('every rule file is registered, and its name is its id', () => {
  const files = fs
    .readdirSync(RULE_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .filter((f) => !INFRA.has(f));
  assert.deepEqual(files.sort(), RULES.map((r) => r.id).sort());
});

test('metadata is complete: sentences end with a period, messages and references exist', () => {
  for (const r of RULES) {
    assert.match(r.summary, /\.$/, `${r.id}: summary must end with a period`);
    assert.ok(r.rationale.length > 40, `${r.id}: rationale too short`);
    assert.ok(Object.keys(r.messages).length > 0, `${r.id}: no messages`);
    assert.ok(r.references.length > 0, `${r.id}: no references`);
    assert.ok(r.sources.length > 0, `${r.id}: no sources`);
    for (const [id, fix] of Object.entries(r.fixes ?? {})) {
      assert.ok(fix.title.length > 0, `${r.id}: fix ${id} has no title`);
      assert.equal(typeof fix.safe, 'boolean', `${r.id}: fix ${id} must say whether it is safe`);
      assert.match(fix.why, /^[A-Z`].{20,}\.$/, `${r.id}: fix ${id} must say in a sentence why it is (not) safe`);
    }
  }
});

test('every rule has valid and invalid golden fixtures', () => {
  for (const r of RULES) {
    for (const kind of ['valid', 'invalid']) {
      const dir = path.join(REPO, 'test', 'fixtures', 'rules', r.id, kind);
      const cases = fs.existsSync(dir)
        ? fs.readdirSync(dir).filter((c) => !c.endsWith('.snap') && !c.endsWith('.settings.json'))
        : [];
      assert.ok(cases.length > 0, `${r.id} has no ${kind} fixture`);
    }
  }
});

test('docs/rules is generated from the rules and up to date', () => {
  const expected = expectedFiles();
  const dir = path.join(REPO, 'docs', 'rules');
  const actual = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .map((f) => path.join('docs', 'rules', f))
        .sort()
    : [];
  assert.deepEqual(
    actual,
    [...expected.keys()].sort(),
    'docs/rules has missing or extra files: run `npm run generate`',
  );
  for (const [rel, text] of expected)
    assert.equal(fs.readFileSync(path.join(REPO, rel), 'utf8'), text, `${rel} is stale: run \`npm run generate\``);
});

test('package.json contributes.configuration is generated from the settings definition', () => {
  const text = fs.readFileSync(path.join(REPO, 'package.json'), 'utf8');
  assert.equal(text, packageJsonWithConfiguration(text), 'package.json configuration is stale: run `npm run generate`');
});

test("package.json's activation events and the client's document selector are generated from the file-kinds table", () => {
  const text = fs.readFileSync(path.join(REPO, 'package.json'), 'utf8');
  assert.equal(
    text,
    packageJsonWithActivationEvents(text),
    'package.json activationEvents are stale: run `npm run generate`',
  );
  assert.equal(
    fs.readFileSync(path.join(REPO, CLIENT_FILE_KINDS), 'utf8'),
    renderClientFileKinds(),
    `${CLIENT_FILE_KINDS} is stale: run \`npm run generate\``,
  );
});

test('the README rule table lists every rule', () => {
  const text = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  assert.equal(text, readmeWithRules(text), 'README rule table is stale: run `npm run generate`');
  for (const r of RULES) assert.ok(text.includes(`[${r.id}](docs/rules/${r.id}.md)`), r.id);
});

test('the README settings table is generated from the settings definition', () => {
  const text = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  assert.equal(text, readmeWithSettings(text), 'README settings table is stale: run `npm run generate`');
  assert.ok(text.includes('<!-- settings:start -->'));
});
