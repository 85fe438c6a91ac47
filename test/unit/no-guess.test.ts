import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { Engine } from '../../server/src/engine';

/**
 * No finding rests on a guess (issue 11): for each source, a configuration that draws a finding is
 * changed so that one fact behind it (a route target, a tag map, a CIDR) is unknown, and the
 * finding must go. The unchanged configuration is checked too, so each case can fail.
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

function ruleIds(files: Record<string, string>): string[] {
  const engine = new Engine();
  for (const [id, text] of Object.entries(files)) engine.setFile(id, text);
  return engine.analyze().findings.map((f) => f.ruleId);
}

/** A private subnet (only the local route) of an EKS VPC, untagged: subnet-missing-internal-elb-tag fires. */
const TF = (parts: { table?: string; association?: string; extra?: string; provider?: string } = {}) => `
${parts.provider ?? ''}
variable "n" {
  type = number
}

variable "gw" {
  type = string
}

variable "default_tags" {
  type = map(string)
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
${parts.table ?? ''}
}

resource "aws_subnet" "private" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-west-2a"
}

${
  parts.association ??
  `resource "aws_route_table_association" "private" {
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.private.id
}`
}

resource "aws_eks_node_group" "nodes" {
  cluster_name   = "demo"
  node_role_arn  = "arn:aws:iam::111122223333:role/nodes"
  subnet_ids     = [aws_subnet.private.id]
  instance_types = ["m5.large"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }
}
${parts.extra ?? ''}
`;

const ROLE_RULES = ['private-subnet-no-egress', 'subnet-missing-internal-elb-tag', 'subnet-missing-elb-tag'];
const roleFindings = (files: Record<string, string>) => ruleIds(files).filter((r) => ROLE_RULES.includes(r));

test('Terraform: the baseline private subnet is reported as private', () => {
  assert.ok(ruleIds({ '/w/main.tf': TF() }).includes('subnet-missing-internal-elb-tag'));
});

test('Terraform: a default route to a gateway passed in leaves the subnet role unknown', () => {
  const table = '  route {\n    cidr_block = "0.0.0.0/0"\n    gateway_id = var.gw\n  }';
  assert.deepEqual(roleFindings({ '/w/main.tf': TF({ table }) }), []);
});

test('Terraform: routes written as a dynamic block are not taken for no routes', () => {
  const table =
    '  dynamic "route" {\n    for_each = var.routes\n    content {\n      cidr_block = route.value.cidr\n      gateway_id = route.value.gw\n    }\n  }';
  assert.deepEqual(roleFindings({ '/w/main.tf': TF({ table, extra: 'variable "routes" {}' }) }), []);
});

test('Terraform: aws_route resources with an unknown count may add a default route', () => {
  const extra = `resource "aws_route" "out" {
  count                  = var.n
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = var.gw
}`;
  assert.deepEqual(roleFindings({ '/w/main.tf': TF({ extra }) }), []);
});

test('Terraform: an association with an unknown count may give the subnet another table', () => {
  const association = `resource "aws_route_table_association" "private" {
  count          = var.n
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.private.id
}`;
  assert.deepEqual(roleFindings({ '/w/main.tf': TF({ association }) }), []);
});

/** A subnet of a cluster VPC with no role tag: subnet-missing-internal-elb-tag fires. */
const TAGGED = (provider: string) => `
${provider}
variable "default_tags" {
  type = map(string)
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_nat_gateway" "main" {
  subnet_id = "subnet-0123"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }
}

resource "aws_subnet" "private" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-west-2a"
  tags = {
    Name = "private"
  }
}

resource "aws_route_table_association" "private" {
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.private.id
}

resource "aws_eks_cluster" "demo" {
  name     = "demo"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = [aws_subnet.private.id]
  }
}
`;

test('Terraform: provider default_tags count as tags; unknown ones make the tags incomplete', () => {
  const missing = (provider: string) =>
    ruleIds({ '/w/main.tf': TAGGED(provider) }).includes('subnet-missing-internal-elb-tag');
  assert.equal(missing(''), true, 'the baseline is reported');
  assert.equal(missing('provider "aws" {\n  default_tags {\n    tags = var.default_tags\n  }\n}'), false);
  assert.equal(
    missing(
      'provider "aws" {\n  default_tags {\n    tags = {\n      "kubernetes.io/role/internal-elb" = "1"\n    }\n  }\n}',
    ),
    false,
  );
  // A default_tags map without the tag proves it is missing.
  assert.equal(missing('provider "aws" {\n  default_tags {\n    tags = {\n      team = "net"\n    }\n  }\n}'), true);
  // Two aws providers, one with default_tags: which one the subnet uses is not followed.
  assert.equal(
    missing(
      'provider "aws" {}\nprovider "aws" {\n  alias = "b"\n  default_tags {\n    tags = {\n      team = "net"\n    }\n  }\n}',
    ),
    false,
  );
});

test('Terraform: an unknown CIDR produces no CIDR finding', () => {
  const text = (cidr: string) => `
variable "cidr" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = ${cidr}
}

resource "aws_subnet" "b" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
`;
  const cidrRules = (ids: string[]) => ids.filter((r) => /cidr|overlap|outside|subnet-size/.test(r));
  assert.ok(cidrRules(ruleIds({ '/w/main.tf': text('"10.0.1.0/25"') })).includes('subnet-overlap'));
  assert.ok(cidrRules(ruleIds({ '/w/main.tf': text('"192.168.0.0/24"') })).includes('subnet-outside-vpc'));
  assert.deepEqual(cidrRules(ruleIds({ '/w/main.tf': text('var.cidr') })), []);
  assert.deepEqual(
    cidrRules(ruleIds({ '/w/main.tf': text('lookup(merge(var.cidrs, {}), "a", "192.168.0.0/24")') })),
    [],
  );
});

test('Terraform: a dynamic vpc_config or kubernetes_network_config leaves its arguments unresolved', () => {
  const engine = new Engine();
  engine.setFile(
    '/w/main.tf',
    `variable "vc" {}
resource "aws_eks_cluster" "demo" {
  name     = "demo"
  role_arn = "arn"
  dynamic "vpc_config" {
    for_each = var.vc
    content {
      subnet_ids = vpc_config.value.ids
    }
  }
  dynamic "kubernetes_network_config" {
    for_each = var.vc
    content {
      service_ipv4_cidr = vpc_config.value.cidr
    }
  }
}
`,
  );
  const cl = engine.analyze().model.clusters[0];
  assert.equal(cl.endpointPrivateAccess?.kind, 'unresolved');
  assert.equal(cl.serviceIpv4Cidr?.kind, 'unresolved');
  assert.ok(cl.subnetsIncomplete);
});

/** CloudFormation: the same private subnet without egress. */
const CFN = (assocCondition: string) => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  UseNat:
    Type: String
Conditions:
  WithNat: !Equals [!Ref UseNat, 'yes']
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      EnableDnsHostnames: true
  Igw:
    Type: AWS::EC2::InternetGateway
  PublicRt:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  Default:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref PublicRt
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref Igw
  Private:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.0.0/20
      AvailabilityZone: us-west-2a
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
${assocCondition}    Properties:
      SubnetId: !Ref Private
      RouteTableId: !Ref PublicRt
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: demo
      NodeRole: arn:aws:iam::111122223333:role/node
      Subnets: [!Ref Private]
`;

test('CloudFormation: an association under a condition known only at deployment leaves the role unknown', () => {
  // Without a condition the subnet is public: public-subnet rules may fire, but never the private ones.
  const plain = roleFindings({ '/w/t.yaml': CFN('') });
  assert.ok(plain.includes('subnet-missing-elb-tag'), `public subnet: ${plain.join(', ')}`);
  assert.deepEqual(roleFindings({ '/w/t.yaml': CFN('    Condition: WithNat\n') }), []);
});
