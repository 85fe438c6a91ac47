import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl, parseHcl } from '../../server/src/parsers/hcl';
import { TfModule, type ModuleHost, type TfFile } from '../../server/src/evaluators/terraform/module';
import { evaluate } from '../../server/src/evaluators/terraform/evaluate';
import { toPlain, type TfValue } from '../../server/src/evaluators/terraform/values';
import { engineOf } from '../helpers/workspace';

before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const host: ModuleHost = { registryOutputs: () => undefined, localFiles: () => undefined };

function moduleOf(files: Record<string, string>, tfvars: Record<string, string> = {}): TfModule {
  const parse = (o: Record<string, string>): TfFile[] =>
    Object.entries(o).map(([id, t]) => ({ id, body: parseHcl(t)!.body }));
  return new TfModule('m', parse(files), host, '', undefined, parse(tfvars));
}

/** Evaluates `local.out` in a module made of one file. */
function localOut(text: string, tfvars?: string): TfValue {
  return moduleOf({ 'm/main.tf': text }, tfvars ? { 'm/terraform.tfvars': tfvars } : {}).local('out');
}

test('parse positions are UTF-16 offsets, also after non-ASCII text', () => {
  const text = '# 😀 café\nresource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n';
  const body = parseHcl(text)!.body;
  const a = body.blocks[0].body.attributes[0];
  assert.equal(text.slice(a.expr.span.start, a.expr.span.end), '"10.0.0.0/16"');
  assert.equal(text.slice(a.nameSpan.start, a.nameSpan.end), 'cidr_block');
});

test('a half-typed block keeps the blocks after it and reports a syntax error', () => {
  const text = 'locals {\n  a = "x"\n\nresource "aws_subnet" "s" {\n  cidr_block = "10.0.1.0/24"\n}\n';
  const p = parseHcl(text)!;
  assert.deepEqual(
    p.body.blocks.map((b) => b.type),
    ['locals', 'resource'],
  );
  assert.equal(p.problems.length, 1);
  assert.match(p.problems[0].message, /missing/);
});

test('variables: terraform.tfvars overrides the default', () => {
  const m = moduleOf(
    { 'm/v.tf': 'variable "c" {\n  default = "10.0.0.0/16"\n}\nvariable "d" {}\n' },
    { 'm/terraform.tfvars': 'c = "10.1.0.0/16"\n' },
  );
  assert.equal(toPlain(m.variable('c')), '10.1.0.0/16');
  assert.equal(m.variable('d').k, 'unknown');
});

test('locals resolve in dependency order; a cycle is reported, not looped', () => {
  assert.deepEqual(
    toPlain(
      localOut(
        'locals {\n  out = [for i in local.n : cidrsubnet(local.base, 8, i)]\n  n = range(2)\n  base = "10.0.0.0/16"\n}\n',
      ),
    ),
    ['10.0.0.0/24', '10.0.1.0/24'],
  );
  const m = moduleOf({ 'm/main.tf': 'locals {\n  a = local.b\n  b = local.a\n}\n' });
  assert.equal(m.local('a').k, 'unknown');
  assert.equal(m.problems.length, 1);
  assert.match(m.problems[0].message, /local\.a → local\.b → local\.a/);
});

test('templates, conditionals, for expressions with if, grouping, splats and indexing', () => {
  assert.equal(toPlain(localOut('locals {\n  n = "x"\n  out = "${local.n}-${1 + 2}"\n}\n')), 'x-3');
  assert.equal(toPlain(localOut('locals {\n  out = 2 > 1 ? "a" : "b"\n}\n')), 'a');
  assert.deepEqual(
    toPlain(localOut('locals {\n  out = { for k, v in { a = 1, b = 2, c = 3 } : k => v * 2 if v != 2 }\n}\n')),
    { a: 2, c: 6 },
  );
  assert.deepEqual(
    toPlain(localOut('locals {\n  out = { for s in ["a1", "a2", "b1"] : substr(s, 0, 1) => s... }\n}\n')),
    { a: ['a1', 'a2'], b: ['b1'] },
  );
  assert.deepEqual(toPlain(localOut('locals {\n  l = [{ n = "a" }, { n = "b" }]\n  out = local.l[*].n\n}\n')), [
    'a',
    'b',
  ]);
  assert.equal(toPlain(localOut('locals {\n  m = { x = ["p", "q"] }\n  out = local.m["x"][1]\n}\n')), 'q');
  assert.equal(toPlain(localOut('locals {\n  out = try(local.missing.x, "fallback")\n}\n')), 'fallback');
  assert.equal(toPlain(localOut('locals {\n  out = <<-EOT\n    a ${"b"}\n    c\n  EOT\n}\n')), 'a b\nc\n');
  assert.deepEqual(toPlain(localOut('locals {\n  out = max([3, 9, 2]...)\n}\n')), 9);
});

test('data sources are unknown, but a slice of them has a known length that indexes resolve', () => {
  const v = localOut(
    'locals {\n  azs = slice(data.aws_availability_zones.available.names, 0, 3)\n  out = [for i, az in local.azs : cidrsubnet("10.0.0.0/16", 4, i)]\n}\n',
  );
  assert.deepEqual(toPlain(v), ['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']);
});

test('count and for_each expand into addresses; references link resources', () => {
  const m = moduleOf({
    'm/main.tf': [
      'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}',
      'resource "aws_subnet" "private" {\n  count = 2\n  vpc_id = aws_vpc.main.id\n  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)\n}',
      'resource "aws_subnet" "this" {\n  for_each = { "us-west-2a" = "10.0.10.0/24" }\n  vpc_id = aws_vpc.main.id\n  cidr_block = each.value\n  availability_zone = each.key\n}',
      'locals {\n  out = aws_subnet.private[*].id\n}',
    ].join('\n'),
  });
  assert.deepEqual(
    m.instances('aws_subnet.private')!.map((i) => i.address),
    ['aws_subnet.private[0]', 'aws_subnet.private[1]'],
  );
  assert.deepEqual(
    m.instances('aws_subnet.this')!.map((i) => i.address),
    ['aws_subnet.this["us-west-2a"]'],
  );
  assert.equal(toPlain(m.instances('aws_subnet.private')![1].value.entries.get('cidr_block')!), '10.0.1.0/24');
  const ids = m.local('out');
  assert.deepEqual(ids.k === 'list' && ids.items.map((i) => (i.k === 'unknown' ? i.ref : null)), [
    'aws_subnet.private[0]',
    'aws_subnet.private[1]',
  ]);
  const vpcId = m.instances('aws_subnet.this')![0].value.entries.get('vpc_id')!;
  assert.equal(vpcId.k === 'unknown' && vpcId.ref, 'aws_vpc.main');
});

test('evaluated values carry the span of the literal they came from', () => {
  const text = 'variable "c" {\n  default = "10.0.0.0/16"\n}\nlocals {\n  out = var.c\n}\n';
  const m = moduleOf({ 'm/main.tf': text });
  const v = m.local('out');
  assert.equal(v.at && text.slice(v.at.span.start, v.at.span.end), '"10.0.0.0/16"');
  void evaluate;
});

test('the engine maps a module into the model and reports syntax errors at the right place', () => {
  const e = engineOf({
    'ws/main.tf':
      'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_subnet" "s" {\n  vpc_id     = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n}\nresource "aws_subnet" "broken" {\n  cidr_block = \n',
  });
  const a = e.analyze();
  // The half-typed subnet is still an item, with its CIDR unresolved; the complete one is intact.
  assert.deepEqual(
    a.model.subnets.map((s) => [s.name, s.vpc, s.cidr?.kind]),
    [
      ['aws_subnet.s', 'terraform:ws#aws_vpc.v', 'known'],
      ['aws_subnet.broken', undefined, 'unresolved'],
    ],
  );
  const syntax = a.findings.filter((f) => f.ruleId === 'syntax-error');
  assert.deepEqual(
    syntax.map((f) => f.span.start),
    [e.text('ws/main.tf')!.length],
  );
});

test('the vpc module maps into subnets with its defaults and outputs link to them', () => {
  const e = engineOf({
    'ws/main.tf': [
      'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "~> 5.0"\n  cidr = "10.0.0.0/16"\n  azs = ["us-west-2a", "us-west-2b"]\n  private_subnets = ["10.0.1.0/24", "10.0.2.0/24"]\n  public_subnets = ["10.0.101.0/24"]\n  public_subnet_tags = { "kubernetes.io/role/elb" = 1 }\n}',
      'resource "aws_eks_cluster" "c" {\n  name = "c"\n  role_arn = "x"\n  vpc_config {\n    subnet_ids = module.vpc.private_subnets\n  }\n}',
    ].join('\n'),
  });
  const m = e.analyze().model;
  assert.equal(m.vpcs[0].enableDnsHostnames?.kind === 'known' && m.vpcs[0].enableDnsHostnames.value, true);
  assert.deepEqual(
    m.subnets.map((s) => [
      s.name,
      s.cidr?.kind === 'known' ? s.cidr.value : null,
      s.availabilityZone?.kind === 'known' ? s.availabilityZone.value : null,
    ]),
    [
      ['module.vpc.aws_subnet.public[0]', '10.0.101.0/24', 'us-west-2a'],
      ['module.vpc.aws_subnet.private[0]', '10.0.1.0/24', 'us-west-2a'],
      ['module.vpc.aws_subnet.private[1]', '10.0.2.0/24', 'us-west-2b'],
    ],
  );
  assert.equal(m.subnets[0].tags['kubernetes.io/role/elb']?.kind, 'known');
  assert.deepEqual(m.clusters[0].subnets, [
    'terraform:ws#module.vpc.aws_subnet.private[0]',
    'terraform:ws#module.vpc.aws_subnet.private[1]',
  ]);
});

test('a local module is followed with the caller inputs and is not evaluated as a root', () => {
  const e = engineOf({
    'ws/main.tf': 'module "net" {\n  source = "./modules/net"\n  cidr   = "10.5.0.0/16"\n}\n',
    'ws/modules/net/main.tf': 'variable "cidr" {}\nresource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\n',
  });
  const m = e.analyze().model;
  assert.deepEqual(
    m.vpcs.map((v) => [v.name, v.cidrs[0]?.kind === 'known' ? v.cidrs[0].value : null]),
    [['module.net.aws_vpc.this', '10.5.0.0/16']],
  );
});
