import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { engineOf } from '../helpers/workspace';
import { plain } from '../../server/src/model/located';
import type { NetworkModel } from '../../server/src/model/types';

/**
 * The cluster endpoint access and the node groups' launch-template public address, as every
 * source fills them: written values, each format's documented default where it leaves them out,
 * and unresolved where the value cannot be known (node-subnet-no-public-ip reads these).
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const endpoints = (m: NetworkModel) =>
  m.clusters.map((c) => [c.name, plain(c.endpointPrivateAccess), plain(c.endpointPublicAccess)]);
const publicIp = (m: NetworkModel) =>
  m.nodeGroups.map((n) => [n.name, n.associatePublicIp === undefined ? 'none' : plain(n.associatePublicIp)]);

test('eksctl: clusterEndpoints defaults (private off, public on), privateCluster, own launch templates', () => {
  const model = engineOf({
    'a.yaml': `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: a, region: us-west-2}
managedNodeGroups:
  - name: plain
  - name: own-template
    launchTemplate: {id: lt-0123456789abcdef0}
`,
    'b.yaml': `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: b, region: us-west-2}
vpc:
  clusterEndpoints: {privateAccess: true, publicAccess: false}
`,
    'c.yaml': `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: c, region: us-west-2}
privateCluster: {enabled: true}
`,
  }).analyze().model;
  assert.deepEqual(endpoints(model), [
    ['a', false, true],
    ['b', true, false],
    ['c', true, true],
  ]);
  // eksctl's own launch templates leave the address to the subnet; a user's template may set it.
  assert.deepEqual(publicIp(model), [
    ['plain', 'none'],
    ['own-template', null],
  ]);
});

test('CloudFormation: ResourcesVpcConfig flags or their defaults, computed config, launch template interfaces', () => {
  const model = engineOf({
    't.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Private: {Type: String}
Conditions:
  Never: !Equals [a, b]
Resources:
  Defaults:
    Type: AWS::EKS::Cluster
    Properties: {ResourcesVpcConfig: {SubnetIds: []}}
  Written:
    Type: AWS::EKS::Cluster
    Properties: {ResourcesVpcConfig: {SubnetIds: [], EndpointPrivateAccess: "true", EndpointPublicAccess: !Ref Private}}
  Computed:
    Type: AWS::EKS::Cluster
    Properties: {ResourcesVpcConfig: !If [Never, {SubnetIds: []}, {SubnetIds: []}]}
  Associates:
    Type: AWS::EC2::LaunchTemplate
    Properties: {LaunchTemplateData: {NetworkInterfaces: [{DeviceIndex: 1}, {DeviceIndex: 0, AssociatePublicIpAddress: true}]}}
  Silent:
    Type: AWS::EC2::LaunchTemplate
    Properties: {LaunchTemplateData: {InstanceType: m5.large}}
  A: {Type: AWS::EKS::Nodegroup, Properties: {ClusterName: !Ref Defaults, LaunchTemplate: {Id: !Ref Associates}}}
  B: {Type: AWS::EKS::Nodegroup, Properties: {ClusterName: !Ref Defaults, LaunchTemplate: {Id: !Ref Silent}}}
  C: {Type: AWS::EKS::Nodegroup, Properties: {ClusterName: !Ref Defaults, LaunchTemplate: {Id: lt-0123456789abcdef0}}}
  D: {Type: AWS::EKS::Nodegroup, Properties: {ClusterName: !Ref Defaults}}
`,
  }).analyze().model;
  assert.deepEqual(endpoints(model), [
    ['Defaults', false, true],
    ['Written', true, null],
    ['Computed', null, null],
  ]);
  assert.deepEqual(publicIp(model), [
    ['A', true],
    ['B', 'none'],
    ['C', null],
    ['D', 'none'],
  ]);
});

test('Terraform: vpc_config flags or the provider defaults, launch template network_interfaces', () => {
  const model = engineOf({
    'main.tf': `resource "aws_eks_cluster" "defaults" {
  name = "defaults"
  vpc_config {
    subnet_ids = []
  }
}

resource "aws_eks_cluster" "written" {
  name = "written"
  vpc_config {
    subnet_ids              = []
    endpoint_private_access = true
    endpoint_public_access  = var.public
  }
}

variable "public" {
  type = bool
}

resource "aws_launch_template" "public" {
  network_interfaces {
    associate_public_ip_address = "true"
  }
}

resource "aws_launch_template" "silent" {
  instance_type = "m5.large"
}

resource "aws_eks_node_group" "a" {
  cluster_name = aws_eks_cluster.defaults.name
  launch_template {
    id = aws_launch_template.public.id
  }
}

resource "aws_eks_node_group" "b" {
  cluster_name = aws_eks_cluster.defaults.name
  launch_template {
    id = aws_launch_template.silent.id
  }
}

resource "aws_eks_node_group" "c" {
  cluster_name = aws_eks_cluster.defaults.name
  launch_template {
    id = "lt-0123456789abcdef0"
  }
}
`,
  }).analyze().model;
  assert.deepEqual(endpoints(model), [
    ['aws_eks_cluster.defaults', false, true],
    ['aws_eks_cluster.written', true, null],
  ]);
  assert.deepEqual(publicIp(model), [
    ['aws_eks_node_group.a', true],
    ['aws_eks_node_group.b', 'none'],
    ['aws_eks_node_group.c', null],
  ]);
});

test('Terraform eks module: endpoint defaults changed in v19 (private on, public off); inputs win', () => {
  const call = (name: string, version: string | undefined, extra = '') => `module "${name}" {
  source = "terraform-aws-modules/eks/aws"
${version ? `  version = "${version}"\n` : ''}  cluster_name = "${name}"
${extra}}
`;
  const model = engineOf({
    'main.tf': [
      call('v18', '~> 18.0'),
      call('v20', '~> 20.0'),
      call('latest', undefined),
      call('v21', '~> 21.0', '  endpoint_private_access = false\n  endpoint_public_access = true\n'),
      call('v17', '17.24.0', '  cluster_endpoint_private_access = true\n'),
    ].join('\n'),
  }).analyze().model;
  assert.deepEqual(endpoints(model), [
    ['module.v18.aws_eks_cluster.this[0]', false, true],
    ['module.v20.aws_eks_cluster.this[0]', true, false],
    ['module.latest.aws_eks_cluster.this[0]', true, false],
    ['module.v21.aws_eks_cluster.this[0]', false, true],
    ['module.v17.aws_eks_cluster.this[0]', true, true],
  ]);
  assert.deepEqual(
    model.clusters.map((c) => c.endpointPrivateAccessName),
    [
      'cluster_endpoint_private_access',
      'cluster_endpoint_private_access',
      'endpoint_private_access',
      'endpoint_private_access',
      'cluster_endpoint_private_access',
    ],
  );
});

test('Terraform eks module: managed and self-managed groups, with network_interfaces public addresses', () => {
  const model = engineOf({
    'main.tf': `module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 20.0"
  cluster_name = "demo"
  subnet_ids   = ["subnet-0aaaaaaaaaaaaaaa1"]

  eks_managed_node_groups = {
    plain  = {}
    public = { network_interfaces = [{ associate_public_ip_address = true }] }
  }
  self_managed_node_groups = {
    workers = { instance_type = "m5.large", max_size = 5 }
    unknown = { network_interfaces = var.interfaces }
  }
}

variable "interfaces" {
  type = list(any)
}
`,
  }).analyze().model;
  assert.deepEqual(
    model.nodeGroups.map((n) => [
      n.name.replace(/^module\.eks\.module\./, ''),
      n.managed,
      n.instanceTypes.map(plain),
      plain(n.maxSize),
      n.associatePublicIp === undefined ? 'none' : plain(n.associatePublicIp),
    ]),
    [
      ['eks_managed_node_group["plain"].aws_eks_node_group.this[0]', true, [], 3, 'none'],
      ['eks_managed_node_group["public"].aws_eks_node_group.this[0]', true, [], 3, true],
      ['self_managed_node_group["unknown"].aws_autoscaling_group.this[0]', false, [], null, null],
      ['self_managed_node_group["workers"].aws_autoscaling_group.this[0]', false, ['m5.large'], 5, 'none'],
    ],
  );
});
