import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';

const CONFIG = [
  'apiVersion: eksctl.io/v1alpha5',
  'kind: ClusterConfig',
  'metadata: {name: demo, region: us-west-2}',
  'vpc:',
  '  cidr: 10.0.0.0/16',
  '  extraCIDRs: ["100.64.0.0/16"]',
  '  subnets:',
  '    private:',
  '      us-west-2a: { cidr: 10.0.0.0/24 }',
  '      us-west-2b: { cidr: "10.0.0.128/25" }',
  '      pods-a: { az: us-west-2a, cidr: 100.64.0.0/28 }',
  '      bad: { az: us-west-2b, cidr: 10.0.5.1/24 }',
  '      old: { id: subnet-0123456789abcdef0 }',
  'kubernetesNetworkConfig: {serviceIPv4CIDR: 172.20.0.0/16}',
  '',
].join('\n');

test('inlay hints: usable addresses right after each valid subnet CIDR, none for unresolved or invalid ones', () => {
  const engine = engineOf({ 'c.yaml': CONFIG });
  const hints = engine.inlayHints('c.yaml');
  const after = (needle: string) => CONFIG.indexOf(needle) + needle.length;
  assert.deepEqual(hints, [
    { offset: after('10.0.0.0/24'), label: ' 251 usable' },
    // The hint goes after the closing quote, outside the string.
    { offset: after('"10.0.0.128/25"'), label: ' 123 usable' },
    { offset: after('100.64.0.0/28'), label: ' 11 usable' },
  ]);
  assert.deepEqual(engine.inlayHints('missing.yaml'), []);
});

test('inlay hints are off when settings.inlayHints is false', () => {
  assert.deepEqual(engineOf({ 'c.yaml': CONFIG }, { inlayHints: false }).inlayHints('c.yaml'), []);
});

test('hover on a subnet CIDR: numbers, reserved five, containing VPC block and overlapping subnets', () => {
  const engine = engineOf({ 'c.yaml': CONFIG });
  const h = engine.hover('c.yaml', CONFIG.indexOf('10.0.0.0/24') + 3);
  assert.ok(h);
  assert.equal(CONFIG.slice(h.span.start, h.span.end), '10.0.0.0/24');
  for (const part of [
    '**10.0.0.0/24** · Subnet block',
    '| First address | 10.0.0.0 |',
    '| Last address | 10.0.0.255 |',
    '| Addresses | 256 |',
    '| AWS-usable (as a subnet) | 251: 10.0.0.4 to 10.0.0.254 |',
    '10.0.0.0 (network address), 10.0.0.1 (VPC router), 10.0.0.2 (Amazon DNS), 10.0.0.3 (reserved for future use), 10.0.0.255 (last address)',
    'Inside VPC block 10.0.0.0/16 of demo/vpc.',
    'Overlaps: private subnet us-west-2b (10.0.0.128/25).',
  ])
    assert.ok(h.contents.includes(part), `missing ${part} in\n${h.contents}`);
});

test('hover on a secondary-block subnet names the secondary block; on a VPC block lists its subnets', () => {
  const engine = engineOf({ 'c.yaml': CONFIG });
  const sub = engine.hover('c.yaml', CONFIG.indexOf('100.64.0.0/28'));
  assert.match(sub?.contents ?? '', /Inside VPC block 100\.64\.0\.0\/16 of demo\/vpc\./);
  const vpc = engine.hover('c.yaml', CONFIG.indexOf('10.0.0.0/16'));
  assert.match(vpc?.contents ?? '', /\*\*10\.0\.0\.0\/16\*\* · VPC block/);
  assert.match(
    vpc?.contents ?? '',
    /Subnets in this block: private subnet us-west-2a \(10\.0\.0\.0\/24\), private subnet us-west-2b/,
  );
});

test('hover on a host-bits CIDR explains the network AWS uses; on the default eksctl VPC says where it comes from', () => {
  const engine = engineOf({ 'c.yaml': CONFIG });
  const bad = engine.hover('c.yaml', CONFIG.indexOf('10.0.5.1/24'));
  assert.match(bad?.contents ?? '', /^\*\*10\.0\.5\.0\/24\*\* · Subnet block/);
  assert.match(bad?.contents ?? '', /Written as `10\.0\.5\.1\/24`, which has host bits set/);
  const text =
    'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a}\nvpc:\n  nat: {gateway: Single}\n';
  const d = engineOf({ 'd.yaml': text }).hover('d.yaml', text.indexOf('vpc:') + 1);
  assert.match(
    d?.contents ?? '',
    /\*\*192\.168\.0\.0\/16\*\* · VPC block \(eksctl's default, because the config sets no vpc\.cidr\)/,
  );
});

test('hover on IPv6 blocks counts in powers of two', () => {
  const text =
    'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a}\nvpc:\n  cidr: 10.0.0.0/16\n  ipv6Cidr: "2600:1f14:abc:de00::/56"\n';
  const h = engineOf({ 'c.yaml': text }).hover('c.yaml', text.indexOf('2600'));
  assert.match(h?.contents ?? '', /\| Addresses \| 2\^72 \|/);
  assert.match(
    h?.contents ?? '',
    /\| AWS-usable \(as a subnet\) \| 2\^72 − 5: 2600:1f14:abc:de00::4 to 2600:1f14:abc:deff:ffff:ffff:ffff:fffe \|/,
  );
});
