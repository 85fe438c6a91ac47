import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl, parseHcl } from '../../server/src/parsers/hcl';
import { TfModule, type ModuleHost } from '../../server/src/evaluators/terraform/module';
import { FUNCTIONS } from '../../server/src/evaluators/terraform/functions';
import { listParts, str, list, unknown, type TfValue } from '../../server/src/evaluators/terraform/values';
import { Engine } from '../../server/src/engine';

/**
 * Partly known values (issue 11): a list whose length is unknown keeps the elements that are known,
 * with their values and the places they are written, and says why the rest is missing.
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const host: ModuleHost = { registryOutputs: () => undefined, localFiles: () => undefined };
const RESOURCES = ['a', 'b', 'x'].map((n) => `resource "aws_subnet" "${n}" {}\n`).join('');
const TEXT = (locals: string) => `variable "extra" {}\nvariable "flag" {}\n${RESOURCES}locals {\n${locals}\n}\n`;
const out = (locals: string): TfValue =>
  new TfModule('m', [{ id: 'm/main.tf', body: parseHcl(TEXT(locals))!.body }], host).local('out');

/** The known part of a value: its certain elements as plain text (ids as `ref:address`), and whether it is complete. */
function known(v: TfValue): { items: string[]; complete: boolean; prefix: number; why?: string } {
  const p = listParts(v);
  assert.ok(p, `a list or a partly known list, got ${v.k}`);
  const items = p.items.map((i) =>
    i.k === 'string' ? i.v : i.k === 'unknown' && i.ref ? `ref:${i.ref}` : i.k === 'unknown' ? '?' : i.k,
  );
  return { items, complete: p.complete, prefix: p.prefix, why: p.why };
}

test('concat with an unknown list keeps the known elements, their places and why the rest is missing', () => {
  const v = out('  out = concat(["a", "b"], var.extra, ["c"])');
  const k = known(v);
  assert.deepEqual(k.items, ['a', 'b', 'c']);
  assert.equal(k.complete, false);
  assert.equal(k.prefix, 2, 'only the elements before the unknown part sit at a known index');
  assert.match(k.why ?? '', /extra/);
  // Source ranges: "a" is where it is written.
  const a = listParts(v)!.items[0];
  assert.equal(TEXT('  out = concat(["a", "b"], var.extra, ["c"])').slice(a.at!.span.start, a.at!.span.end), '"a"');
  // Indexing answers inside the prefix and is unknown past it; length is unknown.
  assert.deepEqual(known(out('  l = concat(["a"], var.extra)\n  out = [local.l[0]]')).items, ['a']);
  assert.equal(out('  l = concat(["a"], var.extra, ["c"])\n  out = local.l[1]').k, 'unknown');
  assert.equal(out('  out = length(concat(["a"], var.extra))').k, 'unknown');
});

test('concat of resource ids keeps each id tied to its resource', () => {
  const v = out('  out = concat([aws_subnet.a.id, aws_subnet.b.id], var.extra)');
  assert.deepEqual(known(v).items, ['ref:aws_subnet.a', 'ref:aws_subnet.b']);
});

test('flatten keeps known elements of nested lists; an unknown element makes it partial', () => {
  const k = known(FUNCTIONS.flatten([list([list([str('a')]), unknown('var.x'), list([str('b')])])]));
  assert.deepEqual(k.items, ['a', 'b']);
  assert.equal(k.complete, false);
  assert.equal(k.prefix, 1);
  const nested = known(out('  out = flatten([["a"], concat(["b"], var.extra)])'));
  assert.deepEqual(nested.items, ['a', 'b']);
  assert.equal(nested.complete, false);
});

test('distinct drops repeats of known values and ids; an unknown element may repeat, so the result is partial', () => {
  const k = known(out('  out = distinct(["a", "b", "a", aws_subnet.x.id, aws_subnet.x.id])'));
  assert.deepEqual(k.items, ['a', 'b', 'ref:aws_subnet.x']);
  assert.equal(k.complete, true);
  const p = known(out('  out = distinct(["a", var.extra, "b", "a"])'));
  assert.deepEqual(p.items, ['a', 'b']);
  assert.equal(p.complete, false);
  assert.equal(p.prefix, 1);
});

test('setunion and toset keep the known members of partly known sets', () => {
  const u = known(out('  out = setunion(["b", "a"], concat(["c"], var.extra))'));
  assert.deepEqual(u.items.sort(), ['a', 'b', 'c']);
  assert.equal(u.complete, false);
  assert.equal(u.prefix, 0, 'a set has no positions');
  const whole = known(out('  out = setunion(["b", "a"], ["a", "c"])'));
  assert.deepEqual(whole.items, ['a', 'b', 'c']);
  assert.equal(whole.complete, true);
  const s = known(out('  out = toset(concat(["b", "a", "b"], var.extra))'));
  assert.deepEqual(s.items.sort(), ['a', 'b']);
  assert.equal(s.complete, false);
});

test('tolist and tomap keep what is known', () => {
  const l = known(out('  out = tolist(concat(["a"], var.extra))'));
  assert.deepEqual(l.items, ['a']);
  assert.equal(l.complete, false);
  const m = out('  out = tomap(merge(var.extra, { team = "net" }))');
  assert.equal(m.k, 'map');
  assert.equal(m.k === 'map' && m.entries.get('team')?.k, 'string');
  assert.ok(m.k === 'map' && m.open?.why, 'the map may hold more keys');
});

test('a splat over a partly known list is partly known', () => {
  const k = known(out('  l = concat([{ id = "a" }], var.extra)\n  out = local.l[*].id'));
  assert.deepEqual(k.items, ['a']);
  assert.equal(k.complete, false);
});

test('a for expression keeps the elements it can compute; an unknown condition leaves its element out', () => {
  const k = known(out('  out = [for s in concat(["a", "b"], var.extra) : upper(s)]'));
  assert.deepEqual(k.items, ['A', 'B']);
  assert.equal(k.complete, false);
  const c = known(out('  out = [for s in ["a", "b", "c"] : s if (s == "b" ? var.flag : true)]'));
  assert.deepEqual(c.items, ['a', 'c']);
  assert.equal(c.complete, false);
  assert.equal(c.prefix, 1);
  const m = out('  out = { for s in concat(["a"], var.extra) : s => upper(s) }');
  assert.equal(m.k === 'map' && m.entries.get('a')?.k, 'string');
  assert.ok(m.k === 'map' && m.open, 'an object built over a partly known list may hold more keys');
});

test('a conditional with an unknown condition keeps what both branches agree on', () => {
  const k = known(
    out('  ids = [aws_subnet.a.id, aws_subnet.b.id]\n  out = var.flag ? concat(local.ids, var.extra) : local.ids'),
  );
  assert.deepEqual(k.items, ['ref:aws_subnet.a', 'ref:aws_subnet.b']);
  assert.equal(k.complete, false);
  assert.equal(k.prefix, 2);
  assert.equal(out('  out = var.flag ? "a" : "a"').k, 'string');
  assert.equal(out('  out = var.flag ? "a" : "b"').k, 'unknown');
  const m = out('  out = var.flag ? { a = "1", b = "2" } : { a = "1", b = "3" }');
  assert.equal(m.k === 'map' && m.entries.get('a')?.k, 'string');
  assert.equal(m.k === 'map' && m.entries.has('b'), false, 'entries the branches disagree on are not kept');
  assert.ok(m.k === 'map' && m.open);
});

const CLUSTER = (subnetIds: string) => `
variable "extra_subnet_ids" {
  type = list(string)
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-west-2a"
}

resource "aws_eks_cluster" "c" {
  name     = "c"
  role_arn = "arn"
  vpc_config {
    subnet_ids = ${subnetIds}
  }
}

resource "aws_eks_node_group" "ng" {
  cluster_name  = aws_eks_cluster.c.name
  subnet_ids    = ${subnetIds}
  instance_types = ["m5.large"]
  scaling_config {
    min_size     = 1
    max_size     = 2
    desired_size = 1
  }
}
`;

function analyze(text: string) {
  const engine = new Engine();
  engine.setFile('/w/main.tf', text);
  return engine.analyze();
}

test('a cluster whose subnet_ids is partly known keeps the known subnets and is marked incomplete', () => {
  const { model, findings } = analyze(CLUSTER('concat([aws_subnet.a.id], var.extra_subnet_ids)'));
  const cl = model.clusters[0];
  assert.deepEqual(
    cl.subnets.map((k) => model.subnets.find((s) => s.key === k)?.name),
    ['aws_subnet.a'],
  );
  assert.match(cl.subnetsIncomplete ?? '', /extra_subnet_ids/);
  assert.equal(cl.vpc, model.vpcs[0].key, 'the VPC is still seen as the cluster VPC');
  const ng = model.nodeGroups[0];
  assert.equal(ng.subnets.length, 1);
  assert.ok(ng.subnetsIncomplete);
  const all = findings;
  // Needs the whole list: silent. Needs one member: acts (the VPC is an EKS VPC, so its subnet's tags are checked).
  assert.equal(all.filter((f) => f.ruleId === 'cluster-subnets-single-az').length, 0);
  assert.ok(all.some((f) => f.ruleId === 'subnet-missing-internal-elb-tag' || f.ruleId === 'subnet-missing-elb-tag'));
});

test('the same cluster with its whole list known in one zone is reported', () => {
  const { model, findings } = analyze(CLUSTER('[aws_subnet.a.id]'));
  assert.equal(model.clusters[0].subnetsIncomplete, undefined);
  const all = findings;
  assert.equal(all.filter((f) => f.ruleId === 'cluster-subnets-single-az').length, 1);
});

test('an element that is not a subnet of this configuration makes the list incomplete', () => {
  for (const ids of ['[aws_subnet.a.id, "subnet-0abc"]', '[aws_subnet.a.id, var.extra_subnet_ids[0]]']) {
    const { model, findings } = analyze(CLUSTER(ids));
    assert.ok(model.clusters[0].subnetsIncomplete, ids);
    const all = findings;
    assert.equal(all.filter((f) => f.ruleId === 'cluster-subnets-single-az').length, 0, ids);
  }
});

test('a for expression over a map that may hold more keys may hold more too', () => {
  const m = out('  out = { for k, v in merge(var.extra, { team = "net" }) : k => upper(v) }');
  assert.equal(m.k === 'map' && m.entries.get('team')?.k, 'string');
  assert.ok(m.k === 'map' && m.open, 'the result is open');
  const l = known(out('  out = [for k, v in merge(var.extra, { team = "net" }) : v]'));
  assert.deepEqual(l.items, ['net']);
  assert.equal(l.complete, false);
});
