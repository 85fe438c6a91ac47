import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { Engine } from '../../server/src/engine';
import { plain } from '../../server/src/model/located';

/**
 * Everything an Engine remembers hangs off that Engine or its SourceFiles (ARCHITECTURE.md): two
 * engines in one process, given different texts under the same file id, each answer from their own
 * text, whatever order they are asked in, and never hand out each other's objects.
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const tf = (cidr: string) =>
  [
    `variable "cidr" {\n  default = "${cidr}"\n}`,
    'resource "aws_vpc" "main" {\n  cidr_block = var.cidr\n}',
    'resource "aws_subnet" "a" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = cidrsubnet(var.cidr, 8, 1)\n}',
    '',
  ].join('\n');

const cfn = (cidr: string) =>
  [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Parameters:',
    '  Block:',
    '    Type: String',
    `    Default: ${cidr}`,
    'Resources:',
    '  VPC:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: !Ref Block',
    '  Subnet:',
    '    Type: AWS::EC2::Subnet',
    '    Properties:',
    '      VpcId: !Ref VPC',
    '      CidrBlock: !Select [1, !Cidr [!Ref Block, 4, 8]]',
    '',
  ].join('\n');

/** Two documents, so the YAML parse goes through the per-document cache. */
const eni = (subnet: string) =>
  [
    'apiVersion: crd.k8s.amazonaws.com/v1alpha1',
    'kind: ENIConfig',
    'metadata:',
    '  name: us-west-2a',
    'spec:',
    `  subnet: ${subnet}`,
    '---',
    'apiVersion: crd.k8s.amazonaws.com/v1alpha1',
    'kind: ENIConfig',
    'metadata:',
    '  name: us-west-2b',
    'spec:',
    '  subnet: subnet-bbbbbbbb',
    '',
  ].join('\n');

function load(e: Engine, tfCidr: string, cfnCidr: string, subnet: string): void {
  e.setFile('w/main.tf', tf(tfCidr));
  e.setFile('w/vpc.yaml', cfn(cfnCidr));
  e.setFile('w/eni.yaml', eni(subnet));
}

function subnetCidrs(e: Engine, file: string): (string | null)[] {
  return e
    .analyze()
    .model.subnets.filter((s) => s.at.file === file)
    .map((s) => plain(s.cidr));
}

function hoverText(e: Engine, id: string, needle: string): string {
  const text = e.text(id)!;
  const h = e.hover(id, text.indexOf(needle) + 1);
  assert.ok(h, `a hover at ${needle}`);
  return h.contents;
}

test('two engines with different texts for the same file ids each see only their own', () => {
  const a = new Engine();
  const b = new Engine();
  load(a, '10.0.0.0/16', '10.10.0.0/16', 'subnet-aaaaaaaa');
  // Engine a analyses and hovers first, so any shared cache would be warm with its answers.
  assert.deepEqual(subnetCidrs(a, 'w/main.tf'), ['10.0.1.0/24']);
  assert.match(hoverText(a, 'w/main.tf', 'cidrsubnet'), /10\.0\.1\.0\/24/);
  assert.match(hoverText(a, 'w/vpc.yaml', '!Select'), /10\.10\.1\.0\/24/);
  load(b, '10.1.0.0/16', '10.11.0.0/16', 'subnet-cccccccc');
  assert.deepEqual(subnetCidrs(b, 'w/main.tf'), ['10.1.1.0/24']);
  assert.deepEqual(subnetCidrs(b, 'w/vpc.yaml'), ['10.11.1.0/24']);
  assert.match(hoverText(b, 'w/main.tf', 'cidrsubnet'), /10\.1\.1\.0\/24/);
  assert.match(hoverText(b, 'w/vpc.yaml', '!Select'), /10\.11\.1\.0\/24/);
  assert.deepEqual(
    b.analyze().model.eniConfigs.map((c) => plain(c.subnet)),
    ['subnet-cccccccc', 'subnet-bbbbbbbb'],
  );
  // And engine a, asked again after b, still answers from its own texts.
  assert.deepEqual(subnetCidrs(a, 'w/vpc.yaml'), ['10.10.1.0/24']);
  assert.match(hoverText(a, 'w/main.tf', 'cidrsubnet'), /10\.0\.1\.0\/24/);
  assert.deepEqual(
    a.analyze().model.eniConfigs.map((c) => plain(c.subnet)),
    ['subnet-aaaaaaaa', 'subnet-bbbbbbbb'],
  );
});

test('two engines given the same text share no parsed or evaluated object', () => {
  const a = new Engine();
  const b = new Engine();
  load(a, '10.0.0.0/16', '10.10.0.0/16', 'subnet-aaaaaaaa');
  load(b, '10.0.0.0/16', '10.10.0.0/16', 'subnet-aaaaaaaa');
  const ma = a.analyze().model;
  const mb = b.analyze().model;
  assert.deepEqual(
    mb.subnets.map((s) => plain(s.cidr)),
    ma.subnets.map((s) => plain(s.cidr)),
  );
  // The second document is identical in both engines: with a process-wide parse cache both would
  // hold the very same tree (and whatever was memoised on it).
  assert.equal(ma.eniConfigs.length, 2);
  ma.eniConfigs.forEach((c, i) => assert.notEqual(c.node, mb.eniConfigs[i].node));
});

test('editing a file in one engine leaves the other engine of the same workspace unchanged', () => {
  const a = new Engine();
  const b = new Engine();
  load(a, '10.0.0.0/16', '10.10.0.0/16', 'subnet-aaaaaaaa');
  load(b, '10.0.0.0/16', '10.10.0.0/16', 'subnet-aaaaaaaa');
  assert.deepEqual(subnetCidrs(b, 'w/main.tf'), ['10.0.1.0/24']);
  a.setFile('w/main.tf', tf('10.2.0.0/16'));
  a.setFile('w/vpc.parameters.json', '["Block=10.12.0.0/16"]');
  assert.deepEqual(subnetCidrs(a, 'w/main.tf'), ['10.2.1.0/24']);
  assert.deepEqual(subnetCidrs(a, 'w/vpc.yaml'), ['10.12.1.0/24']);
  assert.deepEqual(subnetCidrs(b, 'w/main.tf'), ['10.0.1.0/24']);
  assert.deepEqual(subnetCidrs(b, 'w/vpc.yaml'), ['10.10.1.0/24']);
  assert.match(hoverText(b, 'w/vpc.yaml', '!Select'), /10\.10\.1\.0\/24/);
});
