import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { LspClient, uri } from '../helpers/lspClient';

/**
 * The bundled server on disk input it must not read: FIFOs and devices named by a watcher event or
 * a closed buffer, and files that discovery would have left out (skipped folders, files.exclude,
 * over the size limit, outside the workspace, past maxFiles). The server is a child process and
 * every wait has a deadline, so a read that blocks fails the test instead of hanging the suite.
 */
const ENI_MISSING_SUBNET =
  'apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: us-west-2a\nspec:\n  securityGroups: [sg-0123456789abcdef0]\n';
const ENI_OK = ENI_MISSING_SUBNET.replace('spec:\n', 'spec:\n  subnet: subnet-0123456789abcdef0\n');
const posix = process.platform !== 'win32';

let dir: string;
let outside: string;
let client: LspClient;
const logs: string[] = [];

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-io-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-outside-'));
  fs.writeFileSync(path.join(dir, 'a.yaml'), ENI_MISSING_SUBNET);
  fs.writeFileSync(path.join(dir, 'b.yaml'), ENI_MISSING_SUBNET);
  client = new LspClient();
  client.config = { maxFiles: 2, maxFileSizeKb: 1 };
  client.filesExclude = { 'excluded/**': true };
  client.conn.onNotification('window/logMessage', (m: { message: string }) => {
    logs.push(m.message);
  });
  await client.initialize(dir);
  await client.waitFor((get) => get(path.join(dir, 'b.yaml')).length > 0);
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

/** A hover on an ordinary file, which a server stuck in a read would never answer. */
async function stillAnswers(ms = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not answer within ${ms} ms: it is blocked`)), ms);
  });
  try {
    await Promise.race([
      client.conn.sendRequest('textDocument/hover', {
        textDocument: { uri: uri(path.join(dir, 'a.yaml')) },
        position: { line: 3, character: 9 },
      }),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function watched(file: string, type: 1 | 2 | 3): void {
  void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(file), type }] });
}

function close(file: string): void {
  void client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
}

test('a FIFO named by a watcher event or a closed buffer is skipped once, never opened', { skip: !posix }, async () => {
  const fifo = path.join(dir, 'fifo.yaml');
  spawnSync('mkfifo', [fifo]);
  watched(fifo, 1);
  watched(fifo, 2);
  await stillAnswers();
  client.open(fifo, ENI_MISSING_SUBNET);
  await client.waitFor((get) => get(fifo).length > 0);
  close(fifo);
  await client.waitFor((get) => get(fifo).length === 0);
  await stillAnswers();
  assert.equal(logs.filter((l) => l.includes('fifo.yaml') && /FIFO/.test(l)).length, 1, logs.join('\n'));
});

test(
  'a symlink to /dev/zero named by a watcher event is refused, not read until memory runs out',
  { skip: !posix },
  async () => {
    const zero = path.join(dir, 'zero.yaml');
    fs.symlinkSync('/dev/zero', zero);
    watched(zero, 1);
    await stillAnswers();
    client.open(zero, ENI_MISSING_SUBNET);
    await client.waitFor((get) => get(zero).length > 0);
    close(zero);
    await client.waitFor((get) => get(zero).length === 0);
    await stillAnswers();
  },
);

test('a closed buffer that discovery would have left out leaves the analysis', async () => {
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.mkdirSync(path.join(dir, 'excluded'));
  const cases = {
    skippedFolder: path.join(dir, 'node_modules', 'x.yaml'),
    excluded: path.join(dir, 'excluded', 'x.yaml'),
    tooLarge: path.join(dir, 'large.yaml'),
    outsideWorkspace: path.join(outside, 'x.yaml'),
    linkOutOfWorkspace: path.join(dir, 'link.yaml'),
  };
  for (const f of Object.values(cases)) if (f !== cases.linkOutOfWorkspace) fs.writeFileSync(f, ENI_MISSING_SUBNET);
  // Over the 1 KiB limit of this test's settings, as a 20 MB file is over the default 4 MiB.
  fs.writeFileSync(cases.tooLarge, ENI_MISSING_SUBNET + `# ${'x'.repeat(2048)}\n`);
  if (posix) fs.symlinkSync(cases.outsideWorkspace, cases.linkOutOfWorkspace);
  else delete (cases as Partial<typeof cases>).linkOutOfWorkspace;
  for (const [name, f] of Object.entries(cases)) {
    client.open(f, ENI_MISSING_SUBNET);
    await client.waitFor((get) => get(f).length > 0);
    close(f);
    await client.waitFor((get) => get(f).length === 0, 5_000).catch(() => assert.fail(`${name} stayed analysed`));
  }
  // The same files named by watcher events are not read either.
  for (const f of Object.values(cases)) watched(f, 1);
  const a = path.join(dir, 'a.yaml');
  fs.writeFileSync(a, ENI_OK);
  watched(a, 2);
  await client.waitFor((get) => get(a).length === 0);
  for (const f of Object.values(cases)) assert.deepEqual(client.diagnostics(f), [], f);
  assert.ok(
    logs.some((l) => /large\.yaml: is larger than 1 KiB/.test(l)),
    logs.join('\n'),
  );
  fs.writeFileSync(a, ENI_MISSING_SUBNET);
  watched(a, 2);
  await client.waitFor((get) => get(a).length > 0);
});

test('a file created past maxFiles is not indexed from a watcher event', async () => {
  const c = path.join(dir, 'c.yaml');
  const a = path.join(dir, 'a.yaml');
  fs.writeFileSync(c, ENI_MISSING_SUBNET);
  watched(c, 1);
  fs.writeFileSync(a, ENI_OK);
  watched(a, 2);
  await client.waitFor((get) => get(a).length === 0);
  assert.deepEqual(client.diagnostics(c), []);
  assert.ok(
    logs.some((l) => /c\.yaml: was not indexed: more than 2 files/.test(l)),
    logs.join('\n'),
  );
  // Deleting an indexed file makes room for it.
  fs.rmSync(path.join(dir, 'b.yaml'));
  watched(path.join(dir, 'b.yaml'), 3);
  watched(c, 2);
  await client.waitFor((get) => get(c).length > 0);
});

test('a request before initialize is answered with error -32002 (ServerNotInitialized)', async () => {
  const early = new LspClient();
  try {
    await assert.rejects(
      early.conn.sendRequest('textDocument/hover', {
        textDocument: { uri: uri(path.join(dir, 'a.yaml')) },
        position: { line: 0, character: 0 },
      }),
      (e: { code?: number }) => e.code === -32002,
    );
    await assert.rejects(early.conn.sendRequest('eksnet/unknown', {}), (e: { code?: number }) => e.code === -32002);
    await early.initialize(dir);
    await assert.rejects(early.conn.sendRequest('eksnet/unknown', {}), (e: { code?: number }) => e.code === -32601);
  } finally {
    await early.shutdown();
  }
});
