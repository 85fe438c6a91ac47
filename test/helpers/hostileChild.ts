/**
 * Runs one hostile workspace through the engine in its own process and prints a summary as JSON,
 * so the test that spawns it (robustness-limits.test.ts) can kill it at a deadline: a regression
 * to quadratic work or to a crash then fails that test instead of hanging or killing the suite.
 * Usage: node out/test/helpers/hostileChild.js <case>
 */
import { Engine, initHcl } from '../../server/src/engine';

/** 130 bytes of Terraform: 1,000 subnets with one block, 499,500 overlapping pairs. */
const sameCidrTf = `resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_subnet" "s" {\n  count = 1000\n  vpc_id = aws_vpc.v.id\n  cidr_block = "10.0.1.0/24"\n}\n`;

function identicalCfnSubnets(n: number): string {
  let t = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n`;
  for (let i = 0; i < n; i++)
    t += `  S${i}:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref V\n      CidrBlock: 10.0.1.0/24\n`;
  return t;
}

/** A CI file shape: 10,000 aliases (the cap) in a document of 200,000 nodes. */
function manyAliases(): string {
  return `base: &base {image: node}\njobs: [${'*base, '.repeat(10_000)}x]\ndata: [${'1, '.repeat(200_000)}1]\n`;
}

/** 20,000 entries of one aws-node variable: each but the last is overridden by the next. */
function duplicateEnv(): string {
  let t = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: aws-node, namespace: kube-system}\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          env:\n`;
  for (let i = 0; i < 20_000; i++) t += `            - {name: WARM_IP_TARGET, value: "${i}"}\n`;
  return t;
}

/** 800 node groups on 800 subnets with custom networking: every group's zones come from every subnet. */
function manyNodeGroups(): Record<string, string> {
  const n = 800;
  let eks = `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: x, region: us-east-1}\nvpc:\n  cidr: 10.0.0.0/16\n  subnets:\n    private:\n`;
  for (let i = 0; i < n; i++)
    eks += `      s${i}: {id: subnet-${i}, cidr: 10.0.${i & 255}.${(i >> 8) * 64}/26, az: us-east-1${'abc'[i % 3]}}\n`;
  eks += `managedNodeGroups:\n`;
  for (let i = 0; i < n; i++) eks += `  - {name: ng${i}, instanceType: m5.large, privateNetworking: true}\n`;
  const aws = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: aws-node, namespace: kube-system}\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          env:\n            - {name: AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG, value: "true"}\n            - {name: ENI_CONFIG_LABEL_DEF, value: topology.kubernetes.io/zone}\n`;
  const eni = `apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata: {name: us-east-1a}\nspec: {subnet: subnet-0, securityGroups: [sg-1]}\n`;
  return { '/ws/cluster.yaml': eks, '/ws/aws-node.yaml': aws, '/ws/eni.yaml': eni };
}

export const CASES: Record<string, () => Record<string, string>> = {
  'duplicate-env': () => ({ '/ws/aws-node.yaml': duplicateEnv() }),
  'many-node-groups': manyNodeGroups,
  'same-cidr-terraform': () => ({ '/ws/main.tf': sameCidrTf }),
  'identical-cloudformation-subnets': () => ({ '/ws/template.yaml': identicalCfnSubnets(3000) }),
  'long-instance-type-list': () => ({
    '/ws/cluster.yaml': `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: x, region: us-east-1}\nmanagedNodeGroups:\n  - name: ng\n    instanceTypes: [${'m5.large, '.repeat(130_000)}m5.large]\n`,
  }),
  'yaml-aliases': () => ({ '/ws/.gitlab-ci.yml': manyAliases() }),
  'nested-count': () => ({
    '/ws/main.tf': `resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\nmodule "a" {\n  source = "./a"\n  count = 1000\n  vpc = aws_vpc.v.id\n}\n`,
    '/ws/a/main.tf': `variable "vpc" {}\nmodule "b" {\n  source = "./b"\n  count = 1000\n  vpc = var.vpc\n}\n`,
    '/ws/a/b/main.tf': `variable "vpc" {}\nresource "aws_subnet" "s" {\n  vpc_id = var.vpc\n  cidr_block = "10.0.1.0/24"\n}\n`,
  }),
  'megabyte-values': () => {
    const big = 'x'.repeat(1_000_000);
    return {
      '/ws/aws-node.yaml': `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: aws-node, namespace: kube-system}\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          env:\n            - name: WARM_IP_TARGET\n              value: "${big}"\n            - name: ${big}\n              value: "1"\n`,
      '/ws/cluster.yaml': `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: ${big}, region: us-east-1}\nvpc:\n  cidr: ${big}\nmanagedNodeGroups:\n  - name: ${big}\n    instanceType: ${big}\n`,
      '/ws/main.tf': `resource "aws_vpc" "v" {\n  cidr_block = "${big}"\n}\n`,
    };
  },
};

async function main(): Promise<void> {
  const make = CASES[process.argv[2] ?? ''];
  if (!make) throw new Error(`no case ${process.argv[2]}`);
  await initHcl();
  const engine = new Engine();
  for (const [id, text] of Object.entries(make())) engine.setFile(id, text);
  const a = engine.analyze();
  const summary = {
    subnets: a.model.subnets.length,
    instanceTypeRefs: a.model.instanceTypeRefs.length,
    bytes: JSON.stringify(a.findings).length,
    findings: a.findings.map((f) => ({
      ruleId: f.ruleId,
      messageId: f.messageId,
      message: f.message,
      file: f.file,
      related: f.related.map((r) => r.message),
    })),
  };
  process.stdout.write(JSON.stringify(summary));
}

if (require.main === module)
  main().catch((e: unknown) => {
    process.stderr.write(String((e as Error)?.stack ?? e));
    process.exit(1);
  });
