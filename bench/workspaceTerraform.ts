import { vpcBase, TYPES, AZS } from './workspaceCommon';

/**
 * One Terraform root module of the generated workspaces, as four files: variables, the VPC with
 * its gateways, the network (public subnets by count over cidrsubnet, three literal private
 * subnets, route tables and associations) and the EKS cluster with a node group.
 */
export function terraformModule(i: number, k: number, r: () => number): Map<string, string> {
  const { b, c } = vpcBase(k);
  const name = `svc-${String(i).padStart(4, '0')}`;
  const dnsHostnames = r() < 0.05 ? 'false' : 'true';
  const elbTag = r() < 0.05 ? '' : `\n    "kubernetes.io/role/elb"                = "1"`;
  const type = r() < 0.02 ? 'm5.hyperlarge' : TYPES[Math.floor(r() * TYPES.length)];
  const files = new Map<string, string>();
  files.set(
    'variables.tf',
    `variable "cluster_name" {
  type    = string
  default = "${name}"
}

variable "vpc_cidr" {
  type    = string
  default = "10.${b}.${c}.0/20"
}

variable "node_instance_type" {
  type    = string
  default = "${type}"
}

variable "node_role_arn" {
  type    = string
  default = "arn:aws:iam::111122223333:role/${name}-node"
}
`,
  );
  files.set(
    'main.tf',
    `locals {
  azs = ["us-west-2a", "us-west-2b", "us-west-2c"]
  tags = {
    Service                                     = "${name}"
    "kubernetes.io/cluster/\${var.cluster_name}" = "shared"
  }
}

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = ${dnsHostnames}
  tags                 = merge(local.tags, { Name = "\${var.cluster_name}-vpc" })
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id
}
`,
  );
  // Private subnets are written as literals (one per zone) so a benchmark can edit one CIDR by one
  // character (see tfEditTarget).
  const priv = AZS.map(
    (az, z) => `resource "aws_subnet" "private_${z}" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.${b}.${c + 4 + 2 * z}.0/23"
  availability_zone = "${az}"
  tags = merge(local.tags, {
    Name                                      = "\${var.cluster_name}-private-${az}"
    "kubernetes.io/role/internal-elb"         = "1"
  })
}

resource "aws_route_table_association" "private_${z}" {
  subnet_id      = aws_subnet.private_${z}.id
  route_table_id = aws_route_table.private.id
}
`,
  );
  files.set(
    'network.tf',
    `resource "aws_subnet" "public" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, count.index)
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = true
  tags = merge(local.tags, {
    Name                                    = "\${var.cluster_name}-public-\${local.azs[count.index]}"${elbTag}
  })
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

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }
}

${priv.join('\n')}`,
  );
  files.set(
    'eks.tf',
    `resource "aws_eks_cluster" "main" {
  name     = var.cluster_name
  role_arn = "arn:aws:iam::111122223333:role/${name}-cluster"

  vpc_config {
    subnet_ids = [aws_subnet.private_0.id, aws_subnet.private_1.id, aws_subnet.private_2.id]
  }

  kubernetes_network_config {
    service_ipv4_cidr = "172.20.0.0/16"
  }
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "default"
  node_role_arn   = var.node_role_arn
  subnet_ids      = [aws_subnet.private_0.id, aws_subnet.private_1.id, aws_subnet.private_2.id]
  instance_types  = [var.node_instance_type]

  scaling_config {
    desired_size = ${2 + (i % 4)}
    min_size     = 1
    max_size     = ${6 + (i % 4)}
  }
}
`,
  );
  return files;
}
