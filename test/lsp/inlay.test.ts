import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';

/** Inlay hints through the bundled server: advertised, converted to positions, and off by setting. */
const CLUSTER =
  'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a, region: us-west-2}\nvpc:\n  cidr: 10.0.0.0/16\n  subnets:\n    private:\n      us-west-2a: { cidr: 10.0.0.0/24 }\n      us-west-2b: { cidr: 10.0.1.0/28 }\n';

let dir: string;
let client: LspClient;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-inlay-'));
  client = new LspClient();
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('inlay hints show usable addresses after subnet CIDRs, and stop when the setting is off', async () => {
  const r = await client.initialize(dir);
  assert.equal(r.capabilities.inlayHintProvider, true);
  const file = path.join(dir, 'cluster.yaml');
  client.open(file, CLUSTER);
  const ask = () =>
    client.conn.sendRequest<{ position: { line: number; character: number }; label: string }[]>(
      'textDocument/inlayHint',
      {
        textDocument: { uri: uri(file) },
        range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
      },
    );
  assert.deepEqual(await ask(), [
    { position: { line: 7, character: 37 }, label: ' 251 usable' },
    { position: { line: 8, character: 37 }, label: ' 11 usable' },
  ]);
  client.config = { inlayHints: false };
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  // The configuration is pulled asynchronously; poll until the server has applied it.
  for (let i = 0; i < 50 && (await ask()).length > 0; i++) await new Promise((res) => setTimeout(res, 20));
  assert.deepEqual(await ask(), []);
});
