import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { main } from '../../server/src/cli';
import { fixturePath, engineOf } from '../helpers/workspace';

/** Runs `eksnet model` in-process and returns the parsed JSON (the public model contract). */
function model(...files: string[]): Record<string, Record<string, unknown>[]> {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(['model', ...files], { out: (s) => out.push(s), err: (s) => err.push(s), version: 'test' });
  assert.equal(code, 0, err.join('\n'));
  return JSON.parse(out.join('\n')) as Record<string, Record<string, unknown>[]>;
}

const display = (p: string) => path.relative(process.cwd(), p).split(path.sep).join('/');

test('eksctl ClusterConfig: VPC, subnets, cluster and node groups in the model contract', () => {
  const file = fixturePath('eksctl', 'model-cluster.yaml');
  const m = model(file);
  const f = display(file);
  // Subnet ids in the config mean an existing VPC: its DNS attributes are unknown, not guessed.
  assert.deepEqual(m.vpcs, [
    {
      name: 'shop/vpc',
      file: f,
      line: 5,
      cidrs: ['10.10.0.0/16', '100.64.0.0/16'],
      ipv6Cidrs: [],
      enableDnsSupport: null,
      enableDnsHostnames: null,
    },
  ]);
  assert.deepEqual(
    m.subnets.map((s) => [s.name, s.line, s.vpc, s.cidr, s.availabilityZone, s.public]),
    [
      ['us-west-2a', 10, 'shop/vpc', '10.10.0.0/20', 'us-west-2a', true],
      ['us-west-2b', 11, 'shop/vpc', '10.10.16.0/20', 'us-west-2b', true],
      ['app-a', 13, 'shop/vpc', '10.10.64.0/19', 'us-west-2a', false],
      // An existing subnet without a written cidr: unresolved, so null.
      ['app-b', 16, 'shop/vpc', null, 'us-west-2b', false],
    ],
  );
  assert.deepEqual(m.clusters, [
    {
      name: 'shop',
      file: f,
      line: 2,
      serviceIpv4Cidr: '172.20.0.0/16',
      ipFamily: 'ipv4',
      subnets: ['us-west-2a', 'us-west-2b', 'app-a', 'app-b'],
    },
  ]);
  assert.deepEqual(
    m.nodeGroups.map((n) => [n.name, n.line, n.cluster, n.instanceTypes, n.maxSize, n.maxPods, n.subnets]),
    [
      ['ng-public', 23, 'shop', ['m5.large'], 4, 29, ['us-west-2a', 'us-west-2b']],
      // privateNetworking + availabilityZones: the private subnets of that zone; --max-pods from the bootstrap command.
      ['ng-spot', 28, 'shop', ['c5.large', 'c5a.large'], null, 20, ['app-b']],
      // Explicit subnets by key and by id.
      ['mng-app', 37, 'shop', ['m5.xlarge', 'm5a.xlarge'], 10, null, ['app-a', 'app-b']],
      // No type written: eksctl's default m5.large; no privateNetworking: the public subnets.
      ['mng-default', 43, 'shop', ['m5.large'], 3, null, ['us-west-2a', 'us-west-2b']],
    ],
  );
});

test('eksctl creates the VPC: default 192.168.0.0/16, DNS on, selector types unresolved', () => {
  const file = fixturePath('eksctl', 'model-default-vpc.yaml');
  const m = model(file);
  assert.deepEqual(
    m.vpcs.map((v) => [v.cidrs, v.enableDnsSupport, v.enableDnsHostnames]),
    [[['192.168.0.0/16'], true, true]],
  );
  assert.deepEqual(
    m.clusters.map((c) => [c.name, c.serviceIpv4Cidr, c.subnets]),
    [['quick', null, []]],
  );
  assert.deepEqual(
    m.nodeGroups.map((n) => [n.name, n.instanceTypes, n.subnets]),
    [['workers', [null], []]],
  );
});

test('instance types written in node groups are instance-type references; defaults are not', () => {
  const text =
    'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a}\nnodeGroups:\n  - name: x\n    instanceType: m5.large\n  - name: y\n';
  const refs = engineOf({ 'c.yaml': text }).analyze().model.instanceTypeRefs;
  assert.deepEqual(
    refs.map((r) => [r.context, r.value.kind === 'known' ? r.value.value : null, r.value.at.span.start]),
    [['node-group', 'm5.large', text.indexOf('m5.large')]],
  );
});

test('the default VPC CIDR is placed on the `vpc` key, or on `metadata` when there is none', () => {
  const text =
    'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a}\nvpc:\n  nat: {gateway: Single}\n';
  const vpc = engineOf({ 'c.yaml': text }).analyze().model.vpcs[0];
  const cidr = vpc.cidrs[0];
  assert.equal(cidr.kind, 'known');
  assert.equal(text.slice(cidr.at.span.start, cidr.at.span.end), 'vpc');
  const bare = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a}\n';
  const c2 = engineOf({ 'c.yaml': bare }).analyze().model.vpcs[0].cidrs[0];
  assert.equal(bare.slice(c2.at.span.start, c2.at.span.end), 'metadata');
});

test('broken eksctl input never throws and yields what could be read', () => {
  for (const text of [
    'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nvpc: 3\nnodeGroups: {a: 1}\nmanagedNodeGroups: [1, [2], {subnets: 4}]\n',
    'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nvpc: {subnets: {public: [1], private: {a: null}}, extraCIDRs: 7}\n',
  ]) {
    const a = engineOf({ 'c.yaml': text }).analyze();
    assert.equal(a.model.clusters.length, 1);
    assert.ok(!a.findings.some((f) => f.messageId === 'internal'), JSON.stringify(a.findings));
  }
});

test('vpc-cni add-on configurationValues become aws-node env, with exact spans in a literal block', () => {
  const text = [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata: {name: a}',
    'addons:',
    '  - name: vpc-cni',
    '    configurationValues: |',
    '      env:',
    '        ENABLE_PREFIX_DELEGATION: "true"',
    '  - name: coredns',
    '    configurationValues: \'{"env": {"NOT_CNI": "x"}}\'',
    '',
  ].join('\n');
  const env = engineOf({ 'c.yaml': text }).analyze().model.awsNode;
  assert.equal(env.length, 1);
  assert.equal(env[0].source, 'addon-config');
  const v = env[0].vars[0];
  assert.equal(v.name, 'ENABLE_PREFIX_DELEGATION');
  assert.equal(text.slice(v.nameAt.span.start, v.nameAt.span.end), 'ENABLE_PREFIX_DELEGATION');
});

test('vpc-cni configurationValues as a JSON string: read, spans on the whole string', () => {
  const text =
    'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a}\naddons:\n  - name: vpc-cni\n    configurationValues: \'{"env":{"WARM_IP_TARGET":"5"}}\'\n';
  const env = engineOf({ 'c.yaml': text }).analyze().model.awsNode;
  assert.deepEqual(
    env.map((e) => e.vars.map((v) => [v.name, v.value?.kind === 'known' ? v.value.value : null, v.approximate])),
    [[['WARM_IP_TARGET', '5', true]]],
  );
  const at = env[0].vars[0].nameAt.span;
  assert.ok(at.start >= text.indexOf("'{") && at.end <= text.length);
});
