import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Connection } from 'vscode-languageserver';
import { Session } from '../../server/src/lsp/session';
import { pathToUri } from '../../server/src/lsp/convert';
import { REPO } from '../helpers/workspace';

/**
 * A long editing session must not keep what closed buffers held: the engine's file, the parse
 * caches, the line index the position converter built, the last published diagnostics. Checked
 * twice: exactly, on the sizes of the per-file structures, and once on the heap after forced GC
 * (which also sees caches the structure counts do not, such as the YAML parser's).
 */
const ENI =
  'apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: NAME\nspec:\n  securityGroups: [sg-0123456789abcdef0]\n';

/** A multi-document file (each document's parse is cached separately) unique to `i`. */
function text(i: number): string {
  const pad = `# ${'x'.repeat(98)}\n`.repeat(100);
  return Array.from({ length: 10 }, (_, k) => `---\n${pad}${ENI.replace('NAME', `f${i}-${k}`)}`).join('');
}

const quiet = {
  console: { warn() {}, info() {}, log() {}, error() {} },
  sendDiagnostics: () => Promise.resolve(),
  sendNotification: () => Promise.resolve(),
} as unknown as Connection;

test('open, hover and close cycles return every per-file structure to its baseline', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-leak-'));
  try {
    const session = new Session(quiet);
    session.folders = [pathToUri(dir)];
    const onDisk = path.join(dir, 'disk.yaml');
    fs.writeFileSync(onDisk, text(-1));
    const baseline = session.sizes();
    for (let i = 0; i < 200; i++) {
      // Files that exist only in the editor, and one on disk opened and closed over and over.
      const uri = i % 2 ? pathToUri(path.join(dir, `unsaved-${i}.yaml`)) : pathToUri(onDisk);
      session.openOrChange(uri, text(i));
      session.publishAll();
      session.convert.offset(uri, { line: 3, character: 2 });
      session.close(uri);
      session.publishAll();
    }
    // The disk file is back to its disk text: one engine file, one published set, nothing else.
    assert.deepEqual(session.sizes(), { ...baseline, engineFiles: 1, fromDisk: 1, published: 1, lineIndexes: 1 });
    session.diskChanged(pathToUri(onDisk), true);
    session.publishAll();
    assert.deepEqual(session.sizes(), baseline);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A Terraform file of 200 subnets unique to `i`; each lives in its own folder, which is a module. */
function terraform(i: number): string {
  return Array.from(
    { length: 200 },
    (_, k) => `resource "aws_subnet" "s${k}" {\n  vpc_id = "vpc-${i}"\n  cidr_block = "10.0.${k}.0/24"\n}\n`,
  ).join('');
}

test('open/close cycles of YAML and Terraform files retain less than 25 MB of heap after GC', () => {
  // Before the caches were released on close, the YAML cycles retained about 50 MB and the
  // Terraform cycles (each folder's evaluated module) about 90 MB.
  const script = `
    const { Session } = require(${JSON.stringify(path.join(REPO, 'out/server/src/lsp/session.js'))});
    const text = ${text.toString()};
    const terraform = ${terraform.toString()};
    const ENI = ${JSON.stringify(ENI)};
    const quiet = {
      console: { warn() {}, info() {}, log() {}, error() {} },
      sendDiagnostics: async () => undefined,
      sendNotification: async () => undefined,
    };
    const session = new Session(quiet);
    session.engine.ready().then(() => {
      global.gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < 400; i++) {
        const uri = i % 4 ? 'file:///nonexistent/f' + i + '.yaml' : 'file:///nonexistent/d' + i + '/main.tf';
        session.openOrChange(uri, i % 4 ? text(i) : terraform(i));
        session.publishAll();
        session.close(uri);
        session.publishAll();
      }
      global.gc();
      process.stdout.write(String((process.memoryUsage().heapUsed - before) / 1e6));
    });
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const retainedMb = Number(r.stdout);
  assert.ok(retainedMb < 25, `${retainedMb.toFixed(1)} MB retained`);
});
