import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { awsNodePatch } from '../helpers/manifests';
import { engineOf } from '../helpers/workspace';
import { cniMode } from '../../server/src/facts/cni/mode';
import type { NetworkModel } from '../../server/src/model/types';

// Add-on configuration is cluster-bound, as in AWS: one cluster's vpc-cni add-on must not change the
// CNI mode (and so the findings and hovers) of another cluster's node groups.

before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const eksctl = (name: string, extra = '') => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: ${name}
  region: us-west-2
${extra}managedNodeGroups:
  - name: ${name}-nodes
    instanceType: m4.xlarge
`;
const addon = (env: string) => `addons:
  - name: vpc-cni
    configurationValues: |-
      env:
${env}`;

const DAEMONSET_PATCH = awsNodePatch({ WARM_IP_TARGET: '5' });

function modelOf(files: Record<string, string>): NetworkModel {
  return engineOf(files).analyze().model;
}

function clusterKey(m: NetworkModel, name: string): string {
  const c = m.clusters.find((x) => x.name === name);
  assert.ok(c, `cluster ${name} in the model`);
  return c.key;
}

test('an add-on is bound to its cluster; a patch two clusters could take is checked on its own and reaches neither', () => {
  const m = modelOf({
    'a.yaml': eksctl('analytics', addon('        ENABLE_PREFIX_DELEGATION: "true"\n')),
    'b.yaml': eksctl('legacy'),
    'patch.yaml': DAEMONSET_PATCH,
  });
  const a = clusterKey(m, 'analytics');
  const b = clusterKey(m, 'legacy');
  assert.equal(m.awsNode.find((e) => e.source === 'addon-config')?.cluster, a);
  assert.equal(m.awsNode.find((e) => e.source === 'patch')?.cluster, undefined, 'two clusters: ambiguous');

  const ma = cniMode(m, a);
  assert.equal(ma.prefixDelegation.value, true);
  assert.equal(ma.prefixDelegation.at?.file, 'a.yaml');
  assert.equal(ma.warmIpTarget.value, undefined, 'the ambiguous patch does not reach analytics');
  assert.equal(ma.cluster, a);

  const mb = cniMode(m, b);
  assert.equal(mb.prefixDelegation.value, false, "analytics' add-on does not reach legacy");
  assert.equal(mb.prefixDelegation.at, undefined);
  assert.equal(mb.warmIpTarget.value, undefined, 'the ambiguous patch does not reach legacy');
  assert.equal(mb.configured, false);

  // Without a cluster the workspace mode still reads every source, for callers with no node group.
  assert.equal(cniMode(m).prefixDelegation.value, true);
  assert.equal(cniMode(m).warmIpTarget.value, 5);
  assert.equal(cniMode(m).cluster, undefined);
});

test('an unbound source applies to the one cluster of its nearest folder that declares any, else the workspace', () => {
  const m = modelOf({
    'clusters/analytics/cluster.yaml': eksctl('analytics'),
    'clusters/analytics/aws-node.yaml': DAEMONSET_PATCH,
    'clusters/legacy/cluster.yaml': eksctl('legacy'),
    'clusters/legacy/cni/set-env.sh': 'kubectl set env ds aws-node -n kube-system WARM_IP_TARGET=7\n',
  });
  const a = clusterKey(m, 'analytics');
  const b = clusterKey(m, 'legacy');
  const patch = m.awsNode.find((e) => e.source === 'patch');
  assert.equal(patch?.cluster, a);
  assert.match(patch?.scope ?? '', /`analytics` is the only cluster declared in clusters\/analytics\//);
  assert.equal(m.awsNode.find((e) => e.source === 'set-env')?.cluster, b);
  assert.equal(cniMode(m, a).warmIpTarget.value, 5);
  assert.equal(cniMode(m, b).warmIpTarget.value, 7);
  assert.match(cniMode(m, b).warmIpTarget.scope ?? '', /only cluster declared in clusters\/legacy\//);

  const one = modelOf({ 'infra/cluster.yaml': eksctl('solo'), 'k8s/patch.yaml': DAEMONSET_PATCH });
  assert.equal(one.awsNode[0].cluster, clusterKey(one, 'solo'));
  assert.equal(one.awsNode[0].scope, undefined, 'the only cluster of the workspace needs no explanation');
});

test('eksnet.clusterScopes ties a source to a cluster by name, over the folder rule', () => {
  const files = {
    'a.yaml': eksctl('analytics'),
    'b.yaml': eksctl('legacy'),
    'cni/legacy-patch.yaml': DAEMONSET_PATCH,
  };
  const m = engineOf(files, { clusterScopes: { 'cni/legacy-*.yaml': 'legacy' } }).analyze().model;
  const patch = m.awsNode.find((e) => e.source === 'patch');
  assert.equal(patch?.cluster, clusterKey(m, 'legacy'));
  assert.match(patch?.scope ?? '', /eksnet\.clusterScopes names cluster `legacy`/);
  assert.equal(cniMode(m, clusterKey(m, 'analytics')).warmIpTarget.value, undefined);
  assert.equal(cniMode(m, clusterKey(m, 'legacy')).warmIpTarget.value, 5);
});

test('a cluster no source reaches is unconfigured and keeps the manifest defaults; its neighbour keeps its own add-on values', () => {
  const m = modelOf({
    'a.yaml': eksctl('analytics', addon('        WARM_PREFIX_TARGET: "3"\n')),
    'b.yaml': eksctl('legacy'),
  });
  const mb = cniMode(m, clusterKey(m, 'legacy'));
  assert.equal(mb.configured, false);
  assert.equal(mb.warmPrefixTarget.value, 1);
  assert.equal(cniMode(m, clusterKey(m, 'analytics')).warmPrefixTarget.value, 3);
});

test('prefix-delegation findings and the instance-type hover follow the node group cluster', () => {
  const files = {
    'a.yaml': eksctl('analytics', addon('        ENABLE_PREFIX_DELEGATION: "true"\n')),
    'b.yaml': eksctl('legacy'),
  };
  const engine = engineOf(files);
  const pd = engine.analyze().findings.filter((f) => f.ruleId === 'prefix-delegation-unsupported-instance');
  assert.deepEqual(
    pd.map((f) => f.file),
    ['a.yaml'],
  );
  const hoverIn = (file: 'a.yaml' | 'b.yaml') =>
    engine.hover(file, files[file].indexOf('m4.xlarge') + 1)?.contents ?? '';
  assert.match(hoverIn('a.yaml'), /prefix delegation is on, but m4\.xlarge/i);
  assert.match(hoverIn('b.yaml'), /\*\*Max pods: 58\*\* with secondary IPs:/);
  assert.doesNotMatch(hoverIn('b.yaml'), /prefix delegation is on/i);
  assert.match(hoverIn('b.yaml'), /No aws-node configuration in the workspace applies to this node group's cluster/);
  // Completion inside legacy's node group shows legacy's mode (secondary IPs: 58 for m4.xlarge).
  const completion = (file: 'a.yaml' | 'b.yaml') =>
    engine.completions(file, files[file].indexOf('m4.xlarge') + 1)?.items.find((i) => i.label === 'm4.xlarge')?.detail;
  assert.match(completion('b.yaml') ?? '', /^58 max pods/);
  assert.match(
    completion('a.yaml') ?? '',
    /^58 max pods/,
    'm4.xlarge falls back to secondary IPs even with prefix delegation',
  );
  const m5 = (file: 'a.yaml' | 'b.yaml') =>
    engine.completions(file, files[file].indexOf('m4.xlarge') + 1)?.items.find((i) => i.label === 'm5.large')?.detail;
  assert.match(m5('a.yaml') ?? '', /^110 max pods/, 'inside analytics the add-on turns prefix delegation on (capped)');
  assert.match(m5('b.yaml') ?? '', /^29 max pods/, "inside legacy analytics' add-on does not count");
});

const CFN = (clusterName: string, name = 'analytics') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Analytics:
    Type: AWS::EKS::Cluster
    Properties:
      Name: ${name}
      RoleArn: arn:aws:iam::111122223333:role/eks
      ResourcesVpcConfig: {SubnetIds: [subnet-1]}
  Legacy:
    Type: AWS::EKS::Cluster
    Properties:
      RoleArn: arn:aws:iam::111122223333:role/eks
      ResourcesVpcConfig: {SubnetIds: [subnet-1]}
  Cni:
    Type: AWS::EKS::Addon
    Properties:
      AddonName: vpc-cni
      ClusterName: ${clusterName}
      ConfigurationValues: '{"env": {"ENABLE_PREFIX_DELEGATION": "true"}}'
`;

test('AWS::EKS::Addon ClusterName: Ref, GetAtt Name and a matching literal bind; other names do not', () => {
  const bound = (clusterName: string, name?: string) => {
    const m = modelOf({ 't.yaml': CFN(clusterName, name) });
    assert.equal(m.awsNode.length, 1, `add-on read for ${clusterName}`);
    assert.ok(m.clusters.length >= 2);
    const key = m.awsNode[0]?.cluster;
    return key === undefined ? undefined : m.clusters.find((c) => c.key === key)?.name;
  };
  assert.equal(bound('!Ref Analytics'), 'Analytics');
  assert.equal(bound('!Ref Legacy'), 'Legacy');
  assert.equal(bound('!GetAtt Legacy.Name'), 'Legacy', 'GetAtt Name of a cluster without a Name property');
  assert.equal(bound('analytics'), 'Analytics');
  assert.equal(bound('somewhere-else'), undefined);
  assert.equal(bound('!ImportValue shared-cluster'), undefined);
  // Two clusters with the same Name: which one is meant is not known.
  assert.equal(bound('x', 'x\n  Other: {Type: AWS::EKS::Cluster, Properties: {Name: x}}'), undefined);
});

const TF_CLUSTERS = `resource "aws_eks_cluster" "a" {
  name     = "alpha"
  role_arn = "r"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
resource "aws_eks_cluster" "b" {
  name     = "beta"
  role_arn = "r"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
variable "cluster" {
  type    = string
  default = "elsewhere"
}
`;
const tfAddon = (clusterName: string) => `resource "aws_eks_addon" "cni" {
  cluster_name         = ${clusterName}
  addon_name           = "vpc-cni"
  configuration_values = jsonencode({ env = { ENABLE_PREFIX_DELEGATION = "true" } })
}
`;

test('aws_eks_addon cluster_name: .name, .id and a matching literal bind; a variable naming another cluster does not', () => {
  const bound = (clusterName: string) => {
    const m = modelOf({ '/w/main.tf': TF_CLUSTERS + tfAddon(clusterName) });
    const key = m.awsNode[0]?.cluster;
    assert.ok(m.awsNode.length > 0, `add-on read for ${clusterName}`);
    return key === undefined ? undefined : m.clusters.find((c) => c.key === key)?.name;
  };
  assert.equal(bound('aws_eks_cluster.b.name'), 'aws_eks_cluster.b');
  assert.equal(bound('aws_eks_cluster.a.id'), 'aws_eks_cluster.a');
  assert.equal(bound('"alpha"'), 'aws_eks_cluster.a');
  assert.equal(bound('var.cluster'), undefined);
});

test("the eks module's add-ons, and an aws_eks_addon naming the module's cluster, bind to the module's cluster", () => {
  const mod = `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "demo"
  cluster_addons = {
    vpc-cni = {
      configuration_values = jsonencode({ env = { ENABLE_POD_ENI = "true" } })
    }
  }
}
`;
  const m = modelOf({ '/w/main.tf': mod + tfAddon('module.eks.cluster_name') });
  const cluster = m.clusters.find((c) => c.name === 'module.eks.aws_eks_cluster.this[0]');
  assert.ok(cluster);
  assert.equal(m.awsNode.length, 2);
  for (const e of m.awsNode) assert.equal(e.cluster, cluster.key);
});

test('a source a kustomization deploys applies to the cluster of the overlay that deploys it', () => {
  const kustomization = (lines: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${lines}`;
  const m = modelOf({
    'clusters/analytics/cluster.yaml': eksctl('analytics'),
    'clusters/analytics/kustomization.yaml': kustomization('resources:\n  - ../../cni/analytics\n'),
    'clusters/legacy/cluster.yaml': eksctl('legacy'),
    'cni/analytics/kustomization.yaml': kustomization('resources:\n  - aws-node.yaml\n'),
    'cni/analytics/aws-node.yaml': DAEMONSET_PATCH,
  });
  const patch = m.awsNode.find((e) => e.source === 'patch');
  assert.equal(patch?.cluster, clusterKey(m, 'analytics'), 'the folder rule alone would find two clusters');
  assert.match(patch?.scope ?? '', /kustomization clusters\/analytics\/kustomization\.yaml deploys it/);
  assert.equal(cniMode(m, clusterKey(m, 'legacy')).warmIpTarget.value, undefined);
});
