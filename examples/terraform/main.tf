data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs             = slice(data.aws_availability_zones.available.names, 0, 3)
  private_subnets = [for i, az in local.azs : cidrsubnet(var.vpc_cidr, 4, i)]
}

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = false

  tags = {
    Name = "${var.cluster_name}-vpc"
  }
}

resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = local.private_subnets[count.index]
  availability_zone = local.azs[count.index]

  tags = {
    "kubernetes.io/role/internal-elb" = "1"
  }
}

# This subnet lies outside the VPC's 10.20.0.0/16 block, and its role tag is misspelt
# (subnet-role-tag-misspelt: the controller reads kubernetes.io/role/elb only; the quick fix renames it).
resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.30.0.0/24"

  tags = {
    "kubernetes.io/role/external-elb" = "1"
  }
}

resource "aws_eks_cluster" "main" {
  name     = var.cluster_name
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids = aws_subnet.private[*].id
  }
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "default"
  node_role_arn   = "arn:aws:iam::111122223333:role/node"
  subnet_ids      = aws_subnet.private[*].id
  instance_types  = ["m5.large"]

  scaling_config {
    desired_size = 2
    min_size     = 1
    max_size     = 3
  }
}
