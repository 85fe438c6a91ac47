# Network layout for a small EKS cluster (example — café “naïve” comments keep offsets honest).
variable "vpc_cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "cluster_name" {
  type    = string
  default = "demo"
}
