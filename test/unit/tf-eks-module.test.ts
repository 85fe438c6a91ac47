import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { plain } from '../../server/src/model/located';
import { engineOf } from '../helpers/workspace';

before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const VPC = [
  'module "vpc" {',
  '  source          = "terraform-aws-modules/vpc/aws"',
  '  cidr            = "10.0.0.0/16"',
  '  azs             = ["us-west-2a", "us-west-2b"]',
  '  private_subnets = ["10.0.1.0/24", "10.0.2.0/24"]',
  '  public_subnets  = ["10.0.101.0/24", "10.0.102.0/24"]',
  '}',
  '',
].join('\n');

function eks(version: string, body: string): string {
  return `module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "${version}"\n${body}}\n`;
}

test('eks module v20: cluster_* inputs, node group defaults and module defaults, subnets linked to the vpc module', () => {
  // The eks module is declared before the vpc module: declaration order must not matter.
  const text =
    eks(
      '~> 20.0',
      [
        '  cluster_name              = "demo"',
        '  cluster_service_ipv4_cidr = "172.20.0.0/16"',
        '  cluster_ip_family         = "ipv4"',
        '  subnet_ids                = module.vpc.private_subnets',
        '  eks_managed_node_group_defaults = {',
        '    instance_types = ["m5.large"]',
        '  }',
        '  eks_managed_node_groups = {',
        '    general = {',
        '      max_size = 10',
        '    }',
        '    big = {',
        '      instance_types = ["m5.4xlarge", "m5a.4xlarge"]',
        '      subnet_ids     = [module.vpc.private_subnets[0]]',
        '    }',
        '  }',
        '',
      ].join('\n'),
    ) + VPC;
  const model = engineOf({ 'w/main.tf': text }).analyze().model;
  assert.equal(model.clusters.length, 1);
  const c = model.clusters[0];
  assert.equal(c.name, 'module.eks.aws_eks_cluster.this[0]');
  assert.equal(plain(c.serviceIpv4Cidr), '172.20.0.0/16');
  assert.equal(plain(c.ipFamily), 'ipv4');
  assert.deepEqual(c.subnets, [
    'terraform:w#module.vpc.aws_subnet.private[0]',
    'terraform:w#module.vpc.aws_subnet.private[1]',
  ]);
  assert.equal(c.vpc, 'terraform:w#module.vpc.aws_vpc.this[0]');
  const ngs = Object.fromEntries(model.nodeGroups.map((n) => [n.name, n]));
  const general = ngs['module.eks.module.eks_managed_node_group["general"].aws_eks_node_group.this[0]'];
  const big = ngs['module.eks.module.eks_managed_node_group["big"].aws_eks_node_group.this[0]'];
  assert.ok(general && big, Object.keys(ngs).join(', '));
  assert.deepEqual(general.instanceTypes.map(plain), ['m5.large']);
  assert.deepEqual([plain(general.minSize), plain(general.maxSize), plain(general.desiredSize)], [1, 10, 1]);
  assert.equal(general.subnets.length, 2);
  assert.equal(general.cluster, c.key);
  assert.deepEqual(big.instanceTypes.map(plain), ['m5.4xlarge', 'm5a.4xlarge']);
  assert.deepEqual(big.subnets, ['terraform:w#module.vpc.aws_subnet.private[0]']);
  // Each instance type written in the module call is an instance-type reference at its literal.
  const refs = model.instanceTypeRefs.map((r) => text.slice(r.value.at.span.start, r.value.at.span.end));
  assert.deepEqual(refs.sort(), ['"m5.4xlarge"', '"m5.large"', '"m5a.4xlarge"']);
});

test('eks module v21: service_ipv4_cidr and ip_family; the v20 names and the removed defaults input are ignored', () => {
  const text = eks(
    '21.1.0',
    [
      '  name                      = "demo"',
      '  service_ipv4_cidr         = "10.100.0.0/16"',
      '  cluster_service_ipv4_cidr = "172.20.0.0/16"',
      '  ip_family                 = "ipv6"',
      '  eks_managed_node_group_defaults = { instance_types = ["m5.large"] }',
      '  eks_managed_node_groups = { one = {} }',
      '',
    ].join('\n'),
  );
  const model = engineOf({ 'w/main.tf': text }).analyze().model;
  assert.equal(plain(model.clusters[0].serviceIpv4Cidr), '10.100.0.0/16');
  assert.equal(plain(model.clusters[0].ipFamily), 'ipv6');
  assert.deepEqual(model.nodeGroups[0].instanceTypes, []);
});

test('eks module without a version reads either spelling; create = false maps nothing', () => {
  const a = engineOf({
    'w/main.tf':
      'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  cluster_service_ipv4_cidr = "172.20.0.0/16"\n}\n',
  }).analyze().model;
  assert.equal(plain(a.clusters[0].serviceIpv4Cidr), '172.20.0.0/16');
  const b = engineOf({
    'w/main.tf': 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  create = false\n}\n',
  }).analyze().model;
  assert.equal(b.clusters.length, 0);
});

test('instance-type hover and completion inside Terraform strings', () => {
  const text =
    [
      'resource "aws_launch_template" "lt" {',
      '  instance_type = "m5.large"',
      '}',
      'resource "aws_eks_node_group" "ng" {',
      '  cluster_name   = "demo"',
      '  instance_types = ["c5.xlarge", ""]',
      '  scaling_config {',
      '    min_size = 1',
      '    max_size = 2',
      '    desired_size = 1',
      '  }',
      '}',
      '',
    ].join('\n') + eks('~> 20.0', '  eks_managed_node_groups = {\n    a = { instance_types = ["m5."] }\n  }\n');
  const engine = engineOf({ 'w/main.tf': text });
  const h = engine.hover('w/main.tf', text.indexOf('m5.large') + 2);
  assert.match(h?.contents ?? '', /\*\*m5\.large\*\*/);
  assert.match(engine.hover('w/main.tf', text.indexOf('c5.xlarge'))?.contents ?? '', /\*\*c5\.xlarge\*\*/);
  const empty = text.indexOf('""') + 1;
  const c = engine.completions('w/main.tf', empty);
  assert.ok(c && c.items.some((i) => i.label === 'm5.large'));
  assert.deepEqual(c.span, { start: empty, end: empty });
  const partial = text.indexOf('"m5."');
  assert.deepEqual(engine.completions('w/main.tf', partial + 4)?.span, { start: partial + 1, end: partial + 4 });
  // Elsewhere (another argument, a name) there is no instance-type completion.
  assert.equal(engine.completions('w/main.tf', text.indexOf('"demo"') + 2), undefined);
  assert.equal(engine.completions('w/main.tf', text.indexOf('instance_types') + 2), undefined);
});

test('instance-type completion in a .tf.json string, as in .tf', () => {
  const json = JSON.stringify(
    { resource: { aws_eks_node_group: { ng: { cluster_name: 'demo', instance_types: ['m5.', ''] } } } },
    null,
    2,
  );
  const engine = engineOf({ 'w/main.tf.json': json });
  const partial = json.indexOf('"m5."');
  const c = engine.completions('w/main.tf.json', partial + 4);
  assert.ok(c && c.items.some((i) => i.label === 'm5.large'));
  assert.deepEqual(c.span, { start: partial + 1, end: partial + 4 });
  assert.equal(engine.completions('w/main.tf.json', json.indexOf('"demo"') + 2), undefined);
});
