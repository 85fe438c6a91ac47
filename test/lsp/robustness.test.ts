import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';

/**
 * The bundled server keeps working after hostile buffers: alias bombs, deep nesting, binary and
 * UTF-16 text, half-typed files, and requests at positions past the end of the document. Each
 * request must get an answer (any answer), and afterwards an ordinary file must still get its
 * diagnostics and hovers.
 */
const ENI_MISSING_SUBNET =
  'apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: us-west-2a\nspec:\n  securityGroups: [sg-0123456789abcdef0]\n';

function aliasBomb(indent: string): string {
  const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  return lines.map((l) => indent + l).join('\n') + '\n';
}

const HOSTILE: Record<string, string> = {
  'bomb.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n${aliasBomb('  ')}Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Select [0, *a11]\n      Tags: *a11\n`,
  'values.yaml': `${aliasBomb('')}env:\n  AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: *a11\n`,
  'deep.tf': `locals {\n  a = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n  b = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]\n}\nmodule "self" {\n  source = "./"\n}\n`,
  'open.tf': `resource "aws_subnet" "s" {\n  cidr_block = cidrsubnet(${'['.repeat(5_000)}`,
  'deep.yaml': `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(10_000)}\n`,
  'binary.yaml': '\u0000\u0001\u0002\ud800garbage',
  'utf16.yaml': Buffer.from(`\ufeff${ENI_MISSING_SUBNET}`, 'utf16le').swap16().toString('utf8'),
  'half.yaml': ENI_MISSING_SUBNET.slice(0, 70),
  'template.json': `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"S":{"Type":"AWS::EC2::Subnet","Properties":{"CidrBlock":{"Fn::Select":[0,{"Fn::Cidr":["10.0.0.0/8",65536,8]}]`,
};

let dir: string;
let client: LspClient;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-robust-'));
  client = new LspClient();
  await client.initialize(dir);
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A request that must be answered (with anything, even null) within the deadline. */
async function answered(method: string, params: unknown, ms = 10_000): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${method} got no answer in ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([client.conn.sendRequest(method, params), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

test('hostile buffers and out-of-range positions get answers, and the server keeps serving', async () => {
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (const [name, text] of Object.entries(HOSTILE)) {
    const file = path.join(dir, name);
    client.open(file, text, name.endsWith('.tf') ? 'terraform' : name.endsWith('.json') ? 'json' : 'yaml');
    const lines = text.split('\n');
    const positions = [
      { line: 0, character: 0 },
      { line: lines.length - 1, character: lines[lines.length - 1].length },
      { line: lines.length + 5, character: 3 },
      { line: 0, character: 1_000_000 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
      ...Array.from({ length: 6 }, () => {
        const line = random(lines.length);
        return { line, character: random(lines[line].length + 4) };
      }),
    ];
    const textDocument = { uri: uri(file) };
    for (const position of positions) {
      await answered('textDocument/hover', { textDocument, position });
      await answered('textDocument/completion', { textDocument, position });
      await answered('textDocument/codeAction', {
        textDocument,
        range: { start: { line: 0, character: 0 }, end: position },
        context: { diagnostics: [] },
      });
    }
    await answered('textDocument/inlayHint', {
      textDocument,
      range: { start: { line: 0, character: 0 }, end: { line: lines.length + 10, character: 0 } },
    });
  }
  // The Terraform cycle in deep.tf is reported at its source attribute, so analysis ran to the end.
  const deep = path.join(dir, 'deep.tf');
  await client.waitFor((get) => get(deep).some((d) => /calls the folder of the root module again/.test(d.message)));
  assert.ok(client.diagnostics(deep).some((d) => /nested more than 200 levels/.test(d.message)));

  // An ordinary file still gets its diagnostics and hovers.
  const normal = path.join(dir, 'eni.yaml');
  client.open(normal, ENI_MISSING_SUBNET);
  await client.waitFor((get) => get(normal).some((d) => d.code === 'eniconfig-schema'));
  const d = client.diagnostics(normal).find((x) => x.code === 'eniconfig-schema')!;
  assert.deepEqual(d.range.start, { line: 4, character: 0 });
  const fixed = ENI_MISSING_SUBNET.replace('spec:\n', 'spec:\n  subnet: subnet-0123456789abcdef0\n');
  client.change(normal, fixed);
  await client.waitFor((get) => get(normal).length === 0);
  const hover = await answered('textDocument/hover', {
    textDocument: { uri: uri(normal) },
    position: { line: 1, character: 2 },
  });
  assert.notEqual(hover, undefined);
});
