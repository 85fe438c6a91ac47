import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { initHcl } from '../../server/src/parsers/hcl';
import { Engine } from '../../server/src/engine';
import { fixturePath } from '../helpers/workspace';

/**
 * Plan JSON (issue 11): `terraform show -json` output is read as a Terraform source whose planned
 * values are all known; links between resources come from the configuration's references.
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const PLAN = fs.readFileSync(fixturePath('terraform-plan/plan.tfplan.json'), 'utf8');

test('a plan file gives VPCs, subnets and clusters, linked by references, with findings at the plan', () => {
  const engine = new Engine();
  engine.setFile('/ci/plan.tfplan.json', PLAN);
  const { model, findings } = engine.analyze();
  assert.deepEqual(
    model.subnets.map((s) => s.name),
    ['aws_subnet.private[0]', 'aws_subnet.private[1]'],
  );
  assert.ok(
    model.subnets.every((s) => s.vpc === model.vpcs[0].key),
    'each subnet is linked to the VPC by reference',
  );
  assert.equal(model.clusters[0].subnets.length, 2);
  assert.equal(model.clusters[0].subnetsIncomplete, undefined);
  const ids = findings.map((f) => f.ruleId).sort();
  assert.deepEqual(ids, [
    'cluster-subnets-single-az',
    'subnet-missing-internal-elb-tag',
    'subnet-missing-internal-elb-tag',
    'vpc-dns-hostnames-disabled',
  ]);
  const dns = findings.find((f) => f.ruleId === 'vpc-dns-hostnames-disabled')!;
  assert.equal(dns.file, '/ci/plan.tfplan.json');
  assert.equal(PLAN.slice(dns.span.start, dns.span.end), 'false');
  assert.ok(
    findings.every((f) => f.fixes.length === 0),
    'a plan is not edited',
  );
});

test('beside the .tf files it was made from, the plan adds nothing: the HCL wins', () => {
  const engine = new Engine();
  engine.setFile('/w/plan.json', PLAN);
  engine.setFile('/w/main.tf', 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n');
  const { model } = engine.analyze();
  assert.deepEqual(
    model.vpcs.map((v) => v.key.startsWith('terraform:')),
    [true],
  );
  engine.deleteFile('/w/main.tf');
  assert.equal(engine.analyze().model.subnets.length, 2, 'without the .tf files the plan is read');
});

test('a plan elsewhere is placed at the matching .tf resource blocks, keeping its values; fixes of the HCL stay', () => {
  const engine = new Engine();
  engine.setFile('/ci/plan.tfplan.json', PLAN);
  const TF = [
    'variable "dns" {}',
    'resource "aws_vpc" "main" {',
    '  cidr_block           = "10.0.0.0/16"',
    '  enable_dns_hostnames = var.dns',
    '}',
    'resource "aws_subnet" "private" {',
    '  count      = 2',
    '  vpc_id     = aws_vpc.main.id',
    '  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index + 1)',
    '}',
    'resource "aws_eks_cluster" "demo" {',
    '  name     = "demo"',
    '  role_arn = "arn:aws:iam::111122223333:role/eks"',
    '  vpc_config {',
    '    subnet_ids = aws_subnet.private[*].id',
    '  }',
    '}',
    '',
  ].join('\n');
  engine.setFile('/infra/main.tf', TF);
  const { findings } = engine.analyze();
  const dns = findings.find((f) => f.ruleId === 'vpc-dns-hostnames-disabled')!;
  assert.equal(dns.file, '/infra/main.tf', 'the plan knows the value the .tf file does not');
  assert.equal(TF.slice(dns.span.start, dns.span.end), 'var.dns');
  const tags = findings.filter((f) => f.ruleId === 'subnet-missing-internal-elb-tag');
  assert.equal(tags.length, 2, 'one finding per subnet, the plan and the HCL agreeing');
  assert.ok(
    tags.every((f) => f.file === '/infra/main.tf' && f.fixes.length === 1),
    'the HCL finding, with its fix, is kept',
  );
  const az = findings.find((f) => f.ruleId === 'cluster-subnets-single-az');
  assert.equal(az?.file, '/infra/main.tf', 'the zones come from the plan');
  // Renaming the block away puts the plan's findings back in the plan.
  engine.setFile('/infra/main.tf', TF.replace('"aws_vpc" "main"', '"aws_vpc" "other"'));
  assert.equal(
    engine
      .analyze()
      .findings.find((f) => f.ruleId === 'vpc-dns-hostnames-disabled' && f.message.includes('aws_vpc.main'))?.file,
    '/ci/plan.tfplan.json',
  );
});

test('references through a module call argument and a module output are followed', () => {
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        child_modules: [
          {
            address: 'module.net',
            resources: [
              {
                address: 'module.net.aws_vpc.this',
                mode: 'managed',
                type: 'aws_vpc',
                name: 'this',
                values: { cidr_block: '10.0.0.0/16' },
              },
              {
                address: 'module.net.aws_subnet.a',
                mode: 'managed',
                type: 'aws_subnet',
                name: 'a',
                values: { cidr_block: '10.1.0.0/24', availability_zone: 'us-west-2a' },
              },
            ],
          },
        ],
        resources: [
          {
            address: 'aws_eks_cluster.c',
            mode: 'managed',
            type: 'aws_eks_cluster',
            name: 'c',
            values: { name: 'c', vpc_config: [{}] },
          },
        ],
      },
    },
    configuration: {
      root_module: {
        resources: [
          {
            address: 'aws_eks_cluster.c',
            mode: 'managed',
            type: 'aws_eks_cluster',
            name: 'c',
            expressions: { vpc_config: [{ subnet_ids: { references: ['module.net.subnet_ids', 'module.net'] } }] },
          },
        ],
        module_calls: {
          net: {
            source: 'git::https://example.com/net.git',
            expressions: { vpc_cidr: { constant_value: '10.0.0.0/16' } },
            module: {
              outputs: { subnet_ids: { expression: { references: ['aws_subnet.a.id', 'aws_subnet.a'] } } },
              resources: [
                { address: 'aws_vpc.this', mode: 'managed', type: 'aws_vpc', name: 'this', expressions: {} },
                {
                  address: 'aws_subnet.a',
                  mode: 'managed',
                  type: 'aws_subnet',
                  name: 'a',
                  expressions: { vpc_id: { references: ['aws_vpc.this.id', 'aws_vpc.this'] } },
                },
              ],
            },
          },
        },
      },
    },
  };
  const engine = new Engine();
  engine.setFile('/ci/plan.json', JSON.stringify(plan, null, 2));
  const { model, findings } = engine.analyze();
  assert.equal(
    model.clusters[0].subnets[0],
    model.subnets[0].key,
    'the cluster subnet comes through the module output',
  );
  assert.equal(model.subnets[0].vpc, model.vpcs[0].key);
  assert.ok(findings.some((f) => f.ruleId === 'subnet-outside-vpc'));
});
