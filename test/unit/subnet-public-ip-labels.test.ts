import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { engineOf } from '../helpers/workspace';
import { plain, type Value } from '../../server/src/model/located';

/**
 * Subnet MapPublicIpOnLaunch and node-group Kubernetes labels from eksctl and Terraform (the
 * CloudFormation side is in cfn-model.test.ts): the model fields rules such as
 * eniconfig-missing-for-az read.
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const labels = (l: Record<string, Value<string>> | undefined) =>
  l ? Object.fromEntries(Object.entries(l).map(([k, v]) => [k, plain(v)])) : undefined;

test('eksctl: created public subnets map public IPs, private ones do not, existing ones are unknown; labels and nameAt are read', () => {
  const model = engineOf({
    'c.yaml': `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: demo, region: us-west-2}
vpc:
  subnets:
    public:
      us-west-2a: {cidr: 10.0.0.0/24}
    private:
      us-west-2a: {cidr: 10.0.1.0/24}
      existing: {id: subnet-0123456789abcdef0}
managedNodeGroups:
  - name: labelled
    labels: {k8s.amazonaws.com/eniConfig: pods-a, tier: "1"}
  - name: plain
nodeGroups:
  - name: bootstrap-labels
    overrideBootstrapCommand: /etc/eks/bootstrap.sh demo --kubelet-extra-args --node-labels=a=b
`,
  }).analyze().model;
  assert.deepEqual(
    model.subnets.map((s) => [s.name, plain(s.mapPublicIpOnLaunch)]),
    [
      ['us-west-2a', true],
      ['us-west-2a', false],
      ['existing', null],
    ],
  );
  const ngs = Object.fromEntries(model.nodeGroups.map((n) => [n.name, n]));
  assert.deepEqual(labels(ngs.labelled.labels), { 'k8s.amazonaws.com/eniConfig': 'pods-a', tier: '1' });
  assert.deepEqual(labels(ngs.plain.labels), {});
  assert.match(ngs['bootstrap-labels'].labelsIncomplete ?? '', /--node-labels/);
  assert.ok(ngs.plain.nameAt, 'the name is where findings about the whole group go');
});

test('Terraform: aws_subnet and vpc module map_public_ip_on_launch (v4 default false, v3 true), node group labels', () => {
  const tf = `resource "aws_subnet" "a" {
  vpc_id                  = "vpc-1"
  cidr_block              = "10.0.0.0/24"
  map_public_ip_on_launch = true
}

resource "aws_subnet" "b" {
  vpc_id     = "vpc-1"
  cidr_block = "10.0.1.0/24"
}

module "vpc5" {
  source          = "terraform-aws-modules/vpc/aws"
  version         = "~> 5.0"
  cidr            = "10.1.0.0/16"
  azs             = ["us-west-2a"]
  public_subnets  = ["10.1.0.0/24"]
  private_subnets = ["10.1.1.0/24"]
}

module "vpc3" {
  source         = "terraform-aws-modules/vpc/aws"
  version        = "3.19.0"
  cidr           = "10.2.0.0/16"
  azs            = ["us-west-2a"]
  public_subnets = ["10.2.0.0/24"]
}

resource "aws_eks_node_group" "ng" {
  cluster_name  = "demo"
  node_role_arn = "arn"
  subnet_ids    = [aws_subnet.b.id]
  labels        = { "k8s.amazonaws.com/eniConfig" = "pods-a" }
  scaling_config {
    desired_size = 1
    max_size     = 1
    min_size     = 1
  }
}
`;
  const model = engineOf({ 'w/main.tf': tf }).analyze().model;
  assert.deepEqual(
    Object.fromEntries(model.subnets.map((s) => [s.name, plain(s.mapPublicIpOnLaunch)])),
    Object.fromEntries([
      ['aws_subnet.a', true],
      ['aws_subnet.b', false],
      ['module.vpc5.aws_subnet.public[0]', false],
      ['module.vpc5.aws_subnet.private[0]', false],
      ['module.vpc3.aws_subnet.public[0]', true],
    ]),
  );
  assert.deepEqual(labels(model.nodeGroups[0].labels), { 'k8s.amazonaws.com/eniConfig': 'pods-a' });
});
