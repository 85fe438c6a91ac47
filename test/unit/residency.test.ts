import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, type Finding } from '../../server/src/engine';
import { initHcl } from '../../server/src/parsers/hcl';
import { fixturePath, readFixture, REPO } from '../helpers/workspace';

/**
 * The engine drops the parse trees of files it has not read for a while and makes them again from
 * the text when one is read (engine/residency.ts). Nothing a user sees may change with that: the
 * same findings, the same fixes, the same hovers, whatever the bound.
 */
before(() => initHcl());

/** What a user sees of a finding, fixes included (they are written lazily, from the trees). */
function seen(f: Finding) {
  return { ...f, fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits })) };
}

function analysed(files: Map<string, string>, settings: unknown, residentFiles?: number) {
  const engine = new Engine(settings, residentFiles === undefined ? {} : { residentFiles });
  for (const [id, text] of files) engine.setFile(id, text);
  const findings = engine.analyze().findings.map(seen);
  return { engine, findings };
}

/** Every rule fixture case, as its files and settings. */
function cases(): { name: string; files: Map<string, string>; settings: unknown }[] {
  const root = fixturePath('rules');
  const out: { name: string; files: Map<string, string>; settings: unknown }[] = [];
  for (const rule of fs.readdirSync(root).sort())
    for (const kind of ['valid', 'invalid']) {
      const dir = path.join(root, rule, kind);
      if (!fs.existsSync(dir)) continue;
      for (const c of fs.readdirSync(dir).sort()) {
        if (c.endsWith('.snap') || c.endsWith('.settings.json')) continue;
        const target = path.join(dir, c);
        const base = fs.statSync(target).isDirectory() ? target : dir;
        const settingsFile = `${target.replace(/\.[^./]+$/, '')}.settings.json`;
        const settings = fs.existsSync(settingsFile)
          ? (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as unknown)
          : undefined;
        out.push({ name: `${rule}/${kind}/${c}`, files: readFixture(target, base), settings });
      }
    }
  return out;
}

test('with no tree kept at all, every rule fixture gives the same findings and fixes', () => {
  let reparses = 0;
  for (const c of cases()) {
    const kept = analysed(c.files, c.settings);
    const dropped = analysed(c.files, c.settings, 0);
    assert.deepEqual(dropped.findings, kept.findings, c.name);
    reparses += dropped.engine.syntaxResidency().reparses;
  }
  // The comparison means something only if trees were in fact dropped and made again.
  assert.ok(reparses > 100, `trees were made again ${reparses} times`);
});

test('the examples and fixtures as one workspace: the same findings and fixes with two trees kept', () => {
  const files = new Map<string, string>();
  for (const dir of ['examples', 'test/fixtures'])
    for (const [id, text] of readFixture(path.join(REPO, dir), REPO)) files.set(id, text);
  const kept = analysed(files, undefined);
  const dropped = analysed(files, undefined, 2);
  assert.ok(kept.findings.length > 100);
  assert.deepEqual(dropped.findings, kept.findings);
  const { resident, reparses } = dropped.engine.syntaxResidency();
  assert.ok(resident <= 2, `${resident} files hold their trees`);
  assert.ok(reparses > 0);
  // Hovers read the trees too.
  const template = 'examples/cloudformation/eks-vpc.yaml';
  const at = files.get(template)!.indexOf('!Select');
  assert.ok(at > 0);
  assert.deepEqual(dropped.engine.hover(template, at + 2), kept.engine.hover(template, at + 2));
});

test('an open document keeps its tree: reading it never makes it again', () => {
  const files = readFixture(path.join(REPO, 'examples'), REPO);
  const engine = new Engine(undefined, { residentFiles: 0 });
  const open = 'examples/cloudformation/eks-vpc.yaml';
  engine.keepParsed(open, true);
  for (const [id, text] of files) engine.setFile(id, text);
  engine.analyze();
  const before = engine.syntaxResidency().reparses;
  const at = files.get(open)!.indexOf('!Select') + 2;
  assert.ok(engine.hover(open, at), 'a hover on the open template');
  engine.fixes(open, { start: 0, end: files.get(open)!.length });
  assert.equal(engine.syntaxResidency().reparses, before, 'the open file was read from its kept tree');
  // A closed one is made again when read.
  engine.keepParsed(open, false);
  const other = 'examples/cloudformation/eks-vpc.yaml';
  engine.setFile(other, `${files.get(other)!}\n`);
  engine.analyze();
  const after = engine.syntaxResidency().reparses;
  engine.hover(other, at);
  assert.ok(engine.syntaxResidency().reparses > after, 'the closed file was dropped and made again');
});

test('an analysis that regroups the workspace parses no dropped tree again; a parameters file edit parses its template once', () => {
  const files = readFixture(path.join(REPO, 'examples'), REPO);
  const engine = new Engine(undefined, { residentFiles: 2 });
  for (const [id, text] of files) engine.setFile(id, text);
  // Findings only: their fixes are written from the trees when read, so they would parse again.
  assert.ok(engine.analyze().findings.length > 10);
  // Templates refine from the fragment made at build; Terraform keeps its trees.
  assert.equal(engine.syntaxResidency().reparses, 0, 'the first analysis parsed nothing again');
  // A file that comes refines every file again: still nothing is parsed again.
  engine.setFile('examples/cloudformation/notes.yaml', 'note: nothing eksnet reads\n');
  engine.analyze();
  assert.equal(engine.syntaxResidency().reparses, 0, 'the regrouping parsed nothing again');
  // A parameters file for a template: that template is evaluated with it, from its tree made again.
  const template = 'examples/cloudformation/eks-vpc.yaml';
  engine.setFile('examples/cloudformation/eks-vpc.parameters.json', '[]\n');
  engine.analyze();
  assert.equal(engine.syntaxResidency().reparses, 1, 'only the template was parsed again');
  const withParams = engine.analyze().findings.map(seen);
  const fresh = new Engine();
  for (const id of engine.fileIds()) fresh.setFile(id, engine.text(id)!);
  assert.deepEqual(withParams, fresh.analyze().findings.map(seen));
  assert.ok(withParams.some((f) => f.file === template));
});
