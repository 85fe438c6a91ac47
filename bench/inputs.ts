/**
 * Generators of large, realistic inputs for the benchmarks: a Terraform root module, a
 * CloudFormation template (YAML and JSON) and an eksctl config, shaped the way real EKS
 * infrastructure code is written, so that the timed work is the work users' files cause.
 * Every generator is deterministic, so runs time the same input.
 */

const AZS = ['us-west-2a', 'us-west-2b', 'us-west-2c'];
const TYPES = ['m5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.large', 'm6i.large', 't3.large'];

/** Terraform tiers per tier file, and tier files: 8 × 6 tiers, 8 resource blocks per tier. */
const TIER_FILES = 8;
const TIERS_PER_FILE = 6;

function tfTier(t: number): string {
  const name = `tier${String(t).padStart(2, '0')}`;
  return `
resource "aws_subnet" "${name}" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, ${t * 3} + count.index)
  availability_zone = local.azs[count.index]

  tags = merge(local.common_tags, {
    Name                              = "\${var.cluster_name}-${name}-\${local.azs[count.index]}"
    "kubernetes.io/role/internal-elb" = "1"
  })
}

resource "aws_subnet" "${name}_pods" {
  for_each          = local.pod_subnets["${name}"]
  vpc_id            = aws_vpc_ipv4_cidr_block_association.pods.vpc_id
  cidr_block        = each.value
  availability_zone = each.key

  tags = merge(local.common_tags, { Name = "${name}-pods-\${each.key}" })
}

resource "aws_route_table" "${name}" {
  count  = length(local.azs)
  vpc_id = aws_vpc.main.id

  tags = merge(local.common_tags, { Name = "${name}-\${count.index}" })
}

resource "aws_route" "${name}_nat" {
  count                  = length(local.azs)
  route_table_id         = aws_route_table.${name}[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.main[count.index].id
}

resource "aws_route_table_association" "${name}" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.${name}[count.index].id
  route_table_id = aws_route_table.${name}[count.index].id
}

resource "aws_route_table_association" "${name}_pods" {
  for_each       = aws_subnet.${name}_pods
  subnet_id      = each.value.id
  route_table_id = aws_route_table.${name}[index(local.azs, each.key)].id
}

resource "aws_eks_node_group" "${name}" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "${name}"
  node_role_arn   = var.node_role_arn
  subnet_ids      = aws_subnet.${name}[*].id
  instance_types  = [var.node_groups["${name}"].instance_type]

  scaling_config {
    desired_size = var.node_groups["${name}"].desired
    min_size     = 1
    max_size     = var.node_groups["${name}"].desired * 2
  }

  labels = { tier = "${name}" }
}

resource "aws_security_group" "${name}" {
  name   = "${name}-nodes"
  vpc_id = aws_vpc.main.id
  tags   = local.common_tags
}
`;
}

/** A Terraform root module of 11 files and about 390 resource blocks (about 1,100 instances). */
export function terraformModule(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const tiers = TIER_FILES * TIERS_PER_FILE;
  const nodeGroups = Array.from(
    { length: tiers },
    (_, t) =>
      `    tier${String(t).padStart(2, '0')} = { instance_type = "${TYPES[t % TYPES.length]}", desired = ${2 + (t % 4)} }`,
  );
  files.set(
    `${dir}/variables.tf`,
    `variable "vpc_cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "pod_cidr" {
  type    = string
  default = "100.64.0.0/16"
}

variable "cluster_name" {
  type    = string
  default = "bench"
}

variable "node_role_arn" {
  type    = string
  default = "arn:aws:iam::111122223333:role/node"
}

variable "node_groups" {
  type = map(object({ instance_type = string, desired = number }))
  default = {
${nodeGroups.join('\n')}
  }
}
`,
  );
  const podTiers = Array.from(
    { length: tiers },
    (_, t) =>
      `    tier${String(t).padStart(2, '0')} = { for i, az in local.azs : az => cidrsubnet(var.pod_cidr, 8, ${t * 3} + i) }`,
  );
  files.set(
    `${dir}/locals.tf`,
    `locals {
  azs = ["us-west-2a", "us-west-2b", "us-west-2c"]
  common_tags = {
    Environment                                 = "bench"
    "kubernetes.io/cluster/\${var.cluster_name}" = "shared"
  }
  public_subnets = [for i, az in local.azs : cidrsubnet(var.vpc_cidr, 8, 200 + i)]
  pod_subnets = {
${podTiers.join('\n')}
  }
}
`,
  );
  files.set(
    `${dir}/main.tf`,
    `resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(local.common_tags, { Name = "\${var.cluster_name}-vpc" })
}

resource "aws_vpc_ipv4_cidr_block_association" "pods" {
  vpc_id     = aws_vpc.main.id
  cidr_block = var.pod_cidr
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "public" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.main.id
  cidr_block              = local.public_subnets[count.index]
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = true
  tags                    = merge(local.common_tags, { "kubernetes.io/role/elb" = "1" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_eip" "nat" {
  count  = length(local.azs)
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
}

resource "aws_eks_cluster" "main" {
  name     = var.cluster_name
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids = concat(aws_subnet.tier00[*].id, aws_subnet.tier01[*].id)
  }

  kubernetes_network_config {
    service_ipv4_cidr = "172.20.0.0/16"
  }
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"

  name            = "\${var.cluster_name}-tools"
  cidr            = "10.1.0.0/16"
  azs             = local.azs
  private_subnets = [for i, az in local.azs : cidrsubnet("10.1.0.0/16", 4, i)]
  public_subnets  = [for i, az in local.azs : cidrsubnet("10.1.0.0/16", 8, 200 + i)]

  enable_nat_gateway = true
  single_nat_gateway = true

  public_subnet_tags  = { "kubernetes.io/role/elb" = "1" }
  private_subnet_tags = { "kubernetes.io/role/internal-elb" = "1" }
}
`,
  );
  for (let f = 0; f < TIER_FILES; f++) {
    const body: string[] = [];
    for (let t = 0; t < TIERS_PER_FILE; t++) body.push(tfTier(f * TIERS_PER_FILE + t));
    files.set(
      `${dir}/tier-${f}.tf`,
      `# Subnets, routes and node groups of tiers ${f * TIERS_PER_FILE}-${f * TIERS_PER_FILE + TIERS_PER_FILE - 1}.\n${body.join('')}`,
    );
  }
  return files;
}

/** CloudFormation subnet groups: each adds a subnet, a route table, a route and an association. */
const CFN_GROUPS = 124;

/**
 * A CloudFormation template of 502 resources (public subnets route to the internet gateway, the
 * others to a NAT gateway) as a plain object (written as YAML or JSON).
 */
function cfnResources(): Record<string, unknown> {
  const r: Record<string, unknown> = {
    Vpc: {
      Type: 'AWS::EC2::VPC',
      Properties: { CidrBlock: { Ref: 'VpcBlock' }, EnableDnsSupport: true, EnableDnsHostnames: true },
    },
    InternetGateway: { Type: 'AWS::EC2::InternetGateway' },
    GatewayAttachment: {
      Type: 'AWS::EC2::VPCGatewayAttachment',
      Properties: { VpcId: { Ref: 'Vpc' }, InternetGatewayId: { Ref: 'InternetGateway' } },
    },
    NatIp: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
    NatGateway: {
      Type: 'AWS::EC2::NatGateway',
      Properties: { AllocationId: { 'Fn::GetAtt': ['NatIp', 'AllocationId'] }, SubnetId: { Ref: 'Subnet000' } },
    },
  };
  for (let i = 0; i < CFN_GROUPS; i++) {
    const n = String(i).padStart(3, '0');
    const pub = i % 4 === 0;
    r[`Subnet${n}`] = {
      Type: 'AWS::EC2::Subnet',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        CidrBlock: { 'Fn::Select': [i, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 256, 8] }] },
        AvailabilityZone: { 'Fn::Select': [i % 3, { 'Fn::GetAZs': '' }] },
        MapPublicIpOnLaunch: pub,
        Tags: [
          { Key: pub ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb', Value: '1' },
          { Key: 'Name', Value: { 'Fn::Sub': `\${AWS::StackName}-subnet-${n}` } },
        ],
      },
    };
    r[`RouteTable${n}`] = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
    r[`Route${n}`] = {
      Type: 'AWS::EC2::Route',
      DependsOn: 'GatewayAttachment',
      Properties: {
        RouteTableId: { Ref: `RouteTable${n}` },
        DestinationCidrBlock: '0.0.0.0/0',
        ...(pub ? { GatewayId: { Ref: 'InternetGateway' } } : { NatGatewayId: { Ref: 'NatGateway' } }),
      },
    };
    r[`Assoc${n}`] = {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Properties: { SubnetId: { Ref: `Subnet${n}` }, RouteTableId: { Ref: `RouteTable${n}` } },
    };
  }
  r['Cluster'] = {
    Type: 'AWS::EKS::Cluster',
    Properties: {
      RoleArn: 'arn:aws:iam::111122223333:role/eks',
      ResourcesVpcConfig: { SubnetIds: [{ Ref: 'Subnet001' }, { Ref: 'Subnet002' }] },
    },
  };
  return r;
}

function template(): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Benchmark VPC',
    Parameters: { VpcBlock: { Type: 'String', Default: '10.0.0.0/16' } },
    Resources: cfnResources(),
  };
}

export function cloudformationJson(): string {
  return JSON.stringify(template(), null, 2) + '\n';
}

/** The template in YAML with short-form intrinsics (`!Select`, `!Cidr`, `!GetAZs`), as people write it. */
export function cloudformationYaml(): string {
  const out = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Description: Benchmark VPC',
    'Parameters:',
    '  VpcBlock:',
    '    Type: String',
    '    Default: 10.0.0.0/16',
    'Resources:',
  ];
  out.push(
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: !Ref VpcBlock',
    '      EnableDnsSupport: true',
    '      EnableDnsHostnames: true',
  );
  out.push('  InternetGateway:', '    Type: AWS::EC2::InternetGateway');
  out.push(
    '  GatewayAttachment:',
    '    Type: AWS::EC2::VPCGatewayAttachment',
    '    Properties:',
    '      VpcId: !Ref Vpc',
    '      InternetGatewayId: !Ref InternetGateway',
  );
  out.push('  NatIp:', '    Type: AWS::EC2::EIP', '    Properties: {Domain: vpc}');
  out.push(
    '  NatGateway:',
    '    Type: AWS::EC2::NatGateway',
    '    Properties:',
    '      AllocationId: !GetAtt NatIp.AllocationId',
    '      SubnetId: !Ref Subnet000',
  );
  for (let i = 0; i < CFN_GROUPS; i++) {
    const n = String(i).padStart(3, '0');
    const pub = i % 4 === 0;
    out.push(
      `  Subnet${n}:`,
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      '      VpcId: !Ref Vpc',
      `      CidrBlock: !Select [${i}, !Cidr [!GetAtt Vpc.CidrBlock, 256, 8]]`,
      `      AvailabilityZone: !Select [${i % 3}, !GetAZs '']`,
      `      MapPublicIpOnLaunch: ${pub}`,
      '      Tags:',
      `        - Key: ${pub ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb'}`,
      "          Value: '1'",
      '        - Key: Name',
      `          Value: !Sub '\${AWS::StackName}-subnet-${n}'`,
      `  RouteTable${n}:`,
      '    Type: AWS::EC2::RouteTable',
      '    Properties:',
      '      VpcId: !Ref Vpc',
      `  Route${n}:`,
      '    Type: AWS::EC2::Route',
      '    DependsOn: GatewayAttachment',
      '    Properties:',
      `      RouteTableId: !Ref RouteTable${n}`,
      '      DestinationCidrBlock: 0.0.0.0/0',
      pub ? '      GatewayId: !Ref InternetGateway' : '      NatGatewayId: !Ref NatGateway',
      `  Assoc${n}:`,
      '    Type: AWS::EC2::SubnetRouteTableAssociation',
      `    Properties: {SubnetId: !Ref Subnet${n}, RouteTableId: !Ref RouteTable${n}}`,
    );
  }
  out.push(
    '  Cluster:',
    '    Type: AWS::EKS::Cluster',
    '    Properties:',
    '      RoleArn: arn:aws:iam::111122223333:role/eks',
    '      ResourcesVpcConfig:',
    '        SubnetIds: [!Ref Subnet001, !Ref Subnet002]',
  );
  return out.join('\n') + '\n';
}

/** An eksctl ClusterConfig with 200 managed node groups over a VPC of 6 subnets. */
export function eksctlConfig(): string {
  const out = [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata:',
    '  name: bench',
    '  region: us-west-2',
    'vpc:',
    '  cidr: 10.40.0.0/16',
    '  subnets:',
  ];
  out.push('    public:', ...AZS.map((az, i) => `      ${az}: { cidr: 10.40.${i}.0/24 }`));
  out.push('    private:', ...AZS.map((az, i) => `      ${az}: { cidr: 10.40.${32 * (i + 1)}.0/19 }`));
  out.push('managedNodeGroups:');
  for (let i = 0; i < 200; i++) {
    out.push(
      `  - name: ng-${i}`,
      `    instanceTypes: [${TYPES[i % TYPES.length]}, ${TYPES[(i + 1) % TYPES.length]}]`,
      '    privateNetworking: true',
      `    availabilityZones: [${AZS[i % 3]}]`,
      `    minSize: 1`,
      `    desiredCapacity: ${1 + (i % 5)}`,
      `    maxSize: ${10 + (i % 5)}`,
      `    maxPodsPerNode: ${i % 10 === 0 ? 110 : 29}`,
      '    labels: { role: worker }',
    );
  }
  return out.join('\n') + '\n';
}
