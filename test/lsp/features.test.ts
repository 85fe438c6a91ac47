import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';

/** Hover and code actions over stdio: what an editor user sees and applies. */
const AWS_NODE = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata:',
  '  name: aws-node',
  '  namespace: kube-system',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: aws-node',
  '          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.23.1',
  '          env:',
  '            - name: AWS_VPC_K8S_CNI_EXTERNALSNAT',
  '              value: "yes"',
  '            - name: ENABLE_IPv4',
  '              value: "true"',
  '',
].join('\n');

let dir: string;
let client: LspClient;
let file: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-features-'));
  file = path.join(dir, 'aws-node.yaml');
  client = new LspClient();
  await client.initialize(dir);
  client.open(file, AWS_NODE);
  await client.waitFor((get) => get(file).some((d) => d.code === 'aws-node-env-invalid'));
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('hover on an env var name explains it in Markdown', async () => {
  const h = await client.conn.sendRequest<{
    contents: { kind: string; value: string };
    range: { start: { line: number; character: number } };
  }>('textDocument/hover', {
    textDocument: { uri: uri(file) },
    position: { line: 12, character: 25 },
  });
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /AWS_VPC_K8S_CNI_EXTERNALSNAT/);
  assert.match(h.contents.value, /SNAT/);
  assert.deepEqual(h.range.start, { line: 12, character: 20 });
});

test('hover elsewhere returns nothing rather than an error', async () => {
  const h = await client.conn.sendRequest('textDocument/hover', {
    textDocument: { uri: uri(file) },
    position: { line: 1, character: 2 },
  });
  assert.equal(h, null);
});

test('the quick fix for "yes" round-trips: applying it removes the diagnostic', async () => {
  const diag = client.diagnostics(file).find((d) => d.code === 'aws-node-env-invalid')!;
  assert.deepEqual(diag.range.start, { line: 13, character: 21 });
  const actions = await client.conn.sendRequest<
    {
      title: string;
      kind: string;
      isPreferred: boolean;
      edit: {
        changes: Record<
          string,
          {
            range: { start: { line: number; character: number }; end: { line: number; character: number } };
            newText: string;
          }[]
        >;
      };
    }[]
  >('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: diag.range,
    context: { diagnostics: [diag], only: ['quickfix'] },
  });
  assert.equal(actions.length, 1);
  assert.equal(actions[0].kind, 'quickfix');
  assert.match(actions[0].title, /true/);
  const edits = actions[0].edit.changes[uri(file)];
  assert.equal(edits.length, 1);
  assert.equal(edits[0].newText, '"true"');
  // Apply the edit the way the editor would, and send the new text.
  const lines = AWS_NODE.split('\n');
  const e = edits[0];
  lines[e.range.start.line] =
    lines[e.range.start.line].slice(0, e.range.start.character) +
    e.newText +
    lines[e.range.start.line].slice(e.range.end.character);
  client.change(file, lines.join('\n'));
  await client.waitFor((get) => !get(file).some((d) => d.code === 'aws-node-env-invalid'));
});

test('a code action request for a diagnostic from an older text returns no stale fix', async () => {
  const actions = await client.conn.sendRequest<unknown[]>('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: { start: { line: 13, character: 21 }, end: { line: 13, character: 26 } },
    context: {
      diagnostics: [
        {
          range: { start: { line: 13, character: 21 }, end: { line: 13, character: 26 } },
          message: 'x',
          data: { key: 'aws-node-env-invalid|bool|1-2' },
        },
      ],
    },
  });
  assert.deepEqual(actions, []);
});
