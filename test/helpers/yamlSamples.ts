/**
 * Realistic files, one of each kind users edit, that both fast YAML paths (yamlDirect.ts and
 * yamlFast.ts) must take: their tests fail if one of them falls back on a file like these.
 */

export const KUBERNETES = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  labels: {app: web, tier: "frontend"}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      hostNetwork: false
      # Pods spread over zones.
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
              protocol: TCP
          env:
            - name: AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG
              value: "true"
            - name: EMPTY
              value: ''
          resources: {}
`;

export const EKSCTL = `---
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod
  region: us-west-2
  tags: {team: platform}
vpc:
  cidr: 10.0.0.0/16
  subnets:
    private:
      us-west-2a: { id: subnet-0a }
      us-west-2b: { id: subnet-0b }
  clusterEndpoints:
    publicAccess: true
    privateAccess: true
managedNodeGroups:
  - name: ng-1
    instanceTypes: [m5.large, m6i.large]
    desiredCapacity: 3
    privateNetworking: true
    maxPodsPerNode: 29
    labels:
      role: worker
`;

export const CLOUDFORMATION = `AWSTemplateFormatVersion: "2010-09-09"
Description: A VPC for EKS
Parameters:
  Cidr:
    Type: String
    Default: 10.0.0.0/16
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref Cidr
      EnableDnsSupport: true
      Tags:
        - Key: Name
          Value: !Sub "\${AWS::StackName}-vpc"
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      AvailabilityZone: !Select [0, !GetAZs ""]
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 12]]
      MapPublicIpOnLaunch: false
      Tags: [{Key: Name, Value: x}]
Outputs:
  SubnetIds:
    Value: !Join [",", [!Ref Subnet]]
    Export:
      Name: !Sub '\${AWS::StackName}-subnets'
`;

/** A launch template whose user data is a `!Sub` block scalar under `!Base64`, and one under `Fn::Base64`. */
export const USER_DATA = `Resources:
  NodeLaunchTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: m5.large
        UserData: !Base64
          Fn::Sub: |
            #!/bin/bash
            set -o xtrace
            /etc/eks/bootstrap.sh \${ClusterName} --use-max-pods false --kubelet-extra-args '--max-pods=110'
            /opt/aws/bin/cfn-signal --exit-code $? \\
                     --stack  \${AWS::StackName} \\
                     --region \${AWS::Region}

  OtherTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData:
          Fn::Base64: !Sub |
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="==BOUNDARY=="

            --==BOUNDARY==
            Content-Type: text/x-shellscript; charset="us-ascii"

            #!/bin/bash
            echo "max-pods: 110" # not a comment
            --==BOUNDARY==--
        Description: >-
          Nodes for the \${ClusterName} cluster,
          with prefix delegation.
`;

export const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-node
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
  mapUsers: |+
    - userarn: arn:aws:iam::111122223333:user/admin
      groups: [system:masters]

  enable-network-policy-controller: "true"
`;

export const EKSCTL_BOOTSTRAP = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod
  region: us-west-2
managedNodeGroups:
  - name: ng-custom
    ami: ami-0123456789abcdef0
    preBootstrapCommands:
      - |
        echo 'vm.max_map_count=262144' >> /etc/sysctl.conf
      - sysctl -p
    overrideBootstrapCommand: |
      #!/bin/bash
      /etc/eks/bootstrap.sh prod --use-max-pods false --kubelet-extra-args '--max-pods=110'
`;

/** Every sample, by name, for the tests that check each path takes them all. */
export const REALISTIC: readonly (readonly [string, string])[] = [
  ['kubernetes', KUBERNETES],
  ['eksctl', EKSCTL],
  ['cloudformation', CLOUDFORMATION],
  ['user data', USER_DATA],
  ['config map', CONFIG_MAP],
  ['eksctl bootstrap', EKSCTL_BOOTSTRAP],
];
