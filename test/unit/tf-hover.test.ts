import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { engineOf } from '../helpers/workspace';

before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const MAIN = [
  'variable "vpc_cidr" {',
  '  default = "10.0.0.0/16"',
  '}',
  '',
  'locals {',
  '  azs     = ["us-west-2a", "us-west-2b"]',
  '  pods    = [for i, az in local.azs : cidrsubnet("100.64.0.0/16", 2, i)]',
  '}',
  '',
  'resource "aws_vpc" "main" {',
  '  cidr_block = var.vpc_cidr',
  '}',
  '',
  'resource "aws_subnet" "private" {',
  '  count             = 3',
  '  vpc_id            = aws_vpc.main.id',
  '  cidr_block        = cidrsubnet(var.vpc_cidr, 8, count.index)',
  '  availability_zone = element(local.azs, count.index)',
  '}',
  '',
  'resource "aws_subnet" "single" {',
  '  vpc_id     = aws_vpc.main.id',
  '  cidr_block = cidrsubnet(var.vpc_cidr, 8, 10)',
  '}',
  '',
].join('\n');

function hoverAt(needle: string, delta = 0): { text: string; contents: string } | undefined {
  const engine = engineOf({ 'w/main.tf': MAIN });
  const at = MAIN.indexOf(needle);
  assert.ok(at >= 0, needle);
  const h = engine.hover('w/main.tf', at + delta);
  return h ? { text: MAIN.slice(h.span.start, h.span.end), contents: h.contents } : undefined;
}

test("hover on cidrsubnet(...) in a counted resource shows every instance's value", () => {
  const h = hoverAt('cidrsubnet(var.vpc_cidr, 8, count.index)', 2);
  assert.ok(h);
  assert.equal(h.text, 'cidrsubnet(var.vpc_cidr, 8, count.index)');
  for (const line of [
    '- `aws_subnet.private[0]` = `10.0.0.0/24`',
    '- `aws_subnet.private[1]` = `10.0.1.0/24`',
    '- `aws_subnet.private[2]` = `10.0.2.0/24`',
  ]) {
    assert.ok(h.contents.includes(line), `missing ${line} in\n${h.contents}`);
  }
});

test('hover on an argument that is not a CIDR goes out to the enclosing CIDR expression', () => {
  const h = hoverAt('8, count.index)');
  assert.equal(h?.text, 'cidrsubnet(var.vpc_cidr, 8, count.index)');
});

test("hover on a variable reference shows its value; on count.index each instance's index", () => {
  const v = hoverAt('var.vpc_cidr, 8, 10', 5);
  assert.equal(v?.text, 'var.vpc_cidr');
  assert.match(v?.contents ?? '', /= `10\.0\.0\.0\/16`/);
  const c = hoverAt('count.index)', 3);
  assert.equal(c?.text, 'count.index');
  assert.match(c?.contents ?? '', /`aws_subnet\.private\[2\]` = `2`/);
});

test('a single-instance CIDR expression also gets the generic CIDR details from the model', () => {
  const h = hoverAt('cidrsubnet(var.vpc_cidr, 8, 10)');
  assert.ok(h);
  assert.match(h.contents, /= `10\.0\.10\.0\/24`/);
  assert.match(h.contents, /\*\*10\.0\.10\.0\/24\*\* · Subnet block/);
  assert.match(h.contents, /Inside VPC block 10\.0\.0\.0\/16 of aws_vpc\.main/);
});

test("hover on a local's name and on a list of CIDRs shows each item; non-CIDR locals by reference only", () => {
  const h = hoverAt('pods    =', 1);
  assert.ok(h);
  assert.ok(h.contents.includes('- [0] `100.64.0.0/18`') && h.contents.includes('- [1] `100.64.64.0/18`'), h.contents);
  const azs = hoverAt('local.azs, count.index', 7);
  assert.equal(azs?.text, 'local.azs');
  assert.match(azs?.contents ?? '', /us-west-2b/);
  // The literal list of zones is neither a reference nor CIDRs.
  assert.equal(hoverAt('["us-west-2a"', 3), undefined);
});

test('hover in a .tf.json file: a ${} expression inside a JSON string shows its value per instance', () => {
  const json = JSON.stringify(
    {
      variable: { vpc_cidr: { default: '10.0.0.0/16' } },
      resource: {
        aws_subnet: {
          private: {
            count: 2,
            vpc_id: 'vpc-0123',
            cidr_block: '${cidrsubnet(var.vpc_cidr, 8, count.index)}',
          },
        },
      },
    },
    null,
    2,
  );
  const engine = engineOf({ 'w/main.tf.json': json });
  const at = json.indexOf('cidrsubnet(') + 2;
  const h = engine.hover('w/main.tf.json', at);
  assert.ok(h, 'a hover in the JSON string');
  assert.equal(json.slice(h.span.start, h.span.end), 'cidrsubnet(var.vpc_cidr, 8, count.index)');
  assert.ok(h.contents.includes('- `aws_subnet.private[1]` = `10.0.1.0/24`'), h.contents);
  const v = engine.hover('w/main.tf.json', json.indexOf('var.vpc_cidr') + 5);
  assert.equal(v && json.slice(v.span.start, v.span.end), 'var.vpc_cidr');
  assert.match(v?.contents ?? '', /= `10\.0\.0\.0\/16`/);
});
