import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturePath, engineWith } from '../helpers/workspace';
import { renderFindings } from '../helpers/render';
import { assertGolden } from '../helpers/golden';
import { plain } from '../../server/src/model/located';
import { publicFlag } from '../../server/src/facts/reachability';

/**
 * AWS's own EKS VPC sample templates (copied verbatim under aws-samples/, each naming its source):
 * every subnet must resolve to a concrete CIDR and a symbolic zone, public/private must follow the
 * route tables, and the findings (with assumeEksVpc, since the samples declare no cluster) are
 * reviewed in a snapshot.
 */
const DIR = fixturePath('cloudformation', 'aws-samples');

function load(): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(DIR).sort())
    if (!f.endsWith('.snap')) files.set(f, fs.readFileSync(path.join(DIR, f), 'utf8'));
  return files;
}

test('the AWS samples resolve every subnet to a concrete CIDR and a symbolic zone', () => {
  const model = engineWith(load()).analyze().model;
  const rows = model.subnets.map(
    (s) => `${s.at.file} ${s.name} ${plain(s.cidr)} ${plain(s.availabilityZone)} public=${publicFlag(s)}`,
  );
  assert.deepEqual(rows, [
    'amazon-eks-fully-private-vpc.yaml PrivateSubnet01 10.10.0.0/18 ${AWS::Region}[0] public=false',
    'amazon-eks-fully-private-vpc.yaml PrivateSubnet02 10.10.64.0/18 ${AWS::Region}[1] public=false',
    'amazon-eks-fully-private-vpc.yaml PrivateSubnet03 10.10.128.0/18 ${AWS::Region}[2] public=false',
    'amazon-eks-vpc-private-subnets.yaml PublicSubnet01 192.168.0.0/18 ${AWS::Region}[0] public=true',
    'amazon-eks-vpc-private-subnets.yaml PublicSubnet02 192.168.64.0/18 ${AWS::Region}[1] public=true',
    'amazon-eks-vpc-private-subnets.yaml PrivateSubnet01 192.168.128.0/18 ${AWS::Region}[0] public=false',
    'amazon-eks-vpc-private-subnets.yaml PrivateSubnet02 192.168.192.0/18 ${AWS::Region}[1] public=false',
    'amazon-eks-vpc-sample.yaml Subnet01 192.168.64.0/18 ${AWS::Region}[0] public=true',
    'amazon-eks-vpc-sample.yaml Subnet02 192.168.128.0/18 ${AWS::Region}[1] public=true',
    'amazon-eks-vpc-sample.yaml Subnet03 192.168.192.0/18 ${AWS::Region}[2] public=true',
  ]);
  // MapPublicIpOnLaunch: set on the public subnets of the private-subnets sample, absent (false) elsewhere.
  const mapsPublicIp = model.subnets
    .filter((s) => plain(s.mapPublicIpOnLaunch) === true)
    .map((s) => `${s.at.file} ${s.name}`);
  assert.deepEqual(mapsPublicIp, [
    'amazon-eks-vpc-private-subnets.yaml PublicSubnet01',
    'amazon-eks-vpc-private-subnets.yaml PublicSubnet02',
  ]);
  assert.ok(
    model.subnets.every(
      (s) => s.mapPublicIpOnLaunch?.kind === 'known' && s.assignIpv6AddressOnCreation?.kind === 'known',
    ),
  );
  const vpcs = model.vpcs.map(
    (v) =>
      `${v.at.file} ${v.cidrs.map(plain).join(',')} dns=${plain(v.enableDnsSupport)}/${plain(v.enableDnsHostnames)}`,
  );
  assert.deepEqual(vpcs, [
    'amazon-eks-fully-private-vpc.yaml 10.10.0.0/16 dns=true/true',
    'amazon-eks-vpc-private-subnets.yaml 192.168.0.0/16 dns=true/true',
    'amazon-eks-vpc-sample.yaml 192.168.0.0/16 dns=true/true',
  ]);
  // The endpoints of the fully private sample, with the region kept symbolic.
  const endpoints = model.vpcs[0].endpoints!.map((e) => plain(e.service));
  assert.deepEqual(endpoints, [
    'com.amazonaws.${AWS::Region}.s3',
    '${Fn::FindInMap(ServiceNamePrefixMap, ${AWS::Partition}, Name)}.${AWS::Region}.ecr.api',
    '${Fn::FindInMap(ServiceNamePrefixMap, ${AWS::Partition}, Name)}.${AWS::Region}.ecr.dkr',
    '${Fn::FindInMap(ServiceNamePrefixMap, ${AWS::Partition}, Name)}.${AWS::Region}.ec2',
    'com.amazonaws.${AWS::Region}.logs',
    '${Fn::FindInMap(ServiceNamePrefixMap, ${AWS::Partition}, Name)}.${AWS::Region}.sts',
  ]);
});

test('without its parameters file the fully private sample has no CIDRs (its parameters have no Default)', () => {
  const files = load();
  files.delete('amazon-eks-fully-private-vpc.parameters.json');
  const s = engineWith(files)
    .analyze()
    .model.subnets.find((x) => x.name === 'PrivateSubnet01')!;
  assert.equal(s.cidr?.kind, 'unresolved');
});

test('the AWS samples lint as expected (snapshot)', () => {
  const engine = engineWith(load(), { assumeEksVpc: true });
  assertGolden(path.join(DIR, 'findings.snap'), renderFindings(engine, engine.analyze().findings));
});
