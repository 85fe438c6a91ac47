import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';
import { LineIndex } from '../../server/src/engine';

/** Hover on CloudFormation intrinsic functions over stdio, in YAML short form and JSON long form. */
const YAML = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  VpcBlock: {Type: String, Default: 192.168.0.0/16}
Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref VpcBlock}
  Subnet02:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref VPC
      CidrBlock: !Select [2, !Cidr [!GetAtt VPC.CidrBlock, 4, 14]]
`;

const JSON_TEMPLATE = JSON.stringify(
  {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { VpcBlock: { Type: 'String', Default: '10.0.0.0/16' } },
    Resources: {
      VPC: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: { Ref: 'VpcBlock' } } },
      Subnet: {
        Type: 'AWS::EC2::Subnet',
        Properties: {
          VpcId: { Ref: 'VPC' },
          CidrBlock: { 'Fn::Select': [3, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['VPC', 'CidrBlock'] }, 4, 8] }] },
        },
      },
    },
  },
  null,
  2,
);

let dir: string;
let client: LspClient;
const files: Record<string, string> = {};

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-cfn-hover-'));
  client = new LspClient();
  await client.initialize(dir);
  for (const [name, text] of [
    ['vpc.yaml', YAML],
    ['vpc.json', JSON_TEMPLATE],
  ]) {
    files[name] = path.join(dir, name);
    client.open(files[name], text);
  }
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function hover(name: 'vpc.yaml' | 'vpc.json', text: string, needle: string): Promise<string> {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const position = new LineIndex(text).position(at + 1);
  // The server indexes the opened buffers asynchronously; ask until the answer comes.
  for (let i = 0; i < 50; i++) {
    const h = await client.conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: uri(files[name]) },
      position,
    });
    if (h) return h.contents.value;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`no hover at ${needle} in ${name}`);
}

test('YAML: hover on !Select of !Cidr shows the block it evaluates to', async () => {
  const h = await hover('vpc.yaml', YAML, '!Select');
  assert.ok(h.includes('= `192.168.128.0/18`'), h);
  const ref = await hover('vpc.yaml', YAML, '!Ref VpcBlock');
  assert.ok(ref.includes('= `192.168.0.0/16`'), ref);
});

test('JSON: hover on the Fn::Select key of the long form shows the same evaluation', async () => {
  const h = await hover('vpc.json', JSON_TEMPLATE, '"Fn::Select"');
  assert.ok(h.includes('= `10.0.3.0/24`'), h);
});
