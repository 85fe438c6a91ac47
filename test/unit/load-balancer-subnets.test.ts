import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../server/src/base/settings';
import { known } from '../../server/src/model/located';
import { emptyModel, type NetworkModel, type Subnet } from '../../server/src/model/types';
import { intendedRoleKey } from '../../server/src/facts/roleTagSpelling';
import { notForLoadBalancers, roleTagGaps } from '../../server/src/facts/loadBalancerSubnets';

/**
 * facts/roleTagSpelling.ts tells a misspelt load-balancer role key from the real keys and from
 * other keys that merely look alike; facts/loadBalancerSubnets.ts leaves subnets made for other
 * things (vpc module tiers, pods-only subnets of custom networking) out of the role-tag rules.
 */

test('misspelt role keys map to the scheme they were meant for', () => {
  const cases: Record<string, string> = {
    'kubernetes.io/role/private-elb': 'internal',
    'kubernetes.io/role/internal_elb': 'internal',
    'kubernetes.io/role/internalelb': 'internal',
    'kubernetes.io/role/intenral-elb': 'internal',
    'Kubernetes.io/Role/Internal-ELB': 'internal',
    'role/internal-elb': 'internal',
    'kubernetes.io/role/alb': 'either',
    'kubernetes.io/role/nlb': 'either',
    'kubernetes.io/role/external-elb': 'internet-facing',
    'kubernetes.io/role/public-elb': 'internet-facing',
    'Kubernetes.io/Role/ELB': 'internet-facing',
    'role/elb': 'internet-facing',
    'k8s.io/role/elb': 'internet-facing',
    'kubernetes.io/roles/elb': 'internet-facing',
    'kubernets.io/role/elb': 'internet-facing',
  };
  for (const [key, scheme] of Object.entries(cases)) assert.equal(intendedRoleKey(key), scheme, key);
});

test('the real keys and keys that only look alike are not misspellings', () => {
  for (const key of [
    'kubernetes.io/role/elb',
    'kubernetes.io/role/internal-elb',
    'kubernetes.io/cluster/demo',
    'kubernetes.io/role/node',
    'kubernetes.io/role/master',
    'kubernetes.io/role/cni',
    'node-role.kubernetes.io/worker',
    'karpenter.sh/discovery',
    'role',
    'elb',
    'Name',
  ])
    assert.equal(intendedRoleKey(key), undefined, key);
});

const at = { file: 'f', span: { start: 0, end: 0 } };

function subnet(name: string, extra: Partial<Subnet> = {}): Subnet {
  return {
    key: name,
    name,
    at,
    source: 'terraform',
    vpc: 'vpc',
    availabilityZone: known(`us-west-2${name.slice(-1)}`, at),
    declaredRole: known('private', at),
    tags: {},
    ...extra,
  };
}

/** A VPC with a cluster on subnet-a and subnet-b, and a third subnet with a known id. */
function model(withEniConfig: boolean): NetworkModel {
  const m = emptyModel();
  m.vpcs.push({ key: 'vpc', name: 'vpc', at, source: 'terraform', cidrs: [], ipv6Cidrs: [], tags: {} });
  m.subnets.push(subnet('subnet-a'), subnet('subnet-b'), subnet('pods-c', { subnetId: known('subnet-0c', at) }));
  m.clusters.push({ key: 'c', name: 'c', at, source: 'terraform', subnets: ['subnet-a', 'subnet-b'], vpc: 'vpc' });
  if (withEniConfig)
    m.eniConfigs.push({
      key: 'e',
      name: 'us-west-2c',
      at,
      source: 'kubernetes',
      subnet: known('subnet-0c', at),
      securityGroups: [],
      node: { kind: 'map', entries: [], flow: false, span: at.span },
    });
  return m;
}

test('a subnet only ENIConfigs name is for pods, not load balancers', () => {
  const names = (m: NetworkModel) => roleTagGaps(m, defaultSettings(), 'internal').map((g) => g.subnet.name);
  assert.deepEqual(names(model(false)), ['subnet-a', 'subnet-b', 'pods-c']);
  assert.deepEqual(names(model(true)), ['subnet-a', 'subnet-b']);
  const m = model(true);
  assert.match(notForLoadBalancers(m.subnets[2], m) ?? '', /pods only/);
  // Once a node group uses it, it is more than a pod subnet (a new model: facts memoise on the model).
  const used = model(true);
  used.nodeGroups.push({
    key: 'g',
    name: 'g',
    at,
    source: 'terraform',
    managed: true,
    instanceTypes: [],
    subnets: ['pods-c'],
    availabilityZones: [],
  });
  assert.equal(notForLoadBalancers(used.subnets[2], used), undefined);
});

test('the vpc module tiers made for other things are not for load balancers', () => {
  const m = model(false);
  for (const tier of ['database', 'elasticache', 'redshift', 'intra', 'outpost'] as const)
    assert.ok(notForLoadBalancers(subnet('x-a', { tier }), m), tier);
  for (const tier of ['public', 'private'] as const)
    assert.equal(notForLoadBalancers(subnet('x-a', { tier }), m), undefined);
});
