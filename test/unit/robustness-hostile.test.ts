import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl, parseHcl } from '../../server/src/parsers/hcl';
import { Engine } from '../../server/src/engine';
import { TfModule, type TfFile } from '../../server/src/evaluators/terraform/module';
import type { TfValue } from '../../server/src/evaluators/terraform/values';
import { exercise } from '../helpers/robustness';

/**
 * Hostile inputs, one by one: each must give a finding or an Unresolved value that says why, within
 * a deadline, and never a crash, an internal error, a hang or exhausted memory. The fuzzing of real
 * fixtures is in robustness.test.ts; Terraform evaluation limits are in robustness-terraform.test.ts.
 */
before(async () => assert.ok(await initHcl(), 'the wasm HCL parser loads'));

/** Twelve levels of nine aliases each: 9^12 nodes when expanded, a few hundred bytes as text. */
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

function engineOf(files: Record<string, string>): Engine {
  const e = new Engine();
  for (const [id, t] of Object.entries(files)) e.setFile(id, t);
  return e;
}

test('a YAML alias bomb in a CloudFormation template is cut off with a reason, not expanded', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n${aliasBomb('  ')}Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Select [0, *a11]\n      Tags: *a11\n  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: !Join ["", *a11]\n`;
  const files = new Map([['/ws/t.yaml', text]]);
  exercise(files, '/ws/t.yaml');
  const model = engineOf(Object.fromEntries(files)).analyze().model;
  const cidr = model.vpcs[0]?.cidrs[0];
  assert.equal(cidr?.kind, 'unresolved');
  assert.match(cidr.kind === 'unresolved' ? cidr.why : '', /expands to more than 100000 nodes/);
  const sub = model.subnets[0]?.cidr;
  assert.equal(sub?.kind, 'unresolved');
});

test('a YAML alias bomb in Helm values and in an eksctl config finishes and is still analysed', () => {
  const values = `${aliasBomb('')}env:\n  AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true"\n  NOT_A_CNI_SETTING: *a11\ninit:\n  env: *a11\n`;
  const found = exercise(new Map([['/ws/chart/values.yaml', values]]), '/ws/chart/values.yaml');
  assert.ok(
    found.some((f) => f.ruleId === 'aws-node-env-unknown' && /NOT_A_CNI_SETTING/.test(f.message)),
    'the values file is still read',
  );
  const eksctl = `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: x, region: us-east-1}\nx:\n${aliasBomb('  ')}vpc:\n  cidr: 10.0.0.0/8\n  subnets:\n    private: *a11\nmanagedNodeGroups: *a11\nnodeGroups: *a11\naddons: *a11\n`;
  const f2 = exercise(new Map([['/ws/cluster.yaml', eksctl]]), '/ws/cluster.yaml');
  assert.ok(
    f2.some((f) => f.ruleId === 'vpc-cidr-size'),
    'the cluster config is still read',
  );
});

test('a 5 MB single-line JSON file is read within a generous deadline', () => {
  const big = JSON.stringify(
    Array.from({ length: 60_000 }, (_, i) => ({ id: i, name: `item${i}`, tags: ['a', 'b'], v: { x: 1.5, y: null } })),
  );
  assert.ok(big.length > 4_000_000);
  exercise(new Map([['/ws/data.json', big]]), '/ws/data.json', { every: 500_000, deadlineMs: 30_000 });
});

test('10,000 levels of YAML nesting (block and flow) do not overflow the stack', () => {
  const block = `apiVersion: v1\nkind: ConfigMap\ndata:\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(2 * (i + 1))}k:`).join('\n')} v\n`;
  exercise(new Map([['/ws/deep.yaml', block]]), '/ws/deep.yaml', { deadlineMs: 15_000 });
  const flow = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
  exercise(new Map([['/ws/flow.yaml', flow]]), '/ws/flow.yaml', { deadlineMs: 15_000 });
  const json = `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"V":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":${'{"Fn::Select":[0,'.repeat(5_000)}[]${']}'.repeat(5_000)}}}}}`;
  exercise(new Map([['/ws/deep.json', json]]), '/ws/deep.json', { deadlineMs: 15_000 });
});

test('deeply nested HCL is reported where the nesting passes the limit, not a stack overflow', () => {
  const shapes: [string, string][] = [
    ['parentheses', `locals {\n  a = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n}\n`],
    ['tuples', `locals {\n  a = ${'['.repeat(5_000)}1${']'.repeat(5_000)}\n}\n`],
    ['calls', `locals {\n  a = ${'cidrsubnet('.repeat(2_000)}"10.0.0.0/8"${',0,0)'.repeat(2_000)}\n}\n`],
    ['binary chain', `locals {\n  a = 1${' + 1'.repeat(20_000)}\n}\n`],
    ['unary chain', `locals {\n  a = ${'!'.repeat(20_000)}true\n  b = ${'-'.repeat(20_000)}1\n}\n`],
    [
      'attribute chain',
      `locals {\n  a = local.b${'.c'.repeat(20_000)}\n  c = x${'[0]'.repeat(20_000)}\n  d = x[*]${'.c'.repeat(20_000)}\n}\n`,
    ],
    ['conditionals', `locals {\n  a = ${'true ? 1 : '.repeat(10_000)}2\n}\n`],
    ['blocks', `${'a {\n'.repeat(5_000)}${'}\n'.repeat(5_000)}`],
  ];
  for (const [name, text] of shapes) {
    const found = exercise(new Map([['/ws/main.tf', text]]), '/ws/main.tf', { deadlineMs: 5_000 });
    const deep = found.find((f) => /nested more than 200 levels/.test(f.message));
    assert.ok(deep, `${name}: the nesting limit is reported`);
    assert.ok(
      deep.span.start > 0 && deep.span.end - deep.span.start <= 1,
      `${name}: the finding marks where the limit was passed`,
    );
  }
  // Unclosed nesting (a half-typed file) is a syntax error, found without recursion.
  const open = exercise(new Map([['/ws/main.tf', `locals {\n  a = ${'('.repeat(10_000)}\n`]]), '/ws/main.tf', {
    deadlineMs: 5_000,
  });
  assert.ok(open.some((f) => f.ruleId === 'syntax-error'));
});

test('CloudFormation reference cycles and exponential references end in Unresolved', () => {
  const cycle = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Select [0, [!GetAtt B.CidrBlock]]\n  B:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Sub "\${A.CidrBlock}"\n`;
  exercise(new Map([['/ws/t.yaml', cycle]]), '/ws/t.yaml');
  const vpcs = engineOf({ '/ws/t.yaml': cycle }).analyze().model.vpcs;
  assert.equal(vpcs.length, 2);
  for (const v of vpcs) assert.equal(v.cidrs[0]?.kind, 'unresolved');
  // Each resource reads the other twice: 2^64 evaluations without a budget.
  const doubling = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Join ["", [!GetAtt B.CidrBlock, !GetAtt B.CidrBlock]]\n  B:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Join ["", [!GetAtt A.CidrBlock, !GetAtt A.CidrBlock]]\n`;
  exercise(new Map([['/ws/t.yaml', doubling]]), '/ws/t.yaml');
  const params = `AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  P:\n    Type: String\n    Default: !Ref P\nConditions:\n  C: !Condition D\n  D: !Condition C\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Condition: C\n    Properties:\n      CidrBlock: !If [C, !Ref P, !Ref P]\n`;
  exercise(new Map([['/ws/t.yaml', params]]), '/ws/t.yaml');
  assert.equal(engineOf({ '/ws/t.yaml': params }).analyze().model.vpcs[0]?.cidrs[0]?.kind, 'unresolved');
});

test('Fn::Cidr with absurd counts is Unresolved with the reason', () => {
  const t = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  S:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref V\n      CidrBlock: !Select [65535, !Cidr [10.0.0.0/8, 65536, 8]]\n  S6:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref V\n      CidrBlock: !Select [3, !Cidr ["::/0", 1000000000, 100]]\n`;
  exercise(new Map([['/ws/t.yaml', t]]), '/ws/t.yaml');
  const subnets = engineOf({ '/ws/t.yaml': t }).analyze().model.subnets;
  const s = subnets.find((x) => x.cidr?.kind === 'unresolved' && /count 65536 is outside 1-256/.test(x.cidr.why));
  assert.ok(s, JSON.stringify(subnets.map((x) => x.cidr)));
});

test('binary files, BOMs, CRLF, mixed line endings and UTF-16 read as UTF-8 do not crash', () => {
  const utf16 = (s: string, be: boolean) => {
    const b = Buffer.from(`\ufeff${s}`, 'utf16le');
    return (be ? b.swap16() : b).toString('utf8');
  };
  const eni =
    'apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: us-east-1a\nspec:\n  securityGroups: [sg-0123456789abcdef0]\n';
  const files = new Map([
    ['/ws/bin.yaml', '\u0000\u0001\u0002garbage\uffff\ud800'],
    ['/ws/bin.tf', 'resource "x" {\u0000}'],
    ['/ws/bin.json', '\u0000{}'],
    ['/ws/bom.yaml', `\ufeff${eni.replace(/\n/g, '\r\n')}`],
    ['/ws/mixed.yaml', eni.replace('\n', '\r').replace(/metadata:\n/, 'metadata:\r\n')],
    ['/ws/u16be.yaml', utf16(eni, true)],
    ['/ws/u16le.yaml', utf16(eni, false)],
    ['/ws/u16.tf', utf16('resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/8"\n}\n', true)],
    ['/ws/bom.tf', '\ufeffresource "aws_vpc" "v" {\r\n  cidr_block = "10.0.0.0/8"\r\n}\r\n'],
  ]);
  for (const id of files.keys()) exercise(files, id);
  const found = engineOf(Object.fromEntries(files)).analyze().findings;
  // The BOM and CRLF copy is still an ENIConfig with its missing subnet reported.
  assert.ok(
    found.some((f) => f.file === '/ws/bom.yaml' && f.ruleId === 'eniconfig-schema'),
    JSON.stringify(found.map((f) => [f.file, f.ruleId])),
  );
  assert.ok(found.some((f) => f.file === '/ws/bom.tf' && f.ruleId === 'vpc-cidr-size'));
});

test('Terraform module cycles are reported on the call, not followed', () => {
  const files = new Map([
    [
      '/ws/root/main.tf',
      'module "self" {\n  source = "./"\n}\nmodule "m" {\n  source = "./m"\n  x = module.m.y\n}\nlocals {\n  a = local.b\n  b = [local.a]\n}\nvariable "v" {\n  default = var.v\n}\noutput "o" { value = [module.m.y, var.v, local.a] }\n',
    ],
    ['/ws/root/m/main.tf', 'variable "x" {}\nmodule "back" {\n  source = "../"\n}\noutput "y" { value = var.x }\n'],
  ]);
  const found = exercise(files, '/ws/root/main.tf');
  const text = files.get('/ws/root/main.tf')!;
  const at = (f: { span: { start: number; end: number } }) => text.slice(f.span.start, f.span.end);
  const self = found.find((f) => /module\.self calls the folder of the root module again/.test(f.message));
  assert.ok(self, JSON.stringify(found.map((f) => f.message)));
  assert.equal(at(self), 'source = "./"');
  assert.ok(
    found.some(
      (f) =>
        f.file === '/ws/root/main.tf' &&
        /module\.m → module\.back calls the folder of the root module again/.test(f.message),
    ),
  );
  assert.ok(found.some((f) => /locals refer to each other in a cycle/.test(f.message)));
  exercise(files, '/ws/root/m/main.tf');
});

test('Terraform: a variable default, a module argument and an output that refer back to themselves are unknown', () => {
  const tf = (id: string, text: string): TfFile => ({ id, body: parseHcl(text)!.body });
  const child = [tf('m/main.tf', 'variable "x" {}\noutput "y" { value = var.x }\n')];
  const host = {
    registryOutputs: () => undefined,
    localFiles: (_: string, s: string) => (s === './m' ? { dir: 'm', files: child } : undefined),
  };
  const m = new TfModule(
    '',
    [tf('main.tf', 'variable "v" {\n  default = var.v\n}\nmodule "m" {\n  source = "./m"\n  x = module.m.y\n}\n')],
    host,
  );
  const why = (v: TfValue) => (v.k === 'unknown' ? v.why : `known ${v.k}`);
  assert.match(why(m.variable('v')), /var\.v refers to itself/);
  const outs = m.moduleOutputs('m');
  assert.equal(outs.k, 'map');
  assert.match(why(outs.k === 'map' ? outs.entries.get('y')! : outs), /module\.m is used in its own arguments/);
});
