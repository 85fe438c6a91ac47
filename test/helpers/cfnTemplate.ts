/**
 * The YAML template the CloudFormation evaluator tests write their expressions into (as the value of
 * output X): parameters with and without defaults, a mapping, static and deployment-time conditions,
 * and a VPC and subnet for Ref and Fn::GetAtt. Shared so the short-form and long-form tests agree.
 */
export const HEAD = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  VpcBlock: {Type: String, Default: 10.0.0.0/16}
  Bits: {Type: Number, Default: 8}
  Zones: {Type: CommaDelimitedList, Default: 'a, b, c'}
  NoDefault: {Type: String}
  Env: {Type: String, Default: prod}
Mappings:
  Net:
    prod: {Cidr: 10.9.0.0/16}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Either: !Or [!Condition IsDev, !Equals [x, x]]
  Both: !And [!Condition IsProd, !Condition IsDev]
  Unknown: !Equals [!Ref NoDefault, x]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref VpcBlock}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [1, !GetAZs '']}
Outputs:
`;
