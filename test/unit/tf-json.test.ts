import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { parseHclJson } from '../../server/src/parsers/hclJson';
import { engineOf } from '../helpers/workspace';

before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const known = (v: { kind: string; value?: unknown } | undefined) => (v?.kind === 'known' ? v.value : v?.kind);

test('.tf.json blocks: label levels as objects or ordered arrays, "//" comments skipped, nested blocks', () => {
  const text = JSON.stringify({
    '//': 'generated',
    resource: [
      { aws_eks_cluster: { c: [{ '//': 'x', name: 'c', vpc_config: { subnet_ids: ['${aws_subnet.a.id}'] } }] } },
    ],
    module: { vpc: { source: 'terraform-aws-modules/vpc/aws', cidr: '${var.c}' } },
    locals: { a: '${var.c}', '//': 'not a local' },
  });
  const p = parseHclJson(text, false)!;
  assert.deepEqual(p.problems, []);
  assert.deepEqual(
    p.body.blocks.map((b) => [b.type, b.labels.map((l) => l.value)]),
    [
      ['resource', ['aws_eks_cluster', 'c']],
      ['module', ['vpc']],
      ['locals', []],
    ],
  );
  const cluster = p.body.blocks[0].body;
  assert.deepEqual(
    cluster.attributes.map((a) => a.name),
    ['name'],
  );
  assert.deepEqual(
    cluster.blocks.map((b) => b.type),
    ['vpc_config'],
  );
  assert.deepEqual(
    p.body.blocks[2].body.attributes.map((a) => a.name),
    ['a'],
  );
  // A module's source is literal; other arguments are templates.
  const mod = p.body.blocks[1].body.attributes;
  assert.equal(mod[0].expr.t, 'lit');
  assert.equal(mod[1].expr.t, 'tpl');
});

test('interpolations keep positions in the file, also after JSON escapes', () => {
  const text = '{"locals": {"a": "\\u00e9${ cidrsubnet(\\"10.0.0.0/16\\", 8, 1) }"}}';
  const expr = parseHclJson(text, false)!.body.blocks[0].body.attributes[0].expr;
  assert.equal(expr.t, 'tpl');
  const call = expr.t === 'tpl' ? expr.parts[1] : undefined;
  assert.ok(call && typeof call !== 'string' && call.t === 'call');
  assert.equal(text.slice(call.span.start, call.span.end), 'cidrsubnet(\\"10.0.0.0/16\\", 8, 1)');
  const arg = call.args[0];
  assert.equal(text.slice(arg.span.start, arg.span.end), '\\"10.0.0.0/16\\"');
});

test('a broken interpolation is a syntax error at its place; the rest of the file still counts', () => {
  const text = '{"resource": {"aws_vpc": {"v": {"cidr_block": "10.0.0.0/16", "tags": {"A": "${foo(}"}}}}}';
  const e = engineOf({ 'ws/main.tf.json': text });
  const a = e.analyze();
  const syntax = a.findings.filter((f) => f.ruleId === 'syntax-error');
  assert.equal(syntax.length, 1);
  assert.equal(text.slice(syntax[0].span.start, syntax[0].span.end), '${foo(}');
  assert.equal(known(a.model.vpcs[0]?.cidrs[0]), '10.0.0.0/16');
});

test('.tf and .tf.json files of a folder are one module; tfvars.json and auto.tfvars.json apply; defaults are literal', () => {
  const e = engineOf({
    'ws/vars.tf': 'variable "cidr" {\n  default = "10.0.0.0/16"\n}\nvariable "n" {}\n',
    'ws/net.tf.json': JSON.stringify({
      variable: { lit: { default: '${not.a.reference}' } },
      resource: { aws_vpc: { main: { cidr_block: '${var.cidr}', tags: { Lit: '${var.lit}', Esc: '$${x}' } } } },
    }),
    'ws/subnets.tf':
      'resource "aws_subnet" "s" {\n  count      = var.n\n  vpc_id     = aws_vpc.main.id\n  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)\n}\n',
    'ws/terraform.tfvars.json': '{"cidr": "10.7.0.0/16"}',
    'ws/x.auto.tfvars.json': '{"//": "comment", "n": 2}',
    'ws/other.tfvars.json': '{"n": 9}',
  });
  const m = e.analyze().model;
  assert.equal(known(m.vpcs[0].cidrs[0]), '10.7.0.0/16');
  assert.equal(known(m.vpcs[0].tags.Lit), '${not.a.reference}');
  assert.equal(known(m.vpcs[0].tags.Esc), '${x}');
  assert.deepEqual(
    m.subnets.map((s) => [s.name, known(s.cidr), s.vpc]),
    [
      ['aws_subnet.s[0]', '10.7.0.0/24', 'terraform:ws#aws_vpc.main'],
      ['aws_subnet.s[1]', '10.7.1.0/24', 'terraform:ws#aws_vpc.main'],
    ],
  );
});

test("a .tf.json finding's quick fix is written as JSON: the literal false becomes true", () => {
  const text = '{"resource": {"aws_vpc": {"v": {"cidr_block": "10.0.0.0/16", "enable_dns_hostnames": false}}}}';
  const e = engineOf({ 'ws/main.tf.json': text }, { assumeEksVpc: true });
  const f = e.analyze().findings.filter((x) => x.ruleId === 'vpc-dns-hostnames-disabled');
  assert.equal(f.length, 1);
  const edits = f[0].fixes.flatMap((x) => x.edits);
  assert.equal(edits.length, 1);
  assert.equal(text.slice(edits[0].span.start, edits[0].span.end), 'false');
  assert.equal(edits[0].newText, 'true');
  const fixed = text.slice(0, edits[0].span.start) + edits[0].newText + text.slice(edits[0].span.end);
  const parsed = JSON.parse(fixed) as { resource: { aws_vpc: { v: { enable_dns_hostnames: unknown } } } };
  assert.equal(parsed.resource.aws_vpc.v.enable_dns_hostnames, true);
});
