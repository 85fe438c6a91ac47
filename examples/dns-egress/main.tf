# Deliberately broken: the VPC's DHCP options hand the nodes a corporate DNS server (10.50.0.10,
# reached over a transit gateway), and the nodes' launch template gives them one security group
# whose only egress is HTTPS. Terraform removes AWS's default allow-all egress rule, so nothing lets
# DNS (UDP or TCP 53) out to that server: the nodes cannot resolve the API server, ECR or S3 and
# never join (dns-egress-blocked). Security groups do not filter the Amazon DNS server, so the
# same group would be fine with the default DHCP options.

resource "aws_vpc" "main" {
  cidr_block           = "10.30.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_vpc_dhcp_options" "corp" {
  domain_name         = "corp.example.com"
  domain_name_servers = ["10.50.0.10"]
}

resource "aws_vpc_dhcp_options_association" "corp" {
  vpc_id          = aws_vpc.main.id
  dhcp_options_id = aws_vpc_dhcp_options.corp.id
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.1.0/24"
  availability_zone = "eu-west-1a"
  tags = {
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "private_b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.2.0/24"
  availability_zone = "eu-west-1b"
  tags = {
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block         = "0.0.0.0/0"
    transit_gateway_id = "tgw-0123456789abcdef0"
  }
}

resource "aws_route_table_association" "private_a" {
  subnet_id      = aws_subnet.private_a.id
  route_table_id = aws_route_table.private.id
}

resource "aws_route_table_association" "private_b" {
  subnet_id      = aws_subnet.private_b.id
  route_table_id = aws_route_table.private.id
}

resource "aws_eks_cluster" "main" {
  name     = "dns-demo"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids              = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    endpoint_private_access = true
  }
}

resource "aws_security_group" "nodes" {
  name   = "dns-demo-nodes"
  vpc_id = aws_vpc.main.id

  egress {
    description = "HTTPS to the API server, ECR and S3"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_launch_template" "nodes" {
  name_prefix            = "dns-demo-nodes-"
  vpc_security_group_ids = [aws_security_group.nodes.id]
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "default"
  node_role_arn   = "arn:aws:iam::111122223333:role/eks-node"
  subnet_ids      = [aws_subnet.private_a.id, aws_subnet.private_b.id]
  instance_types  = ["m5.large"]
  launch_template {
    id      = aws_launch_template.nodes.id
    version = "$Latest"
  }
  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 2
  }
}
