import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';
import { plain } from '../../server/src/model/located';
import type { NetworkModel } from '../../server/src/model/types';
import { publicFlag } from '../../server/src/facts/reachability';

/**
 * One template with every resource type the CloudFormation builder reads, written twice: in YAML
 * with short-form tags and in JSON (parsed by the JSON parser, as `.json` files are). Both must
 * give the same model, so a resource the builder handles in one syntax only fails here.
 */
const YAML = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  TransitGateway: {Type: String}
  MaxPods: {Type: Number, Default: 29}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsSupport: true, EnableDnsHostnames: 'false'}
  Pods:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, CidrBlock: 100.64.0.0/16}
  Igw: {Type: AWS::EC2::InternetGateway}
  IgwAttach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {SubnetId: !Ref Public, AllocationId: eipalloc-0123456789abcdef0}
  TgwAttach:
    Type: AWS::EC2::TransitGatewayAttachment
    Properties: {TransitGatewayId: !Ref TransitGateway, VpcId: !Ref Vpc, SubnetIds: [!Ref ViaTgw]}
  PublicRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  NatRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  TgwRt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  ToIgw:
    Type: AWS::EC2::Route
    DependsOn: IgwAttach
    Properties: {RouteTableId: !Ref PublicRt, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  ToNat:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref NatRt, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat}
  ToTgw:
    Type: AWS::EC2::Route
    DependsOn: TgwAttach
    Properties: {RouteTableId: !Ref TgwRt, DestinationCidrBlock: 0.0.0.0/0, TransitGatewayId: !Ref TransitGateway}
  Public:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 3, 12]]
      AvailabilityZone: !Select [0, !GetAZs '']
      MapPublicIpOnLaunch: true
      Tags: [{Key: kubernetes.io/role/elb, Value: '1'}]
  ViaNat:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 3, 12]]
      AvailabilityZone: !Select [1, !GetAZs '']
  ViaTgw:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 100.64.0.0/19, AvailabilityZoneId: use1-az4, Ipv6CidrBlock: '2600:1f18::/64'}
  A1: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Public, RouteTableId: !Ref PublicRt}}
  A2: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref ViaNat, RouteTableId: !Ref NatRt}}
  A3: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref ViaTgw, RouteTableId: !Ref TgwRt}}
  S3:
    Type: AWS::EC2::VPCEndpoint
    Properties: {VpcId: !Ref Vpc, ServiceName: !Sub 'com.amazonaws.\${AWS::Region}.s3', RouteTableIds: [!Ref NatRt]}
  Sts:
    Type: AWS::EC2::VPCEndpoint
    Properties: {VpcId: !Ref Vpc, VpcEndpointType: Interface, ServiceName: com.amazonaws.us-east-1.sts}
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      RoleArn: arn:aws:iam::111122223333:role/eks
      ResourcesVpcConfig: {SubnetIds: [!Ref ViaNat, !Ref ViaTgw]}
      KubernetesNetworkConfig: {ServiceIpv4Cidr: 172.20.0.0/16, IpFamily: ipv4}
  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: m5.xlarge
        UserData: !Base64
          Fn::Sub: "#!/bin/bash\\n/etc/eks/bootstrap.sh demo --use-max-pods false --kubelet-extra-args '--max-pods=\${MaxPods}'\\n"
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: arn:aws:iam::111122223333:role/node
      Subnets: [!Ref ViaNat, !Ref ViaTgw]
      ScalingConfig: {MinSize: 1, DesiredSize: '3', MaxSize: 6}
      LaunchTemplate: {Id: !Ref Lt}
  Spot:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: arn:aws:iam::111122223333:role/node
      Subnets: [!Ref ViaNat]
      InstanceTypes: [c6i.large, c5.large]
  Cni:
    Type: AWS::EKS::Addon
    Properties:
      AddonName: vpc-cni
      ClusterName: !Ref Cluster
      ConfigurationValues: '{"env": {"ENABLE_PREFIX_DELEGATION": "true", "WARM_PREFIX_TARGET": "1"}}'
`;

const ref = (id: string) => ({ Ref: id });
const cidr = (i: number) => ({ 'Fn::Select': [i, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 3, 12] }] });
const az = (i: number) => ({ 'Fn::Select': [i, { 'Fn::GetAZs': '' }] });
const res = (Type: string, Properties?: object, extra: object = {}) => ({
  Type,
  ...extra,
  ...(Properties ? { Properties } : {}),
});

const JSON_TEXT = JSON.stringify(
  {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { TransitGateway: { Type: 'String' }, MaxPods: { Type: 'Number', Default: 29 } },
    Resources: {
      Vpc: res('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', EnableDnsSupport: true, EnableDnsHostnames: 'false' }),
      Pods: res('AWS::EC2::VPCCidrBlock', { VpcId: ref('Vpc'), CidrBlock: '100.64.0.0/16' }),
      Igw: res('AWS::EC2::InternetGateway'),
      IgwAttach: res('AWS::EC2::VPCGatewayAttachment', { VpcId: ref('Vpc'), InternetGatewayId: ref('Igw') }),
      Nat: res('AWS::EC2::NatGateway', { SubnetId: ref('Public'), AllocationId: 'eipalloc-0123456789abcdef0' }),
      TgwAttach: res('AWS::EC2::TransitGatewayAttachment', {
        TransitGatewayId: ref('TransitGateway'),
        VpcId: ref('Vpc'),
        SubnetIds: [ref('ViaTgw')],
      }),
      PublicRt: res('AWS::EC2::RouteTable', { VpcId: ref('Vpc') }),
      NatRt: res('AWS::EC2::RouteTable', { VpcId: ref('Vpc') }),
      TgwRt: res('AWS::EC2::RouteTable', { VpcId: ref('Vpc') }),
      ToIgw: res(
        'AWS::EC2::Route',
        { RouteTableId: ref('PublicRt'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('Igw') },
        { DependsOn: 'IgwAttach' },
      ),
      ToNat: res('AWS::EC2::Route', {
        RouteTableId: ref('NatRt'),
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: ref('Nat'),
      }),
      ToTgw: res(
        'AWS::EC2::Route',
        { RouteTableId: ref('TgwRt'), DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: ref('TransitGateway') },
        { DependsOn: 'TgwAttach' },
      ),
      Public: res('AWS::EC2::Subnet', {
        VpcId: ref('Vpc'),
        CidrBlock: cidr(0),
        AvailabilityZone: az(0),
        MapPublicIpOnLaunch: true,
        Tags: [{ Key: 'kubernetes.io/role/elb', Value: '1' }],
      }),
      ViaNat: res('AWS::EC2::Subnet', { VpcId: ref('Vpc'), CidrBlock: cidr(1), AvailabilityZone: az(1) }),
      ViaTgw: res('AWS::EC2::Subnet', {
        VpcId: ref('Vpc'),
        CidrBlock: '100.64.0.0/19',
        AvailabilityZoneId: 'use1-az4',
        Ipv6CidrBlock: '2600:1f18::/64',
      }),
      A1: res('AWS::EC2::SubnetRouteTableAssociation', { SubnetId: ref('Public'), RouteTableId: ref('PublicRt') }),
      A2: res('AWS::EC2::SubnetRouteTableAssociation', { SubnetId: ref('ViaNat'), RouteTableId: ref('NatRt') }),
      A3: res('AWS::EC2::SubnetRouteTableAssociation', { SubnetId: ref('ViaTgw'), RouteTableId: ref('TgwRt') }),
      S3: res('AWS::EC2::VPCEndpoint', {
        VpcId: ref('Vpc'),
        ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' },
        RouteTableIds: [ref('NatRt')],
      }),
      Sts: res('AWS::EC2::VPCEndpoint', {
        VpcId: ref('Vpc'),
        VpcEndpointType: 'Interface',
        ServiceName: 'com.amazonaws.us-east-1.sts',
      }),
      Cluster: res('AWS::EKS::Cluster', {
        RoleArn: 'arn:aws:iam::111122223333:role/eks',
        ResourcesVpcConfig: { SubnetIds: [ref('ViaNat'), ref('ViaTgw')] },
        KubernetesNetworkConfig: { ServiceIpv4Cidr: '172.20.0.0/16', IpFamily: 'ipv4' },
      }),
      Lt: res('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: {
          InstanceType: 'm5.xlarge',
          UserData: {
            'Fn::Base64': {
              'Fn::Sub':
                "#!/bin/bash\n/etc/eks/bootstrap.sh demo --use-max-pods false --kubelet-extra-args '--max-pods=${MaxPods}'\n",
            },
          },
        },
      }),
      Nodes: res('AWS::EKS::Nodegroup', {
        ClusterName: ref('Cluster'),
        NodeRole: 'arn:aws:iam::111122223333:role/node',
        Subnets: [ref('ViaNat'), ref('ViaTgw')],
        ScalingConfig: { MinSize: 1, DesiredSize: '3', MaxSize: 6 },
        LaunchTemplate: { Id: ref('Lt') },
      }),
      Spot: res('AWS::EKS::Nodegroup', {
        ClusterName: ref('Cluster'),
        NodeRole: 'arn:aws:iam::111122223333:role/node',
        Subnets: [ref('ViaNat')],
        InstanceTypes: ['c6i.large', 'c5.large'],
      }),
      Cni: res('AWS::EKS::Addon', {
        AddonName: 'vpc-cni',
        ClusterName: ref('Cluster'),
        ConfigurationValues: '{"env": {"ENABLE_PREFIX_DELEGATION": "true", "WARM_PREFIX_TARGET": "1"}}',
      }),
    },
  },
  null,
  2,
);

const CASES: [string, Record<string, string>][] = [
  ['YAML', { 'stack.yaml': YAML }],
  ['JSON', { 'stack.json': JSON_TEXT }],
];

const modelOf = (files: Record<string, string>): NetworkModel => engineOf(files).analyze().model;

for (const [syntax, files] of CASES) {
  describe(`every CloudFormation resource the builder reads, in ${syntax}`, () => {
    const m = modelOf(files);
    const subnet = (name: string) => m.subnets.find((s) => s.name === name)!;

    test('AWS::EC2::VPC and AWS::EC2::VPCCidrBlock: blocks and DNS flags (strings "false" count)', () => {
      assert.equal(m.vpcs.length, 1);
      const v = m.vpcs[0];
      assert.deepEqual(v.cidrs.map(plain), ['10.0.0.0/16', '100.64.0.0/16']);
      assert.deepEqual(
        [plain(v.enableDnsSupport), plain(v.enableDnsHostnames), v.dnsHostnamesOmitted],
        [true, false, undefined],
      );
    });

    test('AWS::EC2::Subnet: block from Fn::Cidr, zone or zone id, IPv6 block, public IP flag, tags, VPC', () => {
      assert.deepEqual(
        m.subnets.map((s) => [
          s.name,
          plain(s.cidr),
          plain(s.availabilityZone),
          plain(s.mapPublicIpOnLaunch),
          s.vpc === m.vpcs[0].key,
        ]),
        [
          ['Public', '10.0.0.0/20', '${AWS::Region}[0]', true, true],
          ['ViaNat', '10.0.16.0/20', '${AWS::Region}[1]', false, true],
          ['ViaTgw', '100.64.0.0/19', 'use1-az4', false, true],
        ],
      );
      assert.equal(plain(subnet('ViaTgw').ipv6Cidr), '2600:1f18::/64');
      assert.deepEqual(
        Object.entries(subnet('Public').tags).map(([k, v]) => [k, plain(v)]),
        [['kubernetes.io/role/elb', '1']],
      );
    });

    test("RouteTable, Route and SubnetRouteTableAssociation: each subnet gets its table's routes; InternetGateway makes it public, NatGateway and a transit gateway private", () => {
      const routes = (name: string) => {
        const r = subnet(name).routes;
        assert.equal(r?.kind, 'known', name);
        return r.kind === 'known' ? r.value.map((x) => [plain(x.destination), plain(x.target)]) : [];
      };
      assert.deepEqual(routes('Public'), [['0.0.0.0/0', 'internet-gateway']]);
      assert.deepEqual(routes('ViaNat'), [['0.0.0.0/0', 'nat-gateway']]);
      assert.deepEqual(routes('ViaTgw'), [['0.0.0.0/0', 'transit-gateway']]);
      assert.deepEqual(
        m.subnets.map((s) => publicFlag(s)),
        [true, false, false],
      );
    });

    test('AWS::EC2::VPCEndpoint: service names (region kept symbolic) and types, default Gateway', () => {
      assert.deepEqual(
        m.vpcs[0].endpoints!.map((e) => [plain(e.service), plain(e.type)]),
        [
          ['com.amazonaws.${AWS::Region}.s3', 'Gateway'],
          ['com.amazonaws.us-east-1.sts', 'Interface'],
        ],
      );
    });

    test('AWS::EKS::Cluster: subnets, VPC, service CIDR and IP family', () => {
      assert.equal(m.clusters.length, 1);
      const c = m.clusters[0];
      assert.deepEqual(c.subnets, [subnet('ViaNat').key, subnet('ViaTgw').key]);
      assert.deepEqual(
        [c.vpc === m.vpcs[0].key, plain(c.serviceIpv4Cidr), plain(c.ipFamily)],
        [true, '172.20.0.0/16', 'ipv4'],
      );
    });

    test('AWS::EKS::Nodegroup and AWS::EC2::LaunchTemplate: instance types, scaling, subnets and --max-pods from user data', () => {
      const [nodes, spot] = m.nodeGroups;
      assert.equal(nodes.cluster, m.clusters[0].key);
      assert.deepEqual(nodes.subnets, [subnet('ViaNat').key, subnet('ViaTgw').key]);
      assert.deepEqual(nodes.instanceTypes.map(plain), ['m5.xlarge']);
      assert.deepEqual([plain(nodes.minSize), plain(nodes.desiredSize), plain(nodes.maxSize)], [1, 3, 6]);
      assert.equal(plain(nodes.maxPods), 29);
      assert.deepEqual(spot.instanceTypes.map(plain), ['c6i.large', 'c5.large']);
      assert.equal(spot.maxPods, undefined);
      assert.deepEqual(
        m.instanceTypeRefs.map((r) => `${r.context}:${plain(r.value)}`),
        ['launch-template:m5.xlarge', 'node-group:c6i.large', 'node-group:c5.large'],
      );
    });

    test('AWS::EKS::Addon vpc-cni: ConfigurationValues env becomes aws-node settings', () => {
      assert.deepEqual(
        m.awsNode.map((a) => [a.source, a.vars.map((v) => `${v.name}=${plain(v.value)}`)]),
        [['addon-config', ['ENABLE_PREFIX_DELEGATION=true', 'WARM_PREFIX_TARGET=1']]],
      );
    });

    test('the model findings agree: no private-subnet-no-egress for the NAT and transit gateway subnets', () => {
      const ids = engineOf(files)
        .analyze()
        .findings.map((f) => f.ruleId);
      assert.ok(!ids.includes('private-subnet-no-egress'), ids.join(', '));
      // The VPC is meant for EKS and its hostnames flag is "false": the DNS rule sees the string as false.
      assert.ok(ids.includes('vpc-dns-hostnames-disabled'), ids.join(', '));
    });
  });
}
