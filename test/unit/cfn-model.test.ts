import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';
import { plain } from '../../server/src/model/located';
import { publicFlag } from '../../server/src/facts/reachability';

const EKS = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Block: {Type: String, Default: 10.0.0.0/16}
  MaxPods: {Type: Number, Default: 58}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref Block, EnableDnsHostnames: true}
  Secondary:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, CidrBlock: 100.64.0.0/16}
  V6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
  A:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 12]]
      AvailabilityZone: !Select [0, !GetAZs '']
  B:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 2, 12]]
      AvailabilityZoneId: use1-az2
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      ResourcesVpcConfig: {SubnetIds: [!Ref A, !Ref B]}
      KubernetesNetworkConfig: {ServiceIpv4Cidr: 172.20.0.0/16, IpFamily: ipv4}
  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: m5.large
        UserData:
          Fn::Base64: !Sub |
            #!/bin/bash
            /etc/eks/bootstrap.sh demo --use-max-pods false --kubelet-extra-args '--max-pods=\${MaxPods}'
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      Subnets: [!Ref A, !Ref B]
      ScalingConfig: {MinSize: 1, DesiredSize: 2, MaxSize: '4'}
      LaunchTemplate: {Id: !Ref Lt, Version: !GetAtt Lt.LatestVersionNumber}
  Spot:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      Subnets: [!Ref A]
      InstanceTypes: [c5.large, !Ref AWS::NoValue, c5a.large]
  Cni:
    Type: AWS::EKS::Addon
    Properties:
      AddonName: vpc-cni
      ClusterName: !Ref Cluster
      ConfigurationValues: '{"env": {"ENABLE_PREFIX_DELEGATION": "true"}}'
`;

test('EKS resources: cluster, node groups with launch template max pods and instance types, add-on config, secondary blocks', () => {
  const m = engineOf({ 'stack.yaml': EKS }).analyze().model;
  assert.deepEqual(m.vpcs[0].cidrs.map(plain), ['10.0.0.0/16', '100.64.0.0/16']);
  assert.deepEqual(
    m.vpcs[0].ipv6Cidrs.map((v) => v.kind),
    ['unresolved'],
  );
  assert.deepEqual(
    m.subnets.map((s) => [s.name, plain(s.cidr), plain(s.availabilityZone), publicFlag(s)]),
    [
      ['A', '10.0.0.0/20', '${AWS::Region}[0]', false],
      ['B', '10.0.16.0/20', 'use1-az2', false],
    ],
  );
  const c = m.clusters[0];
  assert.deepEqual(
    [c.name, c.subnets.length, c.vpc === m.vpcs[0].key, plain(c.serviceIpv4Cidr), plain(c.ipFamily)],
    ['Cluster', 2, true, '172.20.0.0/16', 'ipv4'],
  );
  const [nodes, spot] = m.nodeGroups;
  assert.equal(nodes.cluster, c.key);
  assert.deepEqual(nodes.instanceTypes.map(plain), ['m5.large']);
  assert.equal(plain(nodes.maxPods), 58);
  assert.deepEqual([plain(nodes.minSize), plain(nodes.desiredSize), plain(nodes.maxSize)], [1, 2, 4]);
  assert.deepEqual(spot.instanceTypes.map(plain), ['c5.large', 'c5a.large']);
  assert.deepEqual(
    m.instanceTypeRefs.map((r) => `${r.context}:${plain(r.value)}`),
    ['launch-template:m5.large', 'node-group:c5.large', 'node-group:c5a.large'],
  );
  assert.deepEqual(
    m.awsNode.map((a) => [a.source, a.vars.map((v) => `${v.name}=${plain(v.value)}`)]),
    [['addon-config', ['ENABLE_PREFIX_DELEGATION=true']]],
  );
});

test('--max-pods from a substitution known only at deployment is unresolved, a literal one is read', () => {
  const unknown = EKS.replace('MaxPods: {Type: Number, Default: 58}', 'MaxPods: {Type: Number}');
  assert.equal(engineOf({ 't.yaml': unknown }).analyze().model.nodeGroups[0].maxPods?.kind, 'unresolved');
  const literal = EKS.replace('--max-pods=${MaxPods}', '--max-pods=17');
  assert.equal(plain(engineOf({ 't.yaml': literal }).analyze().model.nodeGroups[0].maxPods), 17);
});

const PARAMS = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Block: {Type: String}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Ref Block}}
`;

test('parameters files next to the template, in each supported name and shape, and a change to one is picked up', () => {
  const cidr = (files: Record<string, string>) => plain(engineOf(files).analyze().model.vpcs[0].cidrs[0]);
  assert.equal(cidr({ 'infra/vpc.yaml': PARAMS }), null);
  assert.equal(
    cidr({
      'infra/vpc.yaml': PARAMS,
      'infra/vpc.parameters.json': '[{"ParameterKey": "Block", "ParameterValue": "10.1.0.0/16"}]',
    }),
    '10.1.0.0/16',
  );
  assert.equal(cidr({ 'infra/vpc.yaml': PARAMS, 'infra/vpc.params.json': '["Block=10.2.0.0/16"]' }), '10.2.0.0/16');
  assert.equal(
    cidr({
      'infra/vpc.yaml': PARAMS,
      'infra/vpc.template-configuration.json': '{"Parameters": {"Block": "10.3.0.0/16"}}',
    }),
    '10.3.0.0/16',
  );
  // A parameters file of another template, or in another folder, does not apply.
  assert.equal(cidr({ 'infra/vpc.yaml': PARAMS, 'other/vpc.parameters.json': '["Block=10.4.0.0/16"]' }), null);
  const engine = engineOf({ 'vpc.yaml': PARAMS, 'vpc.parameters.json': '["Block=10.5.0.0/16"]' });
  assert.equal(plain(engine.analyze().model.vpcs[0].cidrs[0]), '10.5.0.0/16');
  engine.setFile('vpc.parameters.json', '["Block=10.6.0.0/16"]');
  assert.equal(plain(engine.analyze().model.vpcs[0].cidrs[0]), '10.6.0.0/16');
});

test('the cloudFormationParameterFiles setting maps templates to parameters files named anything, in server URIs and CLI paths', () => {
  const files = {
    'file:///ws/infra/eks-vpc.yaml': PARAMS,
    'file:///ws/infra/eks-vpc.parameters.json': '["Block=10.1.0.0/16"]',
    'file:///ws/config/prod%20env.json': '{"Parameters": {"Block": "10.20.0.0/16"}}',
    'file:///ws/config/dev.json': '[{"ParameterKey": "Block", "ParameterValue": "10.30.0.0/16"}]',
  };
  const cidr = (settings: unknown, f: Record<string, string> = files) =>
    plain(engineOf(f, settings).analyze().model.vpcs[0].cidrs[0]);
  // Without an entry (or with one for another template) the file beside the template applies.
  assert.equal(cidr({}), '10.1.0.0/16');
  assert.equal(cidr({ cloudFormationParameterFiles: { 'other.yaml': '../config/dev.json' } }), '10.1.0.0/16');
  // A glob matched against the end of the path; the parameters file relative to the template's folder (spaces decoded).
  assert.equal(
    cidr({ cloudFormationParameterFiles: { 'infra/eks-vpc.yaml': '../config/prod env.json' } }),
    '10.20.0.0/16',
  );
  assert.equal(cidr({ cloudFormationParameterFiles: { '**/*-vpc.yaml': '../config/dev.json' } }), '10.30.0.0/16');
  // A mapped file that is not in the workspace falls back to the file beside the template.
  assert.equal(cidr({ cloudFormationParameterFiles: { 'eks-vpc.yaml': 'missing.json' } }), '10.1.0.0/16');
  // CLI ids are absolute paths; an absolute parameters path works too.
  const cli = { '/ws/vpc.yaml': PARAMS, '/params/vpc.json': '["Block=10.40.0.0/16"]' };
  assert.equal(cidr({ cloudFormationParameterFiles: { 'vpc.yaml': '/params/vpc.json' } }, cli), '10.40.0.0/16');
  // Changing the setting re-evaluates the template (the fragment cache is keyed by the file it used).
  const engine = engineOf(files, { cloudFormationParameterFiles: { 'eks-vpc.yaml': '../config/dev.json' } });
  assert.equal(plain(engine.analyze().model.vpcs[0].cidrs[0]), '10.30.0.0/16');
  engine.setSettings({ cloudFormationParameterFiles: { 'eks-vpc.yaml': '../config/prod env.json' } });
  assert.equal(plain(engine.analyze().model.vpcs[0].cidrs[0]), '10.20.0.0/16');
  engine.setSettings({});
  assert.equal(plain(engine.analyze().model.vpcs[0].cidrs[0]), '10.1.0.0/16');
});

test('Metadata eksnet-disable silences rules in a resource, or in the whole template', () => {
  const tpl = (meta: string, resMeta: string) => `AWSTemplateFormatVersion: '2010-09-09'
${meta}Resources:
  Vpc:
    Type: AWS::EC2::VPC
${resMeta}    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsSupport: false, Tags: [{Key: kubernetes.io/cluster/x, Value: owned}]}
`;
  const ids = (text: string) =>
    engineOf({ 't.yaml': text })
      .analyze()
      .findings.map((f) => f.ruleId)
      .sort();
  assert.deepEqual(ids(tpl('', '')), ['vpc-dns-hostnames-disabled', 'vpc-dns-support-disabled']);
  assert.deepEqual(ids(tpl('', '    Metadata: {eksnet-disable: [vpc-dns-support-disabled]}\n')), [
    'vpc-dns-hostnames-disabled',
  ]);
  assert.deepEqual(
    ids(tpl('Metadata:\n  eksnet-disable: vpc-dns-hostnames-disabled, vpc-dns-support-disabled\n', '')),
    [],
  );
});

test('a template is recognised whatever the file is called, and a non-template is left alone', () => {
  const json = '{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}}}';
  for (const name of ['a.json', 'b.template', 'c.yml'])
    assert.equal(engineOf({ [name]: json }).analyze().model.vpcs.length, 1, name);
  assert.equal(
    engineOf({ 'd.json': '{"Resources": {"X": {"Type": "Custom::Thing"}}}' }).analyze().model.vpcs.length,
    0,
  );
});

test('subnet MapPublicIpOnLaunch and AssignIpv6AddressOnCreation: written, from a parameter, or false when absent', () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Public: {Type: String, Default: 'true'}
  Later: {Type: String}
Resources:
  A: {Type: AWS::EC2::Subnet, Properties: {CidrBlock: 10.0.0.0/24, MapPublicIpOnLaunch: !Ref Public, AssignIpv6AddressOnCreation: true}}
  B: {Type: AWS::EC2::Subnet, Properties: {CidrBlock: 10.0.1.0/24}}
  C: {Type: AWS::EC2::Subnet, Properties: {CidrBlock: 10.0.2.0/24, MapPublicIpOnLaunch: !Ref Later}}
`;
  const subnets = engineOf({ 't.yaml': text }).analyze().model.subnets;
  assert.deepEqual(
    subnets.map((s) => [s.name, plain(s.mapPublicIpOnLaunch), plain(s.assignIpv6AddressOnCreation)]),
    [
      ['A', true, true],
      ['B', false, false],
      ['C', null, false],
    ],
  );
});

test('AWS::EKS::Nodegroup Labels are read; a Labels map known only at deployment makes them incomplete', () => {
  const text = (labels: string) => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Team: {Type: String, Default: payments}
  LabelMap: {Type: String}
Resources:
  Ng: {Type: AWS::EKS::Nodegroup, Properties: {ClusterName: c, NodeRole: r, Subnets: [subnet-1], ${labels}}}
`;
  const ng = (labels: string) => engineOf({ 't.yaml': text(labels) }).analyze().model.nodeGroups[0];
  const read = ng('Labels: {team: !Ref Team, k8s.amazonaws.com/eniConfig: pods-a}');
  assert.deepEqual(Object.fromEntries(Object.entries(read.labels!).map(([k, v]) => [k, plain(v)])), {
    team: 'payments',
    'k8s.amazonaws.com/eniConfig': 'pods-a',
  });
  assert.equal(read.labelsIncomplete, undefined);
  assert.deepEqual(ng('InstanceTypes: [m5.large]').labels, {});
  assert.match(ng('Labels: !Ref LabelMap').labelsIncomplete ?? '', /Labels map is not known/);
});
