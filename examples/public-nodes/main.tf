# Deliberately broken: the node group sits in public subnets that give instances no public IPv4
# address (map_public_ip_on_launch is left at its default, false), and the cluster's endpoint is
# reachable only publicly (endpoint_private_access defaults to false). The nodes cannot reach the
# API server and never join (node-subnet-no-public-ip).

resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}

resource "aws_subnet" "public_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.20.0.0/19"
  availability_zone = "eu-west-1a"

  tags = {
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "public_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.32.0/19"
  availability_zone       = "eu-west-1b"
  map_public_ip_on_launch = false

  tags = {
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_route_table_association" "public_a" {
  subnet_id      = aws_subnet.public_a.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "public_b" {
  subnet_id      = aws_subnet.public_b.id
  route_table_id = aws_route_table.public.id
}

resource "aws_eks_cluster" "edge" {
  name     = "edge"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"

  vpc_config {
    subnet_ids = [aws_subnet.public_a.id, aws_subnet.public_b.id]
  }
}

resource "aws_eks_node_group" "edge" {
  cluster_name    = aws_eks_cluster.edge.name
  node_group_name = "edge"
  node_role_arn   = "arn:aws:iam::111122223333:role/eks-node"
  subnet_ids      = [aws_subnet.public_a.id, aws_subnet.public_b.id]
  instance_types  = ["m5.large"]

  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 2
  }
}
