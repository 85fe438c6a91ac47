import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { engineOf } from '../helpers/workspace';
import { subnetRole } from '../../server/src/facts/reachability';
import type { NetworkModel } from '../../server/src/model/types';
import { modelToJson } from '../../server/src/engine/modelJson';

/**
 * facts/reachability.ts is the one answer to "is this subnet public?" for every source: what the
 * source declares (eksctl, the VPC module) or what its routes say (CloudFormation, Terraform), and
 * unresolved, never "private", when a route that might be the default route to an internet gateway
 * cannot be evaluated.
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

/** Subnet name to role ('public', 'private') or the reason it is unresolved. */
function roles(model: NetworkModel): Record<string, string> {
  return Object.fromEntries(
    model.subnets.map((s) => {
      const r = subnetRole(s);
      return [s.name, r.kind === 'known' ? r.value : `? ${r.why}`];
    }),
  );
}

const modelOf = (files: Record<string, string>) => engineOf(files).analyze().model;

const TF_ROUTE = (target: string, extra = '') => `variable "gw" {
  type = string
}
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.v.id
}
resource "aws_nat_gateway" "nat" {
  subnet_id = "subnet-0123456789abcdef0"
}
resource "aws_route_table" "rt" {
  vpc_id = aws_vpc.v.id
  route {
    cidr_block = "0.0.0.0/0"
    ${target}
  }
}
resource "aws_subnet" "s" {
  vpc_id     = aws_vpc.v.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.s.id
  route_table_id = aws_route_table.rt.id
}
${extra}`;

test('Terraform: the default route decides; a gateway passed in leaves the role unresolved, with the reason', () => {
  assert.equal(
    roles(modelOf({ 'main.tf': TF_ROUTE('gateway_id = aws_internet_gateway.igw.id') }))['aws_subnet.s'],
    'public',
  );
  assert.equal(
    roles(modelOf({ 'main.tf': TF_ROUTE('nat_gateway_id = aws_nat_gateway.nat.id') }))['aws_subnet.s'],
    'private',
  );
  assert.equal(
    roles(modelOf({ 'main.tf': TF_ROUTE('gateway_id = "igw-0123456789abcdef0"') }))['aws_subnet.s'],
    'public',
  );
  const unknown = roles(modelOf({ 'main.tf': TF_ROUTE('gateway_id = var.gw') }))['aws_subnet.s'];
  assert.match(unknown, /^\? the default route's target might be an internet gateway \(the gateway is not declared/);
  // The model JSON says null rather than false.
  const json = modelToJson(
    modelOf({ 'main.tf': TF_ROUTE('gateway_id = var.gw') }),
    () => 0,
    (id) => id,
  );
  assert.deepEqual(
    (json.subnets as { public: boolean | null }[]).map((s) => s.public),
    [null],
  );
});

test("Terraform: a subnet without an association uses its VPC's main table, known only for a VPC declared here and left alone", () => {
  const subnet = (vpc: string) => `resource "aws_subnet" "lone" {
  vpc_id     = ${vpc}
  cidr_block = "10.0.2.0/24"
}
`;
  const own = modelOf({ 'main.tf': TF_ROUTE('gateway_id = aws_internet_gateway.igw.id', subnet('aws_vpc.v.id')) });
  assert.equal(roles(own)['aws_subnet.lone'], 'private');
  const other = modelOf({
    'main.tf': TF_ROUTE('gateway_id = aws_internet_gateway.igw.id', subnet('"vpc-0123456789abcdef0"')),
  });
  assert.match(
    roles(other)['aws_subnet.lone'],
    /^\? the subnet uses the main route table of a VPC not declared in this module/,
  );
  const managed = modelOf({
    'main.tf': TF_ROUTE(
      'gateway_id = aws_internet_gateway.igw.id',
      `${subnet('aws_vpc.v.id')}resource "aws_default_route_table" "d" {
  default_route_table_id = aws_vpc.v.default_route_table_id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}
`,
    ),
  });
  assert.match(
    roles(managed)['aws_subnet.lone'],
    /^\? the subnet uses the VPC's main route table, which aws_default_route_table manages/,
  );
});

test('the VPC module: public subnets are public unless create_igw is false; unknown create_igw is unresolved', () => {
  const vpc = (extra: string) => `variable "flag" {
  type = bool
}
module "vpc" {
  source          = "terraform-aws-modules/vpc/aws"
  version         = "~> 5.0"
  cidr            = "10.0.0.0/16"
  azs             = ["us-west-2a"]
  public_subnets  = ["10.0.101.0/24"]
  private_subnets = ["10.0.1.0/24"]
  database_subnets = ["10.0.201.0/24"]
  ${extra}
}
`;
  const pub = 'module.vpc.aws_subnet.public[0]';
  const db = 'module.vpc.aws_subnet.database[0]';
  const plainModule = roles(modelOf({ 'main.tf': vpc('') }));
  assert.deepEqual(
    [plainModule[pub], plainModule['module.vpc.aws_subnet.private[0]'], plainModule[db]],
    ['public', 'private', 'private'],
  );
  assert.equal(roles(modelOf({ 'main.tf': vpc('create_igw = false') }))[pub], 'private');
  assert.match(roles(modelOf({ 'main.tf': vpc('create_igw = var.flag') }))[pub], /^\? create_igw is not known/);
  assert.match(
    roles(modelOf({ 'main.tf': vpc('create_database_internet_gateway_route = true') }))[db],
    /^\? create_database_internet_gateway_route may give database subnets a route/,
  );
});

test('CloudFormation: a subnet without an association is private only in a VPC the template creates', () => {
  const cfn = (vpcId: string) => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  VpcId: {Type: String}
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Lone: {Type: AWS::EC2::Subnet, Properties: {VpcId: ${vpcId}, CidrBlock: 10.0.0.0/24}}
`;
  assert.equal(roles(modelOf({ 't.yaml': cfn('!Ref Vpc') })).Lone, 'private');
  assert.match(
    roles(modelOf({ 't.yaml': cfn('!Ref VpcId') })).Lone,
    /^\? the subnet uses the main route table of a VPC this template does not declare/,
  );
});

test('eksctl: the section the subnet is declared in is its role', () => {
  const model = modelOf({
    'c.yaml': `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: demo, region: us-west-2}
vpc:
  subnets:
    public:
      a: {cidr: 10.0.0.0/24}
    private:
      a: {cidr: 10.0.1.0/24}
`,
  });
  assert.deepEqual(
    model.subnets.map((s) => {
      const r = subnetRole(s);
      return [s.key.split('/subnet/')[1], r.kind === 'known' ? r.value : r.why];
    }),
    [
      ['public/a', 'public'],
      ['private/a', 'private'],
    ],
  );
});
