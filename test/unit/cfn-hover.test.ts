import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';

const TEMPLATE = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Parameters:',
  '  VpcBlock: {Type: String, Default: 10.0.0.0/16}',
  '  Owner: {Type: String}',
  'Resources:',
  '  VPC:',
  '    Type: AWS::EC2::VPC',
  '    Properties: {CidrBlock: !Ref VpcBlock}',
  '  Subnet01:',
  '    Type: AWS::EC2::Subnet',
  '    Properties:',
  '      VpcId: !Ref VPC',
  '      CidrBlock: !Select [1, !Cidr [!GetAtt VPC.CidrBlock, 6, 8]]',
  "      AvailabilityZone: {'Fn::Select': [0, {'Fn::GetAZs': {Ref: 'AWS::Region'}}]}",
  '      Tags: [{Key: owner, Value: !Ref Owner}]',
  '',
].join('\n');

function hoverAt(
  needle: string,
  delta = 0,
  files: Record<string, string> = {},
): { text: string; contents: string } | undefined {
  const engine = engineOf({ 'infra/vpc.yaml': TEMPLATE, ...files });
  const at = TEMPLATE.indexOf(needle);
  assert.ok(at >= 0, needle);
  const h = engine.hover('infra/vpc.yaml', at + delta);
  return h ? { text: TEMPLATE.slice(h.span.start, h.span.end), contents: h.contents } : undefined;
}

test('hover on !Select of !Cidr shows the block it picks; on the inner !Cidr, the whole list', () => {
  const outer = hoverAt('!Select [1');
  assert.equal(outer?.text, '!Select [1, !Cidr [!GetAtt VPC.CidrBlock, 6, 8]]');
  assert.match(outer.contents, /= `10\.0\.1\.0\/24`/);
  const inner = hoverAt('!Cidr');
  assert.equal(inner?.text, '!Cidr [!GetAtt VPC.CidrBlock, 6, 8]');
  assert.match(inner.contents, /- \[0\] `10\.0\.0\.0\/24`/);
  assert.match(inner.contents, /- \[5\] `10\.0\.5\.0\/24`/);
  // The number 8 belongs to !Cidr; the attribute to !GetAtt, which is the VPC's written block.
  assert.equal(hoverAt('8]]')?.text, '!Cidr [!GetAtt VPC.CidrBlock, 6, 8]');
  assert.match(hoverAt('VPC.CidrBlock')!.contents, /= `10\.0\.0\.0\/16`/);
});

test('hover on !Ref shows the parameter value, from the parameters file when there is one', () => {
  assert.match(hoverAt('!Ref VpcBlock', 5)!.contents, /= `10\.0\.0\.0\/16`/);
  const withFile = hoverAt('!Ref VpcBlock', 5, { 'infra/vpc.parameters.json': '["VpcBlock=10.8.0.0/16"]' })!;
  assert.match(withFile.contents, /= `10\.8\.0\.0\/16`/);
  assert.match(withFile.contents, /Parameters from `vpc\.parameters\.json`/);
  assert.match(
    hoverAt('!Select [1', 0, { 'infra/vpc.parameters.json': '["VpcBlock=10.8.0.0/16"]' })!.contents,
    /= `10\.8\.1\.0\/24`/,
  );
});

test('what only a deployment knows says why: a parameter without Default, a resource id, a zone', () => {
  assert.match(hoverAt('!Ref Owner')!.contents, /not known before deployment_: parameter Owner has no Default/);
  assert.match(hoverAt('!Ref VPC\n')!.contents, /known after deployment_: the id of VPC/);
  const az = hoverAt("'Fn::Select'")!;
  assert.match(az.contents, /`\$\{AWS::Region\}\[0\]` \(fixed per deployment/);
  assert.equal(az.text, "{'Fn::Select': [0, {'Fn::GetAZs': {Ref: 'AWS::Region'}}]}");
});

test('no hover outside intrinsic functions or outside templates', () => {
  assert.equal(hoverAt('AWS::EC2::Subnet'), undefined);
  const engine = engineOf({ 'k.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: !Ref X\n' });
  assert.equal(engine.hover('k.yaml', 30), undefined);
});
