import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { initHcl } from '../../server/src/parsers/hcl';
import { plain } from '../../server/src/model/located';
import { engineWith, fixturePath, readFixture } from '../helpers/workspace';
import { renderFindings } from '../helpers/render';
import { assertGolden } from '../helpers/golden';

/**
 * The published examples of the terraform-aws-modules vpc and eks modules (reduced to their network
 * parts) resolve the way `terraform plan` would: every subnet gets a concrete block even though
 * the zones come from a data source, because the code only uses their count.
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

function load(name: string) {
  const dir = fixturePath('terraform', 'modules-examples', name);
  const engine = engineWith(readFixture(dir, path.dirname(dir)));
  return { engine, analysis: engine.analyze(), dir };
}

test('vpc examples/complete: 18 subnets with concrete blocks, DNS on, the zones unresolved', () => {
  const { analysis, dir } = load('vpc-complete');
  const m = analysis.model;
  assert.equal(m.vpcs.length, 1);
  assert.deepEqual(m.vpcs[0].cidrs.map(plain), ['10.0.0.0/16']);
  assert.equal(plain(m.vpcs[0].enableDnsHostnames), true);
  const cidrs = Object.fromEntries(m.subnets.map((s) => [s.name, plain(s.cidr)]));
  assert.equal(m.subnets.length, 18);
  assert.equal(cidrs['module.vpc.aws_subnet.private[0]'], '10.0.0.0/24');
  assert.equal(cidrs['module.vpc.aws_subnet.public[2]'], '10.0.6.0/24');
  assert.equal(cidrs['module.vpc.aws_subnet.intra[1]'], '10.0.21.0/24');
  for (const s of m.subnets) {
    assert.ok(s.cidr?.kind === 'known', `${s.name} has a concrete CIDR`);
    assert.equal(s.availabilityZone?.kind, 'unresolved', `${s.name}: the zone comes from a data source`);
  }
  assertGolden(
    path.join(dir, '..', 'vpc-complete.snap'),
    renderFindings(load('vpc-complete').engine, analysis.findings),
  );
});

test('eks examples/eks-managed-node-group: subnets, the cluster on the private subnets, the node group', () => {
  const { analysis, dir } = load('eks-managed-node-group');
  const m = analysis.model;
  assert.deepEqual(
    m.subnets.map((s) => `${s.name} ${plain(s.cidr)}`),
    [
      'module.vpc.aws_subnet.public[0] 10.0.48.0/24',
      'module.vpc.aws_subnet.public[1] 10.0.49.0/24',
      'module.vpc.aws_subnet.public[2] 10.0.50.0/24',
      'module.vpc.aws_subnet.private[0] 10.0.0.0/20',
      'module.vpc.aws_subnet.private[1] 10.0.16.0/20',
      'module.vpc.aws_subnet.private[2] 10.0.32.0/20',
      'module.vpc.aws_subnet.intra[0] 10.0.52.0/24',
      'module.vpc.aws_subnet.intra[1] 10.0.53.0/24',
      'module.vpc.aws_subnet.intra[2] 10.0.54.0/24',
    ],
  );
  assert.equal(m.clusters.length, 1);
  assert.equal(m.clusters[0].subnets.length, 3);
  assert.ok(m.clusters[0].subnets.every((k) => k.includes('aws_subnet.private[')));
  assert.equal(m.clusters[0].vpc, m.vpcs[0].key);
  const ng = m.nodeGroups[0];
  assert.deepEqual(
    [ng.instanceTypes.map(plain), plain(ng.minSize), plain(ng.maxSize), plain(ng.desiredSize)],
    [['m6i.large'], 2, 5, 2],
  );
  assert.deepEqual(ng.subnets, m.clusters[0].subnets);
  assertGolden(
    path.join(dir, '..', 'eks-managed-node-group.snap'),
    renderFindings(load('eks-managed-node-group').engine, analysis.findings),
  );
});

test('vpc examples/complete as an EKS VPC: only the private subnets are asked for internal-elb, not the database, cache, Redshift or intra ones', () => {
  const dir = fixturePath('terraform', 'modules-examples', 'vpc-complete');
  // The example sets no cluster tag; assumeEksVpc makes its VPC one that EKS uses.
  const engine = engineWith(readFixture(dir, path.dirname(dir)), { assumeEksVpc: true });
  const { model, findings } = engine.analyze();
  const tiers = new Map(model.subnets.map((s) => [s.name, s.tier]));
  const reported = (rule: string) =>
    findings.filter((f) => f.ruleId === rule).map((f) => /subnet (\S+) has/.exec(f.message)?.[1] ?? f.message);
  const internal = reported('subnet-missing-internal-elb-tag');
  assert.deepEqual(
    internal.map((name) => tiers.get(name)),
    ['private', 'private', 'private'],
    'the example tags no subnet, so each private subnet is reported once, and no subnet of another tier',
  );
  assert.deepEqual(
    reported('subnet-missing-elb-tag').map((name) => tiers.get(name)),
    ['public', 'public', 'public'],
  );
  assert.equal(model.subnets.filter((s) => s.tier === 'database' || s.tier === 'intra').length, 6);
});
