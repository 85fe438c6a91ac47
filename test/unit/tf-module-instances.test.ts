import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { engineOf } from '../helpers/workspace';

before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const value = (v: { kind: string; value?: unknown } | undefined) => (v?.kind === 'known' ? v.value : v?.kind);

const NET =
  'variable "cidr" {}\nresource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\nresource "aws_subnet" "s" {\n  vpc_id     = aws_vpc.this.id\n  cidr_block = cidrsubnet(var.cidr, 8, 0)\n}\noutput "subnet_id" {\n  value = aws_subnet.s.id\n}\n';

test('a registry module with count: addresses module.vpc[0]..., count.index in its inputs, outputs by index', () => {
  const e = engineOf({
    'ws/main.tf': [
      'module "vpc" {\n  source          = "terraform-aws-modules/vpc/aws"\n  count           = 2\n  cidr            = "10.${count.index}.0.0/16"\n  azs             = ["us-west-2a"]\n  private_subnets = ["10.${count.index}.1.0/24"]\n}',
      'resource "aws_eks_cluster" "c" {\n  name     = "c"\n  role_arn = "x"\n  vpc_config {\n    subnet_ids = module.vpc[1].private_subnets\n  }\n}',
    ].join('\n'),
  });
  const m = e.analyze().model;
  assert.deepEqual(
    m.vpcs.map((v) => [v.name, value(v.cidrs[0])]),
    [
      ['module.vpc[0].aws_vpc.this[0]', '10.0.0.0/16'],
      ['module.vpc[1].aws_vpc.this[0]', '10.1.0.0/16'],
    ],
  );
  assert.deepEqual(
    m.subnets.map((s) => [s.name, value(s.cidr), s.vpc]),
    [
      ['module.vpc[0].aws_subnet.private[0]', '10.0.1.0/24', 'terraform:ws#module.vpc[0].aws_vpc.this[0]'],
      ['module.vpc[1].aws_subnet.private[0]', '10.1.1.0/24', 'terraform:ws#module.vpc[1].aws_vpc.this[0]'],
    ],
  );
  assert.deepEqual(m.clusters[0].subnets, ['terraform:ws#module.vpc[1].aws_subnet.private[0]']);
  assert.equal(m.clusters[0].vpc, 'terraform:ws#module.vpc[1].aws_vpc.this[0]');
});

test('a local module with for_each: one child per key with each.value as input, outputs by key', () => {
  const e = engineOf({
    'ws/main.tf':
      'module "net" {\n  source   = "./modules/net"\n  for_each = { a = "10.1.0.0/16", b = "10.2.0.0/16" }\n  cidr     = each.value\n}\nresource "aws_eks_cluster" "c" {\n  name     = "c"\n  role_arn = "x"\n  vpc_config {\n    subnet_ids = [module.net["b"].subnet_id]\n  }\n}\n',
    'ws/modules/net/main.tf': NET,
  });
  const m = e.analyze().model;
  assert.deepEqual(
    m.subnets.map((s) => [s.name, value(s.cidr), s.vpc]),
    [
      ['module.net["a"].aws_subnet.s', '10.1.0.0/24', 'terraform:ws#module.net["a"].aws_vpc.this'],
      ['module.net["b"].aws_subnet.s', '10.2.0.0/24', 'terraform:ws#module.net["b"].aws_vpc.this'],
    ],
  );
  assert.deepEqual(m.clusters[0].subnets, ['terraform:ws#module.net["b"].aws_subnet.s']);
});

test('count = 0 maps nothing; an unknown count maps nothing and its outputs stay unknown; a self-referring count ends', () => {
  const zero = engineOf({
    'ws/main.tf': 'module "net" {\n  source = "./modules/net"\n  count  = 0\n  cidr   = "10.1.0.0/16"\n}\n',
    'ws/modules/net/main.tf': NET,
  });
  assert.deepEqual(zero.analyze().model.vpcs, []);
  const unknownCount = engineOf({
    'ws/main.tf':
      'variable "n" {}\nmodule "net" {\n  source = "./modules/net"\n  count  = var.n\n  cidr   = "10.1.0.0/16"\n}\nresource "aws_subnet" "x" {\n  vpc_id     = "vpc-1"\n  cidr_block = module.net[0].subnet_id\n}\n',
    'ws/modules/net/main.tf': NET,
  });
  const m = unknownCount.analyze().model;
  assert.deepEqual(m.vpcs, []);
  assert.equal(m.subnets[0].cidr?.kind, 'unresolved');
  assert.match((m.subnets[0].cidr as { why: string }).why, /count of module\.net is not known/);
  const self = engineOf({
    'ws/main.tf':
      'module "net" {\n  source = "./modules/net"\n  count  = length(module.net)\n  cidr   = "10.1.0.0/16"\n}\n',
    'ws/modules/net/main.tf': NET,
  });
  assert.deepEqual(self.analyze().model.vpcs, []);
});
