import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';
import { LineIndex } from '../../server/src/engine';

/**
 * Incremental text sync and background indexing over the real server: the buffer the server builds
 * from `didChange` ranges must be the client's buffer exactly (checked by comparing its diagnostics
 * with those of the same text opened whole), and indexing reports work-done progress while open
 * files get their diagnostics first.
 */

const CRLF = (s: string) => s.replace(/\n/g, '\r\n');
const ENI = CRLF(
  'apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: us-west-2a\nspec:\n  subnet: subnet-0123456789abcdef0\n  securityGroups: [sg-0123456789abcdef0]\n',
);

/** A change of [from, to) of `text` into `insert`, as a client sends it, and the text it leaves. */
function edit(text: string, from: number, to: number, insert: string) {
  const idx = new LineIndex(text);
  return {
    change: { range: { start: idx.position(from), end: idx.position(to) }, text: insert },
    next: text.slice(0, from) + insert + text.slice(to),
  };
}

type Diags = ReturnType<LspClient['diagnostics']>;
const shape = (ds: Diags) => ds.map((d) => ({ range: d.range, code: d.code, message: d.message }));

test('incremental changes at the start, middle and end, batched, with CRLF and astral characters', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-incr-'));
  const client = new LspClient();
  try {
    const r = await client.initialize(dir);
    assert.equal((r.capabilities.textDocumentSync as { change: number }).change, 2);
    const a = path.join(dir, 'a.yaml');
    let text = ENI;
    client.open(a, text);

    // Start: a comment line with astral characters (two UTF-16 units each) and CRLF.
    let e = edit(text, 0, 0, '# 😀 owner: 😀😀\r\n');
    client.changeRanges(a, [e.change], 2);
    text = e.next;
    // Middle: the subnet id on what is now line 6, after the first edit moved it down.
    const at = text.indexOf('subnet-0123');
    e = edit(text, at, at + 'subnet-0123456789abcdef0'.length, 'my-subnet');
    client.changeRanges(a, [e.change], 3);
    text = e.next;
    await client.waitFor((get) => get(a).some((d) => /not a subnet ID/.test(d.message)));
    const bad = client.diagnostics(a).find((d) => /not a subnet ID/.test(d.message))!;
    assert.deepEqual(bad.range.start, { line: 6, character: 10 });

    // End, then one batch of two changes where the second's range is in the text the first left.
    e = edit(
      text,
      text.length,
      text.length,
      CRLF(
        '---\napiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: 😀\nspec:\n  subnet: bad😀id\n',
      ),
    );
    client.changeRanges(a, [e.change], 4);
    text = e.next;
    const first = edit(text, 0, text.indexOf('\n') + 1, '');
    const second = edit(first.next, first.next.indexOf('bad😀id'), first.next.indexOf('bad😀id') + 7, 'also😀bad');
    client.changeRanges(a, [first.change, second.change], 5);
    text = second.next;
    await client.waitFor((get) => get(a).some((d) => /also😀bad/.test(d.message)));

    // The same text opened whole must give the same diagnostics.
    const b = path.join(dir, 'b.yaml');
    const incremental = shape(client.diagnostics(a));
    void client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(a) } });
    await client.waitFor((get) => get(a).length === 0);
    client.open(b, text);
    await client.waitFor((get) => get(b).some((d) => /also😀bad/.test(d.message)));
    assert.deepEqual(shape(client.diagnostics(b)), incremental);
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('indexing reports work-done progress, and an open file gets its diagnostics before it ends', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-progress-'));
  const missingSubnet = ENI.replace(/ {2}subnet: .*\r\n/, '');
  for (let i = 0; i < 400; i++) fs.writeFileSync(path.join(dir, `eni-${i}.yaml`), missingSubnet);
  const client = new LspClient();
  try {
    await client.initialize(dir, { window: { workDoneProgress: true } });
    const open = path.join(dir, 'unsaved.yaml');
    client.open(open, missingSubnet);
    // A request sent once indexing has begun is answered between batches, before indexing ends.
    await client.waitForEvent((e) => e.kind === 'progress' && e.value.kind === 'begin', 60_000);
    await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: uri(open) },
      position: { line: 1, character: 2 },
    });
    const answeredWhileIndexing = !client.events.some((e) => e.kind === 'progress' && e.value.kind === 'end');
    await client.waitForEvent((e) => e.kind === 'progress' && e.value.kind === 'end', 60_000);
    assert.ok(answeredWhileIndexing, 'the hover was answered before indexing ended');
    const kinds = client.events.map((e) => (e.kind === 'progress' ? e.value.kind : e.uri));
    const begin = kinds.indexOf('begin');
    const end = kinds.indexOf('end');
    assert.ok(begin >= 0 && begin < end, `begin before end: ${kinds.join(' ')}`);
    assert.ok(kinds.indexOf('report') > begin, 'progress is reported between begin and end');
    const openAt = kinds.indexOf(uri(open));
    assert.ok(openAt >= 0 && openAt < end, `the open file's diagnostics come before indexing ends: ${openAt}, ${end}`);
    // Files indexed from disk are published once the whole workspace is read, never from half of it.
    const early = kinds.slice(0, end).filter((k) => k.startsWith('file:') && k !== uri(open));
    assert.deepEqual(early, []);
    await client.waitFor((get) => get(path.join(dir, 'eni-399.yaml')).length > 0);
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("an open file's neighbours are indexed first, so a finding that needs them comes before indexing ends", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-neighbours-'));
  // The filler sorts before the module's folder, so a plain walk would read the VPC file last.
  fs.mkdirSync(path.join(dir, 'aaa'));
  const missingSubnet = ENI.replace(/ {2}subnet: .*\r\n/, '');
  for (let i = 0; i < 400; i++) fs.writeFileSync(path.join(dir, 'aaa', `eni-${i}.yaml`), missingSubnet);
  fs.mkdirSync(path.join(dir, 'mod'));
  fs.writeFileSync(path.join(dir, 'mod', 'vpc.tf'), 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n');
  const subnet = 'resource "aws_subnet" "a" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "192.168.0.0/24"\n}\n';
  const open = path.join(dir, 'mod', 'subnet.tf');
  fs.writeFileSync(open, subnet);
  const client = new LspClient();
  try {
    await client.initialize(dir, { window: { workDoneProgress: true } });
    client.open(open, subnet, 'terraform');
    await client.waitForEvent((e) => e.kind === 'progress' && e.value.kind === 'end', 60_000);
    const kinds = client.events.map((e) => (e.kind === 'progress' ? e.value.kind : e.uri));
    const end = kinds.indexOf('end');
    const firstOpen = kinds.indexOf(uri(open));
    assert.ok(
      firstOpen >= 0 && firstOpen < end,
      `the open file is published before indexing ends: ${firstOpen}, ${end}`,
    );
    await client.waitFor((get) => get(open).some((d) => d.code === 'subnet-outside-vpc'));
    // The publish before the end already carries the finding that needed vpc.tf.
    const early = client.events.slice(0, end).filter((e) => e.kind === 'diagnostics' && e.uri === uri(open));
    assert.ok(
      early.some((e) => e.kind === 'diagnostics' && e.count > 0),
      JSON.stringify(early),
    );
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
