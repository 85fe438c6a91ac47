import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl, parseHcl } from '../../server/src/parsers/hcl';
import { TfModule, type ModuleHost } from '../../server/src/evaluators/terraform/module';
import { FUNCTIONS } from '../../server/src/evaluators/terraform/functions';
import { toPlain, str, num, list, NULL, type TfValue } from '../../server/src/evaluators/terraform/values';

/**
 * Cases the "fixtures cover each function, construct and resource" asks for that the other
 * Terraform tests leave open: the branch not taken, the key that is found, the list `for` with `if`.
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const host: ModuleHost = { registryOutputs: () => undefined, localFiles: () => undefined };
const out = (locals: string): TfValue =>
  new TfModule('m', [{ id: 'm/main.tf', body: parseHcl(`locals {\n${locals}\n}\n`)!.body }], host).local('out');
const call = (name: string, ...args: TfValue[]) => toPlain(FUNCTIONS[name](args));

test('lookup finds a present key; coalesce skips null and empty strings; tolist keeps order', () => {
  const m = FUNCTIONS.zipmap([list([str('a')]), list([str('1')])]);
  assert.equal(call('lookup', m, str('a'), str('d')), '1');
  assert.equal(call('coalesce', NULL, str(''), str('x'), str('y')), 'x');
  assert.deepEqual(call('tolist', list([str('b'), str('a')])), ['b', 'a']);
  assert.equal(call('element', list([str('a'), str('b')]), num(1)), 'b');
});

test('base64encode matches the Terraform documentation example', () => {
  assert.equal(call('base64encode', str('Hello World')), 'SGVsbG8gV29ybGQ=');
});

test('conditionals take the false branch; an unknown condition is unknown, not a guess', () => {
  assert.equal(toPlain(out('  out = 1 > 2 ? "a" : "b"')), 'b');
  const v = out('  out = data.aws_region.current.name == "us-west-2" ? "a" : "b"');
  assert.equal(v.k === 'unknown' && !v.error, true);
});

test('a list for expression with if filters items; a splat of a single object or null', () => {
  assert.deepEqual(toPlain(out('  out = [for s in ["a", "bb", "c"] : upper(s) if length(s) == 1]')), ['A', 'C']);
  assert.deepEqual(toPlain(out('  o = { n = "x" }\n  out = local.o[*].n')), ['x']);
  assert.deepEqual(toPlain(out('  o = null\n  out = local.o[*].n')), []);
});

test('try returns its first argument that works; templates convert numbers and bools and keep $${ literal', () => {
  assert.equal(toPlain(out('  m = { x = "found" }\n  out = try(local.m.x, "fallback")')), 'found');
  assert.equal(toPlain(out('  out = "n=${2}, b=${true}, $${literal}"')), 'n=2, b=true, ${literal}');
});
