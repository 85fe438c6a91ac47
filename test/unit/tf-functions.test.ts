import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUNCTIONS } from '../../server/src/evaluators/terraform/functions';
import { toPlain, str, num, list, unknown, type TfValue } from '../../server/src/evaluators/terraform/values';

const call = (name: string, ...args: TfValue[]) => FUNCTIONS[name](args);
const plain = (name: string, ...args: TfValue[]) => toPlain(call(name, ...args));
const strs = (...s: string[]) => list(s.map((x) => str(x)));

// Expected values are the examples in Terraform's function documentation.
test('cidrsubnet matches the Terraform documentation (IPv4 and IPv6)', () => {
  assert.equal(plain('cidrsubnet', str('172.16.0.0/12'), num(4), num(2)), '172.18.0.0/16');
  assert.equal(plain('cidrsubnet', str('10.1.2.0/24'), num(4), num(15)), '10.1.2.240/28');
  assert.equal(
    plain('cidrsubnet', str('fd00:fd12:3456:7890::/56'), num(16), num(162)),
    'fd00:fd12:3456:7800:a200::/72',
  );
  // Host bits in the prefix are masked, as Go's ParseCIDR does.
  assert.equal(plain('cidrsubnet', str('10.0.0.5/16'), num(8), num(1)), '10.0.1.0/24');
});

test('cidrsubnet rejects a netnum that does not fit and a prefix that is too long', () => {
  const a = call('cidrsubnet', str('10.0.0.0/16'), num(2), num(4));
  assert.equal(a.k === 'unknown' && a.error, true);
  const b = call('cidrsubnet', str('10.0.0.0/30'), num(4), num(0));
  assert.equal(b.k === 'unknown' && b.error, true);
});

test('cidrhost matches the documentation, including negative host numbers', () => {
  assert.equal(plain('cidrhost', str('10.12.112.0/20'), num(16)), '10.12.112.16');
  assert.equal(plain('cidrhost', str('10.12.112.0/20'), num(268)), '10.12.113.12');
  assert.equal(plain('cidrhost', str('fd00:fd12:3456:7890:00a2::/72'), num(34)), 'fd00:fd12:3456:7890::22');
  assert.equal(plain('cidrhost', str('10.0.0.0/24'), num(-1)), '10.0.0.255');
});

test('cidrnetmask and cidrsubnets match the documentation', () => {
  assert.equal(plain('cidrnetmask', str('172.16.0.0/12')), '255.240.0.0');
  assert.deepEqual(plain('cidrsubnets', str('10.1.0.0/16'), num(4), num(4), num(8), num(4)), [
    '10.1.0.0/20',
    '10.1.16.0/20',
    '10.1.32.0/24',
    '10.1.48.0/20',
  ]);
  assert.deepEqual(plain('cidrsubnets', str('fd00:fd12:3456:7890::/56'), num(16), num(16), num(16), num(32)), [
    'fd00:fd12:3456:7800::/72',
    'fd00:fd12:3456:7800:100::/72',
    'fd00:fd12:3456:7800:200::/72',
    'fd00:fd12:3456:7800:300::/88',
  ]);
});

test('slice of an unknown list (a data source) has a known length', () => {
  const v = call('slice', unknown('data source'), num(0), num(3));
  assert.equal(v.k, 'list');
  assert.equal(v.k === 'list' && v.items.length, 3);
  assert.equal(plain('length', v), 3);
  assert.deepEqual(plain('slice', strs('a', 'b', 'c', 'd'), num(1), num(3)), ['b', 'c']);
});

test('collection functions follow Terraform semantics', () => {
  assert.deepEqual(plain('concat', strs('a'), strs('b', 'c')), ['a', 'b', 'c']);
  assert.equal(plain('element', strs('a', 'b', 'c'), num(4)), 'b');
  assert.deepEqual(plain('range', num(3)), [0, 1, 2]);
  assert.deepEqual(plain('range', num(1), num(7), num(2)), [1, 3, 5]);
  assert.deepEqual(plain('zipmap', strs('a', 'b'), strs('1', '2')), { a: '1', b: '2' });
  const m = call('merge', call('zipmap', strs('a', 'b'), strs('1', '2')), call('zipmap', strs('b'), strs('3')));
  assert.deepEqual(toPlain(m), { a: '1', b: '3' });
  assert.equal(plain('lookup', m, str('x'), str('d')), 'd');
  assert.deepEqual(plain('keys', m), ['a', 'b']);
  assert.deepEqual(plain('values', m), ['1', '3']);
  assert.deepEqual(plain('toset', strs('b', 'a', 'b')), ['a', 'b']);
  assert.deepEqual(plain('tolist', strs('x')), ['x']);
  assert.deepEqual(plain('tomap', m), { a: '1', b: '3' });
  assert.deepEqual(plain('flatten', list([strs('a'), list([strs('b')])])), ['a', 'b']);
  assert.deepEqual(plain('distinct', strs('a', 'b', 'a')), ['a', 'b']);
  assert.equal(plain('length', str('héllo')), 5);
});

test('merge with an unknown map keeps the known keys but stays open', () => {
  const v = call('merge', unknown('var.tags has no value'), call('zipmap', strs('k'), strs('v')));
  assert.equal(v.k === 'map' && v.open?.why, 'var.tags has no value');
  assert.equal(v.k === 'map' && v.entries.get('k')?.k, 'string');
});

test('string functions', () => {
  assert.equal(plain('format', str('%s-%03d'), str('subnet'), num(7)), 'subnet-007');
  assert.equal(plain('format', str('%v%%'), num(50)), '50%');
  assert.equal(plain('join', str(','), strs('a', 'b')), 'a,b');
  assert.deepEqual(plain('split', str(','), str('a,b')), ['a', 'b']);
  assert.equal(plain('min', num(3), num(1)), 1);
  assert.equal(plain('max', num(3), num(1)), 3);
  assert.equal(plain('coalesce', str(''), str('x')), 'x');
  assert.equal(plain('jsonencode', call('zipmap', strs('b', 'a'), strs('1', '2'))), '{"a":"2","b":"1"}');
  assert.deepEqual(plain('jsondecode', str('{"a":[1,true]}')), { a: [1, true] });
  assert.deepEqual(plain('yamldecode', str('env:\n  X: "1"\n')), { env: { X: '1' } });
});

test('an unknown argument makes the result unknown, never a guess', () => {
  assert.equal(call('cidrsubnet', unknown('var.cidr has no value'), num(4), num(1)).k, 'unknown');
  assert.equal(call('jsonencode', list([unknown('x')])).k, 'unknown');
  assert.equal(call('join', str(','), list([unknown('x')])).k, 'unknown');
});
