import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';

/**
 * The bundled language server over stdio, as any editor runs it (`node dist/server.js --stdio`).
 * A workspace folder on disk is indexed at start; open buffers override it.
 */
const ENI_MISSING_SUBNET =
  'apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: us-west-2a\nspec:\n  securityGroups: [sg-0123456789abcdef0]\n';
const ENI_OK = ENI_MISSING_SUBNET.replace('spec:\n', 'spec:\n  subnet: subnet-0123456789abcdef0\n');

let dir: string;
let client: LspClient;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-'));
  fs.writeFileSync(path.join(dir, 'on-disk.yaml'), ENI_MISSING_SUBNET);
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'node_modules', 'ignored.yaml'), ENI_MISSING_SUBNET);
  client = new LspClient();
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('initialize advertises hover, quick fixes and UTF-16 positions', async () => {
  const r = await client.initialize(dir);
  assert.equal(r.capabilities.positionEncoding, 'utf-16');
  assert.equal(r.capabilities.hoverProvider, true);
  assert.deepEqual((r.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix']);
});

test('files on disk are indexed at start, node_modules is skipped', async () => {
  const file = path.join(dir, 'on-disk.yaml');
  await client.waitFor((get) => get(file).length > 0);
  const d = client.diagnostics(file)[0];
  assert.equal(d.code, 'eniconfig-schema');
  assert.match(d.codeDescription!.href, /docs\/rules\/eniconfig-schema\.md$/);
  assert.deepEqual(d.range.start, { line: 4, character: 0 });
  assert.equal(d.severity, 1);
  assert.deepEqual(client.diagnostics(path.join(dir, 'node_modules', 'ignored.yaml')), []);
});

test('an open buffer overrides disk and diagnostics follow each edit', async () => {
  const file = path.join(dir, 'on-disk.yaml');
  client.open(file, ENI_OK);
  await client.waitFor((get) => get(file).length === 0);
  client.change(file, ENI_OK.replace('subnet-0123456789abcdef0', 'my-subnet'));
  await client.waitFor((get) => get(file).some((d) => /not a subnet ID/.test(d.message)));
  const d = client.diagnostics(file)[0];
  assert.equal(d.code, 'eniconfig-schema');
  assert.equal(d.range.start.line, 5);
});

test('closing a buffer reverts to the disk text', async () => {
  const file = path.join(dir, 'on-disk.yaml');
  void client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
  await client.waitFor((get) => get(file).some((d) => /is required/.test(d.message)));
});

test('a rule turned off in the settings disappears from the diagnostics', async () => {
  const file = path.join(dir, 'on-disk.yaml');
  client.config = { rules: { 'eniconfig-schema': 'off' } };
  void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await client.waitFor((get) => get(file).length === 0);
  client.config = {};
  void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await client.waitFor((get) => get(file).length > 0);
});

test('a file created on disk is picked up from the watcher event', async () => {
  const file = path.join(dir, 'new.yaml');
  fs.writeFileSync(file, ENI_MISSING_SUBNET);
  void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(file), type: 1 }] });
  await client.waitFor((get) => get(file).length > 0);
  fs.unlinkSync(file);
  void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(file), type: 3 }] });
  await client.waitFor((get) => get(file).length === 0);
});
