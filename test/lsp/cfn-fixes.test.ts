import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';
import { LineIndex } from '../../server/src/engine';

/**
 * The CloudFormation quick fixes over stdio, in YAML block style, YAML flow style and JSON: the
 * code action adds the subnet tag or sets EnableDnsHostnames, and once the editor applies it the
 * diagnostic goes away.
 */
const BLOCK = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      Tags:
        - Key: kubernetes.io/cluster/demo
          Value: owned
  Igw:
    Type: AWS::EC2::InternetGateway
  Rt:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  Default:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Rt
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref Igw
  Public:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.0.0/24
      Tags:
        - Key: Name
          Value: public
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref Public
      RouteTableId: !Ref Rt
`;

const FLOW = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16, Tags: [{Key: kubernetes.io/cluster/demo, Value: owned}]}}
  Igw: {Type: AWS::EC2::InternetGateway}
  Rt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  Default: {Type: AWS::EC2::Route, Properties: {RouteTableId: !Ref Rt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}}
  Public: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  Assoc: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Public, RouteTableId: !Ref Rt}}
`;

const JSON_TEMPLATE = JSON.stringify(
  {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Vpc: {
        Type: 'AWS::EC2::VPC',
        Properties: { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'kubernetes.io/cluster/demo', Value: 'owned' }] },
      },
      Igw: { Type: 'AWS::EC2::InternetGateway' },
      Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      Default: {
        Type: 'AWS::EC2::Route',
        Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } },
      },
      Public: {
        Type: 'AWS::EC2::Subnet',
        Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', Tags: [{ Key: 'Name', Value: 'public' }] },
      },
      Assoc: {
        Type: 'AWS::EC2::SubnetRouteTableAssociation',
        Properties: { SubnetId: { Ref: 'Public' }, RouteTableId: { Ref: 'Rt' } },
      },
    },
  },
  null,
  2,
);

interface Pos {
  line: number;
  character: number;
}
interface Action {
  title: string;
  edit: { changes: Record<string, { range: { start: Pos; end: Pos }; newText: string }[]> };
}

let dir: string;
let client: LspClient;
const texts = new Map<string, string>();

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-cfn-'));
  client = new LspClient();
  await client.initialize(dir);
  for (const [name, text] of [
    ['block.yaml', BLOCK],
    ['flow.yaml', FLOW],
    ['template.json', JSON_TEMPLATE],
  ]) {
    const f = path.join(dir, name);
    texts.set(f, text);
    client.open(f, text);
  }
  await client.waitFor((get) =>
    [...texts.keys()].every((f) => get(f).some((d) => d.code === 'subnet-missing-elb-tag')),
  );
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Requests the quick fix of a rule's diagnostic, applies it like an editor, and waits for the diagnostic to go. */
async function applyFix(file: string, rule: string): Promise<string> {
  const diag = client.diagnostics(file).find((d) => d.code === rule);
  assert.ok(diag, `${rule} reported in ${path.basename(file)}`);
  const actions = await client.conn.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: diag.range,
    context: { diagnostics: [diag], only: ['quickfix'] },
  });
  assert.equal(actions.length, 1, `${rule}: one quick fix`);
  const before = texts.get(file)!;
  const idx = new LineIndex(before);
  const edits = [...actions[0].edit.changes[uri(file)]].sort(
    (a, b) => idx.offset(b.range.start) - idx.offset(a.range.start),
  );
  let after = before;
  for (const e of edits)
    after = after.slice(0, idx.offset(e.range.start)) + e.newText + after.slice(idx.offset(e.range.end));
  texts.set(file, after);
  client.change(file, after);
  await client.waitFor((get) => !get(file).some((d) => d.code === rule));
  return after;
}

test('YAML block style: the tag goes into the existing block list, the DNS flag is inserted among the properties', async () => {
  const f = path.join(dir, 'block.yaml');
  let text = await applyFix(f, 'subnet-missing-elb-tag');
  assert.match(text, / {8}- Key: Name\n {10}Value: public\n {8}- Key: kubernetes\.io\/role\/elb\n {10}Value: "1"\n/);
  text = await applyFix(f, 'vpc-dns-hostnames-disabled');
  assert.match(
    text,
    / {6}CidrBlock: 10\.0\.0\.0\/16\n {6}Tags:\n {8}- Key: kubernetes\.io\/cluster\/demo\n {10}Value: owned\n {6}EnableDnsHostnames: true\n/,
  );
});

test('YAML flow style: a Tags list is created inside the flow map, the DNS flag appended to it', async () => {
  const f = path.join(dir, 'flow.yaml');
  let text = await applyFix(f, 'subnet-missing-elb-tag');
  assert.match(text, /CidrBlock: 10\.0\.0\.0\/24, Tags: \[\{ Key: kubernetes\.io\/role\/elb, Value: "1" \}\]\}\}/);
  text = await applyFix(f, 'vpc-dns-hostnames-disabled');
  assert.match(text, /Value: owned\}\], EnableDnsHostnames: true\}\}/);
});

test('JSON: the tag and the flag are added as JSON, on lines of their own, and the result is still JSON', async () => {
  const f = path.join(dir, 'template.json');
  await applyFix(f, 'subnet-missing-elb-tag');
  const text = await applyFix(f, 'vpc-dns-hostnames-disabled');
  const parsed = JSON.parse(text) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
  assert.deepEqual(parsed.Resources.Public.Properties.Tags, [
    { Key: 'Name', Value: 'public' },
    { Key: 'kubernetes.io/role/elb', Value: '1' },
  ]);
  assert.equal(parsed.Resources.Vpc.Properties.EnableDnsHostnames, true);
  assert.match(text, /\n {8}"EnableDnsHostnames": true\n/);
});
