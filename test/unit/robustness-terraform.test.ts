import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl, parseHcl } from '../../server/src/parsers/hcl';
import { TfModule } from '../../server/src/evaluators/terraform/module';
import type { TfValue } from '../../server/src/evaluators/terraform/values';
import { exercise } from '../helpers/robustness';

/**
 * Terraform expressions that would take minutes or gigabytes if evaluated literally. Each must end
 * quickly as an unknown value whose reason names the limit, never as a truncated (guessed) value.
 */
before(async () => assert.ok(await initHcl(), 'the wasm HCL parser loads'));

function moduleOf(text: string): TfModule {
  return new TfModule('ws', [{ id: 'ws/main.tf', body: parseHcl(text)!.body }], {
    registryOutputs: () => undefined,
    localFiles: () => undefined,
  });
}

const why = (v: TfValue) => (v.k === 'unknown' ? v.why : `known ${v.k}`);

/** Evaluates one local in a fresh module, with a deadline. */
function local(expr: string, extra = ''): TfValue {
  const started = Date.now();
  const v = moduleOf(`locals {\n  out = ${expr}\n${extra}}\n`).local('out');
  assert.ok(Date.now() - started < 2000, `${expr} took ${Date.now() - started} ms`);
  return v;
}

test('range past 1024 elements is an error, as in Terraform', () => {
  assert.match(why(local('range(1000000000)')), /too long range/);
});

test('nested for expressions over ranges stop at the evaluation budget', () => {
  const v = local('[for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]');
  assert.match(why(v), /more than 1000000 evaluation steps; eksnet evaluates at most 1000000/);
});

test('a list of more than 100,000 elements is not built', () => {
  const inner = '[for a in range(400) : [for b in range(400) : b]]';
  assert.match(why(local(`flatten(${inner})`)), /the list would have \d+ elements; eksnet evaluates at most 100000/);
  assert.match(
    why(local(`concat(flatten([for a in range(300) : range(300)]), flatten([for a in range(300) : range(300)]))`)),
    /the list would have 180000 elements/,
  );
});

test('cidrsubnets with thousands of blocks is unknown, with the count', () => {
  assert.match(
    why(local('cidrsubnets("10.0.0.0/8", flatten([for a in range(100) : [for b in range(100) : 24]])...)')),
    /cidrsubnets would carve 10000 blocks; eksnet evaluates at most 4096/,
  );
  // Real layouts still evaluate.
  const ok = local('cidrsubnets("10.0.0.0/16", 4, 4, 8, 8)');
  assert.equal(ok.k, 'list');
});

test('strings that double through locals stop at a million characters', () => {
  const doubling = Array.from({ length: 40 }, (_, i) => `  s${i + 1} = "\${local.s${i}}\${local.s${i}}"\n`).join('');
  const v = local('local.s40', `  s0 = "xxxxxxxxxxxxxxxx"\n${doubling}`);
  assert.match(why(v), /the string would have 1048576 characters; eksnet evaluates at most 1000000/);
  assert.match(
    why(local('join(",", [for i in range(1000) : format("%01000d", i)])')),
    /the string would have \d+ characters/,
  );
  assert.match(why(local('format("%0999999999d", 1)')), /999999999 characters/);
  assert.match(why(local('format("%.200f", 1)')), /precision of 200/);
  assert.match(why(local('replace(format("%0900000d", 1), "0", "00")')), /the string would have 1799999 characters/);
});

test('toset and grouping for expressions over long lists are not quadratic', () => {
  const long = 'flatten([for a in range(300) : range(300)])';
  const set = local(`toset(${long})`);
  assert.equal(set.k === 'list' ? set.items.length : -1, 300);
  const grouped = local(`{ for i in ${long} : "k" => i... }`);
  assert.equal(grouped.k === 'map' ? (grouped.entries.get('k') as { items: unknown[] }).items.length : -1, 90_000);
});

test('count and for_each past 1000 instances leave the resource unknown, with the number', () => {
  const m = moduleOf(
    'resource "aws_subnet" "s" {\n  count = 1000000000\n  cidr_block = cidrsubnet("10.0.0.0/8", 24, count.index)\n}\nresource "aws_subnet" "t" {\n  for_each = toset(flatten([for a in range(50) : [for b in range(50) : "${a}-${b}"]]))\n  cidr_block = "10.0.0.0/24"\n}\nresource "aws_subnet" "u" {\n  count = 2.5\n}\n',
  );
  assert.match(
    why(m.resourceValue('aws_subnet.s')),
    /aws_subnet\.s would have 1000000000 instances; eksnet expands at most 1000/,
  );
  assert.match(why(m.resourceValue('aws_subnet.t')), /would have 2500 instances/);
  assert.match(why(m.resourceValue('aws_subnet.u')), /count = 2\.5 is not a whole number/);
});

test('a folder of hostile Terraform analyses within the deadline, without internal errors', () => {
  const text = [
    'locals {',
    '  a = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]',
    '  b = cidrsubnets("10.0.0.0/8", flatten([for a in range(100) : [for b in range(100) : 24]])...)',
    '  c = local.d',
    '  d = local.c',
    '}',
    'resource "aws_vpc" "v" {',
    '  cidr_block = "10.0.0.0/16"',
    '}',
    'resource "aws_subnet" "s" {',
    '  count = 1000000000',
    '  vpc_id = aws_vpc.v.id',
    '  cidr_block = cidrsubnet(aws_vpc.v.cidr_block, 8, count.index)',
    '}',
    '',
  ].join('\n');
  const found = exercise(new Map([['/ws/main.tf', text]]), '/ws/main.tf');
  const stopped = found.find((f) => /eksnet stopped evaluating this module here/.test(f.message));
  assert.ok(stopped, JSON.stringify(found.map((f) => f.message)));
  assert.equal(stopped.severity, 'warning');
  // The warning sits inside the expression that used up the steps (the nested for on line 2).
  assert.equal(text.slice(0, stopped.span.start).split('\n').length, 2);
});
