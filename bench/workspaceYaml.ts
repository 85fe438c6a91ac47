import { vpcBase, TYPES, AZS } from './workspaceCommon';
import { awsNodePatch } from '../test/helpers/manifests';

/*
 * The YAML files of the generated workspaces (bench/workspace.ts): CloudFormation templates,
 * Kubernetes manifests and eksctl configs. `i` numbers the file, `k` its VPC, `r` is the seeded
 * random generator that picks instance types and the occasional deliberate mistake.
 */

/** A VPC template with six subnets over `!Cidr`, route tables and a NAT gateway, as people write them. */
export function cloudformationTemplate(i: number, k: number, r: () => number): string {
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

/** An aws-node DaemonSet patch that turns on custom networking (and sometimes prefix delegation). */
export function awsNodeCniPatch(i: number, r: () => number): string {
  const env: Record<string, string> = {
    AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
    ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
    WARM_IP_TARGET: String(2 + (i % 5)),
    MINIMUM_IP_TARGET: String(10 + (i % 7)),
  };
  if (r() < 0.3) env.ENABLE_PREFIX_DELEGATION = 'true';
  if (r() < 0.05) env.WARM_PREFIX_TARGET = 'many';
  return awsNodePatch(env);
}

/** Three ENIConfigs, one per zone, in one file. */
export function eniConfigs(i: number): string {
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

/** An ordinary Deployment and Service: most of a real cluster's manifests, which the engine reads and skips. */
export function application(i: number, r: () => number): string {
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

/** An eksctl ClusterConfig with its own VPC and three managed node groups. */
export function eksctlConfig(i: number, k: number, r: () => number): string {
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
