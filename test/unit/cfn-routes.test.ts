import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';
import { plain } from '../../server/src/model/located';
import { publicFlag, subnetRole } from '../../server/src/facts/reachability';

const ref = (id: string) => ({ Ref: id });
const res = (Type: string, Properties?: object) => ({ Type, ...(Properties ? { Properties } : {}) });
const modelOf = (files: Record<string, string>) => engineOf(files).analyze().model;

/**
 * A route whose target is chosen by a condition, the usual "public or private" switch. With the
 * condition static the route has exactly one target, so the subnet's kind is known; with it known only
 * at deployment the internet gateway might be the target, so whether the subnet is public is unknown.
 */
const SWITCH_YAML = (kind: string) => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Kind: {Type: String${kind ? `, Default: ${kind}` : ''}}
Conditions:
  IsPublic: !Equals [!Ref Kind, public]
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Igw: {Type: AWS::EC2::InternetGateway}
  Nat: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: subnet-0123456789abcdef0}}
  Rt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  Default:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Rt
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !If [IsPublic, !Ref Igw, !Ref AWS::NoValue]
      NatGatewayId: !If [IsPublic, !Ref AWS::NoValue, !Ref Nat]
  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  Assoc: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Sub, RouteTableId: !Ref Rt}}
`;

const SWITCH_JSON = (kind: string) =>
  JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Parameters: { Kind: { Type: 'String', ...(kind ? { Default: kind } : {}) } },
      Conditions: { IsPublic: { 'Fn::Equals': [ref('Kind'), 'public'] } },
      Resources: {
        Vpc: res('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }),
        Igw: res('AWS::EC2::InternetGateway'),
        Nat: res('AWS::EC2::NatGateway', { SubnetId: 'subnet-0123456789abcdef0' }),
        Rt: res('AWS::EC2::RouteTable', { VpcId: ref('Vpc') }),
        Default: res('AWS::EC2::Route', {
          RouteTableId: ref('Rt'),
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: { 'Fn::If': ['IsPublic', ref('Igw'), ref('AWS::NoValue')] },
          NatGatewayId: { 'Fn::If': ['IsPublic', ref('AWS::NoValue'), ref('Nat')] },
        }),
        Sub: res('AWS::EC2::Subnet', { VpcId: ref('Vpc'), CidrBlock: '10.0.0.0/24' }),
        Assoc: res('AWS::EC2::SubnetRouteTableAssociation', { SubnetId: ref('Sub'), RouteTableId: ref('Rt') }),
      },
    },
    null,
    2,
  );

for (const [syntax, file, text] of [
  ['YAML', 't.yaml', SWITCH_YAML],
  ['JSON', 't.json', SWITCH_JSON],
] as const) {
  test(`${syntax}: a route target behind Fn::If with AWS::NoValue follows a static condition; a dynamic one leaves the subnet unknown`, () => {
    const sub = (kind: string) => modelOf({ [file]: text(kind) }).subnets[0];
    const targets = (kind: string) => {
      const r = sub(kind).routes;
      return r?.kind === 'known' ? r.value.map((x) => plain(x.target)) : null;
    };
    assert.deepEqual([targets('private'), publicFlag(sub('private'))], [['nat-gateway'], false]);
    assert.deepEqual([targets('public'), publicFlag(sub('public'))], [['internet-gateway'], true]);
    assert.equal(subnetRole(sub('')).kind, 'unresolved');
  });
}
