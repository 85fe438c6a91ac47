import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A generated workspace of the kind the workspace-scale benchmarks time: per 1,000 files, 100
 * Terraform root modules of four files each (VPC, subnets and route tables, EKS cluster and node
 * group, variables), 200 CloudFormation VPC templates, 300 Kubernetes manifests (aws-node DaemonSet
 * patches, ENIConfigs, ordinary applications) and eksctl configs for the rest. Each VPC gets its own
 * /20 of 10.0.0.0/8, so the workspace's findings are the few deliberate mistakes (a missing ELB tag,
 * DNS hostnames off, an unknown instance type...) rather than every VPC overlapping every other.
 * Deterministic: the same size and seed write the same bytes.
 */

export interface WorkspaceSpec {
  files: number;
  seed?: number;
}

/** Where a benchmark edits a Terraform file: a subnet CIDR that one character makes overlap its neighbour. */
export interface TfEditTarget {
  file: string;
  /** The text before the edit and the text it becomes: same length, one character apart. */
  from: string;
  to: string;
}

export interface GeneratedWorkspace {
  root: string;
  files: number;
  bytes: number;
  /** The top-level folders, each under the default `eksnet.maxFiles` (5,000) at up to 10,000 files. */
  groups: string[];
  tfEdit: TfEditTarget;
}

/** mulberry32: a small seeded generator, enough to vary instance types and mistakes reproducibly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AZS = ['us-west-2a', 'us-west-2b', 'us-west-2c'];
const TYPES = ['m5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.large', 'm6i.large', 't3.large', 'm7g.xlarge'];

/** The k-th /20 of 10.0.0.0/8 as its second and third octets (wrapping after 4,096 VPCs). */
function vpcBase(k: number): { b: number; c: number } {
  const n = k % 4096;
  return { b: n >> 4, c: (n & 15) << 4 };
}

function terraformModule(i: number, k: number, r: () => number): Map<string, string> {
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

function cloudformationTemplate(i: number, k: number, r: () => number): string {
  const { b, c } = vpcBase(k);
  const out = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    `Description: Network for stack ${i}`,
    'Parameters:',
    '  VpcBlock:',
    '    Type: String',
    `    Default: 10.${b}.${c}.0/20`,
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: !Ref VpcBlock',
    '      EnableDnsSupport: true',
    `      EnableDnsHostnames: ${r() < 0.05 ? 'false' : 'true'}`,
    '      Tags:',
    `        - Key: kubernetes.io/cluster/stack-${i}`,
    '          Value: shared',
    '  InternetGateway:',
    '    Type: AWS::EC2::InternetGateway',
    '  GatewayAttachment:',
    '    Type: AWS::EC2::VPCGatewayAttachment',
    '    Properties:',
    '      VpcId: !Ref Vpc',
    '      InternetGatewayId: !Ref InternetGateway',
    '  NatIp:',
    '    Type: AWS::EC2::EIP',
    '    Properties: {Domain: vpc}',
    '  NatGateway:',
    '    Type: AWS::EC2::NatGateway',
    '    Properties:',
    '      AllocationId: !GetAtt NatIp.AllocationId',
    '      SubnetId: !Ref PublicSubnet0',
    '  PublicRouteTable:',
    '    Type: AWS::EC2::RouteTable',
    '    Properties: {VpcId: !Ref Vpc}',
    '  PublicRoute:',
    '    Type: AWS::EC2::Route',
    '    DependsOn: GatewayAttachment',
    '    Properties:',
    '      RouteTableId: !Ref PublicRouteTable',
    '      DestinationCidrBlock: 0.0.0.0/0',
    '      GatewayId: !Ref InternetGateway',
    '  PrivateRouteTable:',
    '    Type: AWS::EC2::RouteTable',
    '    Properties: {VpcId: !Ref Vpc}',
    '  PrivateRoute:',
    '    Type: AWS::EC2::Route',
    '    Properties:',
    '      RouteTableId: !Ref PrivateRouteTable',
    '      DestinationCidrBlock: 0.0.0.0/0',
    '      NatGatewayId: !Ref NatGateway',
  ];
  const missingTag = r() < 0.05 ? 1 : -1;
  for (let z = 0; z < AZS.length; z++) {
    for (const pub of [true, false]) {
      const n = `${pub ? 'Public' : 'Private'}Subnet${z}`;
      const tag = pub ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb';
      out.push(
        `  ${n}:`,
        '    Type: AWS::EC2::Subnet',
        '    Properties:',
        '      VpcId: !Ref Vpc',
        `      CidrBlock: !Select [${pub ? z : 4 + z}, !Cidr [!GetAtt Vpc.CidrBlock, 8, 8]]`,
        `      AvailabilityZone: !Select [${z}, !GetAZs '']`,
        `      MapPublicIpOnLaunch: ${pub}`,
        '      Tags:',
        `        - Key: ${pub && z === missingTag ? 'Team' : tag}`,
        "          Value: '1'",
        '        - Key: Name',
        `          Value: !Sub '\${AWS::StackName}-${n}'`,
        `  ${n}Association:`,
        '    Type: AWS::EC2::SubnetRouteTableAssociation',
        `    Properties: {SubnetId: !Ref ${n}, RouteTableId: !Ref ${pub ? 'Public' : 'Private'}RouteTable}`,
      );
    }
  }
  out.push(
    'Outputs:',
    '  VpcId:',
    '    Value: !Ref Vpc',
    '  PrivateSubnets:',
    "    Value: !Join [',', [!Ref PrivateSubnet0, !Ref PrivateSubnet1, !Ref PrivateSubnet2]]",
  );
  return out.join('\n') + '\n';
}

function awsNodePatch(i: number, r: () => number): string {
  const env: [string, string][] = [
    ['AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', 'true'],
    ['ENI_CONFIG_LABEL_DEF', 'topology.kubernetes.io/zone'],
    ['WARM_IP_TARGET', String(2 + (i % 5))],
    ['MINIMUM_IP_TARGET', String(10 + (i % 7))],
  ];
  if (r() < 0.3) env.push(['ENABLE_PREFIX_DELEGATION', 'true']);
  if (r() < 0.05) env.push(['WARM_PREFIX_TARGET', 'many']);
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: aws-node
          env:
${env.map(([k, v]) => `            - name: ${k}\n              value: "${v}"`).join('\n')}
`;
}

function eniConfigs(i: number): string {
  return AZS.map(
    (az, z) => `apiVersion: crd.k8s.amazonaws.com/v1alpha1
kind: ENIConfig
metadata:
  name: ${az}
spec:
  subnet: subnet-${(0x1000000 + i * 3 + z).toString(16).padStart(17, '0')}
  securityGroups:
    - sg-${(0x2000000 + i).toString(16).padStart(17, '0')}
`,
  ).join('---\n');
}

function application(i: number, r: () => number): string {
  const name = `app-${String(i).padStart(5, '0')}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: team-${i % 20}
  labels: {app: ${name}}
spec:
  replicas: ${1 + Math.floor(r() * 5)}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      nodeSelector:
        node.kubernetes.io/instance-type: ${TYPES[Math.floor(r() * TYPES.length)]}
      containers:
        - name: main
          image: registry.example.com/${name}:1.${i % 30}.0
          ports:
            - containerPort: 8080
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {memory: 512Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: team-${i % 20}
spec:
  selector: {app: ${name}}
  ports:
    - port: 80
      targetPort: 8080
`;
}

function eksctlConfig(i: number, k: number, r: () => number): string {
  const { b, c } = vpcBase(k);
  const out = [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata:',
    `  name: cluster-${i}`,
    '  region: us-west-2',
    'vpc:',
    `  cidr: 10.${b}.${c}.0/20`,
    '  subnets:',
    '    public:',
    ...AZS.map((az, z) => `      ${az}: { cidr: 10.${b}.${c + z}.0/24 }`),
    '    private:',
    ...AZS.map((az, z) => `      ${az}: { cidr: 10.${b}.${c + 4 + 2 * z}.0/23 }`),
    'managedNodeGroups:',
  ];
  for (let g = 0; g < 3; g++) {
    out.push(
      `  - name: ng-${g}`,
      `    instanceTypes: [${TYPES[Math.floor(r() * TYPES.length)]}]`,
      '    privateNetworking: true',
      '    minSize: 1',
      `    desiredCapacity: ${1 + ((i + g) % 4)}`,
      `    maxSize: ${8 + g}`,
      `    maxPodsPerNode: ${r() < 0.05 ? 250 : 29}`,
    );
  }
  return out.join('\n') + '\n';
}

/** How many files of each kind a workspace of `n` files holds (per 1,000: 100 modules × 4, 200, 300, rest eksctl). */
export function mix(n: number): { modules: number; cfn: number; k8s: number; eksctl: number } {
  const modules = Math.floor(n / 10);
  const cfn = Math.floor(n / 5);
  const k8s = Math.floor((n * 3) / 10);
  return { modules, cfn, k8s, eksctl: Math.max(0, n - modules * 4 - cfn - k8s) };
}

/** Every file of the workspace as a path relative to its root, in a fixed order. */
export function workspaceFiles(spec: WorkspaceSpec): Map<string, string> {
  const r = rng(spec.seed ?? 1);
  const m = mix(spec.files);
  const files = new Map<string, string>();
  let vpc = 0;
  for (let i = 0; i < m.modules; i++) {
    const dir = `terraform/svc-${String(i).padStart(4, '0')}`;
    for (const [f, text] of terraformModule(i, vpc++, r)) files.set(`${dir}/${f}`, text);
  }
  for (let i = 0; i < m.cfn; i++) {
    files.set(`cloudformation/stack-${String(i).padStart(4, '0')}.yaml`, cloudformationTemplate(i, vpc++, r));
  }
  for (let i = 0; i < m.k8s; i++) {
    const kind = i % 10;
    const dir = `kubernetes/cluster-${String(Math.floor(i / 10)).padStart(4, '0')}`;
    if (kind === 0) files.set(`${dir}/aws-node-patch.yaml`, awsNodePatch(i, r));
    else if (kind === 1 || kind === 2) files.set(`${dir}/eniconfigs-${kind}.yaml`, eniConfigs(i));
    else files.set(`${dir}/app-${kind}.yaml`, application(i, r));
  }
  for (let i = 0; i < m.eksctl; i++) {
    files.set(`eksctl/cluster-${String(i).padStart(4, '0')}.yaml`, eksctlConfig(i, vpc++, r));
  }
  return files;
}

/**
 * The Terraform edit the keystroke benchmarks make: in a module near the middle of the workspace,
 * zone 1's private subnet moves onto zone 0's (`10.b.6.0/23` -> `10.b.4.0/23`), which adds an
 * overlap finding; undoing it removes the finding. Modules whose VPC starts at 10.b.0.0 (every
 * 16th) make this a one-character edit.
 */
export function tfEditTarget(root: string, n: number): TfEditTarget {
  const i = Math.floor(mix(n).modules / 2 / 16) * 16;
  const { b, c } = vpcBase(i);
  return {
    file: path.join(root, 'terraform', `svc-${String(i).padStart(4, '0')}`, 'network.tf'),
    from: `"10.${b}.${c + 6}.0/23"`,
    to: `"10.${b}.${c + 4}.0/23"`,
  };
}

/**
 * Writes the workspace under `root` and returns what the benchmarks need to know. A stamp file
 * holds the hash of everything written, so an unchanged workspace is not rewritten (benchmarks run
 * one after another reuse it). The one-character edit is checked here so that a change to the
 * generator cannot silently make the keystroke benchmarks edit nothing.
 */
export function writeWorkspace(root: string, spec: WorkspaceSpec): GeneratedWorkspace {
  const files = workspaceFiles(spec);
  const hash = createHash('sha256');
  let bytes = 0;
  for (const [rel, text] of files) {
    hash.update(`${rel}\0${text}\0`);
    bytes += Buffer.byteLength(text);
  }
  const digest = hash.digest('hex');
  const stamp = path.join(root, '.generated');
  let current = '';
  try {
    current = fs.readFileSync(stamp, 'utf8');
  } catch {
    // Not generated yet.
  }
  if (current !== digest) {
    fs.rmSync(root, { recursive: true, force: true });
    const dirs = new Set<string>();
    for (const [rel, text] of files) {
      const abs = path.join(root, rel);
      const dir = path.dirname(abs);
      if (!dirs.has(dir)) (fs.mkdirSync(dir, { recursive: true }), dirs.add(dir));
      fs.writeFileSync(abs, text);
    }
    fs.writeFileSync(stamp, digest);
  }
  const tfEdit = tfEditTarget(root, spec.files);
  const text = files.get(path.relative(root, tfEdit.file).split(path.sep).join('/')) ?? '';
  const diff = [...tfEdit.from].filter((ch, j) => ch !== tfEdit.to[j]).length;
  if (!text.includes(tfEdit.from) || tfEdit.from.length !== tfEdit.to.length || diff !== 1) {
    throw new Error(`generated workspace: the Terraform edit ${tfEdit.from} -> ${tfEdit.to} is not one character`);
  }
  const groups = [...new Set([...files.keys()].map((f) => f.split('/')[0]!))].map((g) => path.join(root, g));
  return { root, files: files.size, bytes, groups, tfEdit };
}

/** The default place for generated workspaces: .cache/bench/ws-<n> in the repository (gitignored). */
export function workspaceDir(repo: string, n: number, seed = 1): string {
  return path.join(repo, '.cache', 'bench', `ws-${n}${seed === 1 ? '' : `-s${seed}`}`);
}
