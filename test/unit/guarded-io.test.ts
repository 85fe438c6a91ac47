import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readGuarded } from '../../server/src/workspace/readGuarded';
import { WorkspaceScope } from '../../server/src/workspace/scope';
import { Converter } from '../../server/src/lsp/convert';
import { MAX_PUBLISHED_PER_FILE } from '../../server/src/lsp/session';
import type { Finding, Severity } from '../../server/src/engine';

/** The guarded read and the publish cap, in-process (the FIFO and device cases run as child processes elsewhere). */
test('readGuarded reads a file of exactly the limit and refuses one byte more, naming the limit', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-read-'));
  try {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'é'.repeat(1024));
    assert.deepEqual(readGuarded(file, 2048), { ok: true, text: 'é'.repeat(1024) });
    fs.appendFileSync(file, 'x');
    const over = readGuarded(file, 2048);
    assert.equal(over.ok, false);
    assert.deepEqual(over.ok ? undefined : [over.reason, over.message], ['too-large', 'is larger than 2 KiB']);
    const missing = readGuarded(path.join(dir, 'nope.yaml'), 2048);
    assert.deepEqual(missing.ok ? undefined : missing.reason, 'missing');
    assert.deepEqual((readGuarded(dir, 2048) as { reason: string }).reason, 'directory');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'readGuarded reads past what fstat says, up to the limit (files that grow, /proc files of size 0)',
  { skip: !fs.existsSync('/proc/self/status') },
  () => {
    assert.equal(fs.statSync('/proc/self/status').size, 0);
    const r = readGuarded('/proc/self/status', 1024 * 1024);
    assert.ok(r.ok && /^Name:/.test(r.text));
    assert.deepEqual((readGuarded('/proc/self/status', 10) as { message: string }).message, 'is larger than 10 bytes');
  },
);

test('WorkspaceScope reads only candidate files inside a folder, outside skipped folders and excludes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-scope-'));
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-scope-other-'));
  try {
    for (const f of ['ok.yaml', 'notes.txt', 'gen/x.yaml', '.git/x.yaml']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), 'a: 1\n');
    }
    fs.writeFileSync(path.join(other, 'x.yaml'), 'a: 1\n');
    const scope = new WorkspaceScope([dir], { exclude: ['gen/**'], maxFileSizeKb: 1 });
    const reason = (f: string) => {
      const r = scope.read(f);
      return r.ok ? 'ok' : r.reason;
    };
    assert.equal(reason(path.join(dir, 'ok.yaml')), 'ok');
    assert.equal(reason(path.join(dir, 'notes.txt')), 'excluded');
    assert.equal(reason(path.join(dir, 'gen', 'x.yaml')), 'excluded');
    assert.equal(reason(path.join(dir, '.git', 'x.yaml')), 'excluded');
    assert.equal(reason(path.join(other, 'x.yaml')), 'outside-root');
    assert.equal(reason(path.join(dir, '..', path.basename(other), 'x.yaml')), 'outside-root');
    if (process.platform !== 'win32') {
      fs.symlinkSync(path.join(other, 'x.yaml'), path.join(dir, 'link.yaml'));
      assert.equal(reason(path.join(dir, 'link.yaml')), 'outside-root');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(other, { recursive: true, force: true });
  }
});

function finding(i: number, severity: Severity): Finding {
  return {
    ruleId: 'subnet-size',
    messageId: 'm',
    message: `finding ${i}`,
    severity,
    file: 'file:///a.yaml',
    span: { start: i, end: i + 1 },
    related: [],
    fixes: [],
  };
}

test('a publish holds at most the cap, keeps the most severe and says how many more there are', () => {
  const convert = new Converter(() => 'x'.repeat(10_000));
  const n = MAX_PUBLISHED_PER_FILE + 700;
  // Hints first, errors last: a plain slice would publish no error at all.
  const findings = Array.from({ length: n }, (_, i) => finding(i, i < n - 10 ? 'hint' : 'error'));
  const published = convert.diagnostics(findings, MAX_PUBLISHED_PER_FILE);
  assert.equal(published.length, MAX_PUBLISHED_PER_FILE + 1);
  assert.equal(published.filter((d) => d.severity === 1).length, 10);
  const summary = published[published.length - 1];
  assert.match(typeof summary.message === 'string' ? summary.message : '', /^700 more findings not shown/);
  assert.equal(summary.severity, 4, 'as severe as the most severe finding left out (hints)');
  // Under the cap nothing changes: every finding, in the engine's order, and no summary.
  const few = convert.diagnostics(findings.slice(0, 3), MAX_PUBLISHED_PER_FILE);
  assert.deepEqual(
    few.map((d) => d.message),
    ['finding 0', 'finding 1', 'finding 2'],
  );
});
