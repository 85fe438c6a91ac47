import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  awsUsable,
  cidrOf,
  contains,
  firstUsable,
  formatAddress,
  isPrivateRfc1918,
  isWithin,
  lastUsable,
  overlaps,
  parseCidr,
  reservedAddresses,
  secondaryCidrRestriction,
  size,
  CGNAT,
  type Cidr,
} from '../../server/src/base/cidr';
import { findContainer, findOverlaps } from '../../server/src/model/overlap';

test('valid blocks are canonicalised', () => {
  const cases: Array<[string, string, 4 | 6, number]> = [
    ['10.0.0.0/16', '10.0.0.0/16', 4, 16],
    ['0.0.0.0/0', '0.0.0.0/0', 4, 0],
    ['255.255.255.255/32', '255.255.255.255/32', 4, 32],
    ['2600:1F14:0ABC:DE00:0000:0000:0000:0000/56', '2600:1f14:abc:de00::/56', 6, 56],
    ['::/0', '::/0', 6, 0],
    ['::1/128', '::1/128', 6, 128],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128', 6, 128],
    ['2001:0:0:1:0:0:0:1/128', '2001:0:0:1::1/128', 6, 128],
    ['2001:db8:0:1:1:1:1:1/128', '2001:db8:0:1:1:1:1:1/128', 6, 128],
    ['1:2:3:4:5:6:7::/128', '1:2:3:4:5:6:7:0/128', 6, 128],
    ['::ffff:10.0.0.0/104', '::ffff:a00:0/104', 6, 104],
  ];
  for (const [input, text, version, prefix] of cases) {
    const r = parseCidr(input);
    assert.ok(r.ok, input);
    assert.deepEqual([r.cidr.text, r.cidr.version, r.cidr.prefix], [text, version, prefix], input);
    assert.equal(cidrOf(r.cidr.text).text, text, 'canonical text parses to itself');
  }
  assert.equal(size(cidrOf('0.0.0.0/0')), 1n << 32n);
  assert.equal(size(cidrOf('::/0')), 1n << 128n);
  assert.equal(size(cidrOf('1.2.3.4/32')), 1n);
  assert.equal(size(cidrOf('::1/128')), 1n);
  const v6 = cidrOf('2001:db8::/64');
  assert.deepEqual([v6.start, v6.end], [0x20010db8n << 96n, (0x20010db8n << 96n) + (1n << 64n) - 1n]);
});

test('host bits are rejected with the canonical network', () => {
  const cases: Array<[string, string]> = [
    ['10.0.0.5/16', '10.0.0.0/16'],
    ['100.68.0.18/18', '100.68.0.0/18'],
    ['10.0.0.1/0', '0.0.0.0/0'],
    ['2001:DB8::5/64', '2001:db8::/64'],
    ['2600:1f14:abc:de12::/56', '2600:1f14:abc:de00::/56'],
  ];
  for (const [input, network] of cases) {
    const r = parseCidr(input);
    assert.ok(!r.ok && r.reason === 'host-bits', input);
    assert.equal(r.network, network);
    assert.match(r.message, new RegExp(network.replace(/\./g, '\\.')));
  }
});

test('malformed blocks are syntax errors', () => {
  const bad = [
    '',
    '10.0.0.0',
    '10.0.0.0/',
    '/8',
    '10.0.0.0/33',
    '256.0.0.0/8',
    ' 10.0.0.0/8',
    '10.0.0.0/8 ',
    '10.0.0.0/8\n',
    '10.0.0.0/016',
    '10.0.0.0/08',
    '010.0.0.0/8',
    '10.00.0.0/8',
    '10.0.0/8',
    '1.2.3.4.5/32',
    '10.0.0.0/8/8',
    '10.0.0.0/-1',
    '10.0.0.0/+8',
    '10.0.0.0 /8',
    '0x0a.0.0.0/8',
    '１0.0.0.0/8',
    '2001:db8::/129',
    '2001:db8::/064',
    '2001:db8::',
    'fe80::1%eth0/64',
    '[2001:db8::]/64',
    '1::2::3/64',
    '12345::/16',
    '::ffff:010.0.0.0/104',
  ];
  for (const input of bad) {
    const r = parseCidr(input);
    assert.ok(!r.ok && r.reason === 'syntax', JSON.stringify(input));
    assert.ok(r.message.length > 10);
  }
  assert.match((parseCidr('010.0.0.0/8') as { message: string }).message, /leading zero/);
});

test('AWS usable and reserved addresses', () => {
  assert.equal(awsUsable(cidrOf('10.0.0.0/28')), 11n);
  assert.equal(awsUsable(cidrOf('10.0.0.0/24')), 251n);
  assert.equal(awsUsable(cidrOf('10.0.0.0/16')), 65531n);
  assert.equal(awsUsable(cidrOf('10.0.0.0/29')), 3n);
  assert.equal(awsUsable(cidrOf('10.0.0.0/30')), 0n);
  assert.equal(awsUsable(cidrOf('10.0.0.0/32')), 0n);
  assert.equal(awsUsable(cidrOf('::/0')), (1n << 128n) - 5n);
  const c24 = cidrOf('10.0.0.0/24');
  assert.deepEqual(reservedAddresses(c24), ['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.255']);
  assert.deepEqual([firstUsable(c24), lastUsable(c24)], ['10.0.0.4', '10.0.0.254']);
  const c64 = cidrOf('2001:db8::/64');
  assert.deepEqual(reservedAddresses(c64), [
    '2001:db8::',
    '2001:db8::1',
    '2001:db8::2',
    '2001:db8::3',
    '2001:db8::ffff:ffff:ffff:ffff',
  ]);
  assert.deepEqual([firstUsable(c64), lastUsable(c64)], ['2001:db8::4', '2001:db8::ffff:ffff:ffff:fffe']);
  assert.deepEqual(reservedAddresses(cidrOf('10.0.0.0/30')), ['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3']);
  assert.deepEqual(reservedAddresses(cidrOf('10.0.0.7/32')), ['10.0.0.7']);
  assert.equal(firstUsable(cidrOf('10.0.0.0/30')), undefined);
  assert.equal(lastUsable(cidrOf('10.0.0.0/32')), undefined);
  assert.throws(() => formatAddress(4, 1n << 32n), RangeError);
  assert.throws(() => formatAddress(6, -1n), RangeError);
});

test('RFC 1918, CGNAT and containment helpers', () => {
  for (const [text, expected] of [
    ['10.1.0.0/16', true],
    ['172.31.255.0/24', true],
    ['192.168.0.0/16', true],
    ['172.32.0.0/16', false],
    ['100.64.0.0/16', false],
    ['10.0.0.0/7', false],
    ['fd00::/8', false],
  ] as const)
    assert.equal(isPrivateRfc1918(cidrOf(text)), expected, text);
  assert.ok(isWithin(cidrOf('100.64.1.0/24'), CGNAT));
  assert.ok(!isWithin(cidrOf('100.128.0.0/16'), CGNAT, cidrOf('10.0.0.0/8')));
  assert.ok(!overlaps(cidrOf('0.0.0.0/0'), cidrOf('::/0')), 'families never overlap');
  assert.ok(!overlaps(cidrOf('10.0.0.0/25'), cidrOf('10.0.0.128/25')), 'adjacent blocks');
  const vpc = [
    { cidr: cidrOf('10.0.0.0/8'), item: 'wide' },
    { cidr: cidrOf('10.0.0.0/16'), item: 'vpc' },
  ];
  assert.equal(findContainer(vpc, cidrOf('10.0.1.0/24')), 'vpc');
  assert.equal(findContainer(vpc, cidrOf('10.1.0.0/24')), 'wide');
  assert.equal(findContainer(vpc, cidrOf('11.0.0.0/24')), undefined);
});

// Each row of the VPCUG association restriction table: [existing blocks, candidate, restricted?].
const RESTRICTION_TABLE: Array<[string, string[], string, boolean]> = [
  ['10/8: other RFC 1918', ['10.2.0.0/16'], '172.16.0.0/16', true],
  ['10/8: other RFC 1918', ['10.2.0.0/16'], '192.168.0.0/16', true],
  ['10/8: 198.19', ['10.2.0.0/16'], '198.19.0.0/16', true],
  ['10/8: other 10/8', ['10.2.0.0/16'], '10.3.0.0/16', false],
  ['10/8: 10.0/16 is fine when nothing is in 10.0/15', ['10.2.0.0/16'], '10.0.0.0/16', false],
  ['10/8: 10.0/15 clause', ['10.1.0.0/16'], '10.0.0.0/16', true],
  ['10/8: 10.0/15 clause, smaller candidate', ['10.1.128.0/20'], '10.0.128.0/17', true],
  ['10/8: 10.0/15 clause does not block 10.2/16', ['10.1.0.0/16'], '10.2.0.0/16', false],
  ['10/8: public', ['10.2.0.0/16'], '52.0.0.0/16', false],
  ['10/8: CGNAT', ['10.2.0.0/16'], '100.64.0.0/16', false],
  ['169.254: never, even alone', [], '169.254.0.0/16', true],
  ['169.254: never', ['10.2.0.0/16'], '169.254.10.0/24', true],
  ['172.16/12: other RFC 1918', ['172.20.0.0/16'], '10.0.0.0/16', true],
  ['172.16/12: other RFC 1918', ['172.20.0.0/16'], '192.168.0.0/16', true],
  ['172.16/12: 172.31/16', ['172.20.0.0/16'], '172.31.16.0/20', true],
  ['172.16/12: 198.19', ['172.20.0.0/16'], '198.19.0.0/16', true],
  ['172.16/12: other 172.16/12', ['172.20.0.0/16'], '172.21.0.0/16', false],
  ['172.16/12: public', ['172.20.0.0/16'], '52.0.0.0/16', false],
  ['172.16/12: CGNAT', ['172.20.0.0/16'], '100.64.0.0/16', false],
  ['192.168/16: other RFC 1918', ['192.168.0.0/20'], '10.0.0.0/16', true],
  ['192.168/16: other RFC 1918', ['192.168.0.0/20'], '172.16.0.0/16', true],
  ['192.168/16: 198.19', ['192.168.0.0/20'], '198.19.0.0/16', true],
  ['192.168/16: other 192.168', ['192.168.0.0/20'], '192.168.16.0/20', false],
  ['192.168/16: public', ['192.168.0.0/20'], '52.0.0.0/16', false],
  ['192.168/16: CGNAT', ['192.168.0.0/20'], '100.64.0.0/16', false],
  ['198.19: RFC 1918', ['198.19.0.0/16'], '10.0.0.0/16', true],
  ['198.19: RFC 1918', ['198.19.0.0/16'], '172.16.0.0/16', true],
  ['198.19: RFC 1918', ['198.19.0.0/16'], '192.168.0.0/16', true],
  ['198.19: public', ['198.19.0.0/16'], '52.0.0.0/16', false],
  ['198.19: CGNAT', ['198.19.0.0/16'], '100.64.0.0/16', false],
  ['public: RFC 1918', ['52.0.0.0/16'], '10.0.0.0/16', true],
  ['public: 198.19', ['52.0.0.0/16'], '198.19.0.0/16', true],
  ['public: other public', ['52.0.0.0/16'], '54.0.0.0/16', false],
  ['public: CGNAT', ['52.0.0.0/16'], '100.64.0.0/16', false],
  ['CGNAT: RFC 1918', ['100.64.0.0/16'], '192.168.0.0/16', true],
  ['CGNAT: 198.19', ['100.64.0.0/16'], '198.19.0.0/16', true],
  ['CGNAT: other CGNAT', ['100.64.0.0/16'], '100.65.0.0/16', false],
  ['straddling candidate touches 10/8', ['172.20.0.0/16'], '10.0.0.0/7', true],
  ['IPv6 is outside the table', ['10.2.0.0/16', '2600:1f14:abc:de00::/56'], '2600:1f14:abc:df00::/56', false],
  ['the candidate itself in the list is skipped', ['10.1.0.0/16', '10.0.0.0/16'], '10.0.0.0/16', true],
  ['identical block alone is not a table conflict', ['10.0.0.0/16'], '10.0.0.0/16', false],
];

test('secondary CIDR association restriction table', () => {
  for (const [name, existing, candidate, restricted] of RESTRICTION_TABLE) {
    const result = secondaryCidrRestriction(existing.map(cidrOf), cidrOf(candidate));
    assert.equal(result.restricted, restricted, `${name}: ${existing.join(',')} + ${candidate}`);
    if (!restricted) continue;
    assert.ok(result.reason?.includes(candidate), `${name}: reason names the candidate`);
    if (result.conflictsWith)
      assert.ok(result.reason?.includes(result.conflictsWith), `${name}: reason names ${result.conflictsWith}`);
    else assert.match(result.reason ?? '', /link-local/);
  }
  const mixed = secondaryCidrRestriction([cidrOf('100.64.0.0/16'), cidrOf('10.2.0.0/16')], cidrOf('172.16.0.0/16'));
  assert.equal(mixed.conflictsWith, '100.64.0.0/16');
  assert.equal(
    mixed.reason,
    '172.16.0.0/16 cannot be associated: the VPC already has 100.64.0.0/16, which is publicly routable or in 100.64.0.0/10, so AWS does not allow blocks from the RFC 1918 ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16).',
  );
});

// Random blocks: clustered near a few bases so that nesting, duplicates and
// adjacency are frequent, plus fully random ones, with /0, /32 and /128 likely.
const blockArb: fc.Arbitrary<Cidr> = fc.constantFrom(4 as const, 6 as const).chain((version) => {
  const width = version === 4 ? 32 : 128;
  const base = version === 4 ? 0x0a000000n : 0x26001f14_0abc_de00n << 64n;
  const value = fc.oneof(
    fc.bigInt({ min: 0n, max: (1n << BigInt(width)) - 1n }),
    fc.bigInt({ min: 0n, max: 1n << 12n }).map((n) => base + (n << BigInt(width - 24))),
    fc.bigInt({ min: 0n, max: 1023n }).map((n) => base + n),
  );
  const prefix = fc.oneof(
    fc.integer({ min: 0, max: width }),
    fc.constantFrom(0, 1, width - 1, width),
    fc.integer({ min: 20, max: 28 }),
  );
  return fc.tuple(value, prefix).map(([v, p]) => {
    const mask = (1n << BigInt(width - p)) - 1n;
    return cidrOf(`${formatAddress(version, v & ~mask)}/${p}`);
  });
});

// A block derived from `c` that sits exactly on an edge case for interval
// code: itself, its first or last single address, its sibling, its parent, or
// a sub-block starting at its last possible aligned position.
const widthOf = (c: Cidr) => (c.version === 4 ? 32 : 128);
const block = (version: 4 | 6, start: bigint, prefix: number) =>
  cidrOf(`${formatAddress(version, start & ~((1n << BigInt((version === 4 ? 32 : 128) - prefix)) - 1n))}/${prefix}`);
const relatedArb = (c: Cidr): fc.Arbitrary<Cidr> => {
  const w = widthOf(c);
  return fc.oneof(
    fc.constant(c),
    fc.constant(block(c.version, c.start, w)),
    fc.constant(block(c.version, c.end, w)),
    fc.constant(c.prefix === 0 ? c : block(c.version, c.start ^ (1n << BigInt(w - c.prefix)), c.prefix)),
    fc.constant(c.prefix === 0 ? c : block(c.version, c.start, c.prefix - 1)),
    fc.integer({ min: c.prefix, max: w }).map((p) => block(c.version, c.end, p)),
    fc.constant(c.end === (1n << BigInt(w)) - 1n ? c : block(c.version, c.end + 1n, w)),
  );
};
const pairArb = blockArb.chain((a) => fc.tuple(fc.constant(a), fc.oneof(blockArb, relatedArb(a))));
const listArb = fc
  .array(blockArb, { maxLength: 20 })
  .chain((bs) =>
    bs.length === 0
      ? fc.constant(bs)
      : fc.array(fc.constantFrom(...bs).chain(relatedArb), { maxLength: 20 }).map((extra) => [...bs, ...extra]),
  );

// Reference model: prefix comparison of binary strings, independent of the
// start/end interval arithmetic under test.
const bits = (c: Cidr) =>
  c.start
    .toString(2)
    .padStart(c.version === 4 ? 32 : 128, '0')
    .slice(0, c.prefix);
const refContains = (o: Cidr, i: Cidr) =>
  o.version === i.version && o.prefix <= i.prefix && bits(i).startsWith(bits(o));
const refOverlaps = (a: Cidr, b: Cidr) => refContains(a, b) || refContains(b, a);

test('contains and overlaps agree with a bit-prefix reference', () => {
  fc.assert(
    fc.property(pairArb, ([a, b]) => {
      assert.equal(contains(a, b), refContains(a, b));
      assert.equal(overlaps(a, b), refOverlaps(a, b));
      assert.equal(overlaps(a, b), overlaps(b, a));
    }),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(
      blockArb.filter((c) => c.prefix > 0),
      (c) => {
        // The sibling block shares the parent but not a single address.
        const width = c.version === 4 ? 32 : 128;
        const sibling = cidrOf(`${formatAddress(c.version, c.start ^ (1n << BigInt(width - c.prefix)))}/${c.prefix}`);
        assert.ok(!overlaps(c, sibling) && !contains(c, sibling));
        assert.equal(
          size(c) + size(sibling),
          size(
            cidrOf(`${formatAddress(c.version, c.start < sibling.start ? c.start : sibling.start)}/${c.prefix - 1}`),
          ),
        );
      },
    ),
    { numRuns: 1000 },
  );
});

test('findOverlaps matches brute force pairwise comparison', () => {
  fc.assert(
    fc.property(listArb, (blocks) => {
      const items = blocks.map((cidr, item) => ({ cidr, item }));
      const found = findOverlaps(items).map(([a, b]) => (a < b ? `${a}-${b}` : `${b}-${a}`));
      const expected: string[] = [];
      for (let i = 0; i < blocks.length; i++) {
        for (let j = i + 1; j < blocks.length; j++) if (refOverlaps(blocks[i], blocks[j])) expected.push(`${i}-${j}`);
      }
      assert.deepEqual([...found].sort(), expected.sort());
      assert.equal(new Set(found).size, found.length, 'each pair once');
    }),
    { numRuns: 500 },
  );
});

test('findOverlaps examples', () => {
  const items = ['10.0.0.0/25', '10.0.0.128/25', '10.0.0.0/24', '::/0', '0.0.0.0/0'].map((t) => ({
    cidr: cidrOf(t),
    item: t,
  }));
  // Pair order within the result is unspecified; within a pair the larger block comes first.
  assert.deepEqual(
    findOverlaps(items)
      .map((p) => p.join(' '))
      .sort(),
    [
      '0.0.0.0/0 10.0.0.0/24',
      '0.0.0.0/0 10.0.0.0/25',
      '0.0.0.0/0 10.0.0.128/25',
      '10.0.0.0/24 10.0.0.0/25',
      '10.0.0.0/24 10.0.0.128/25',
    ],
  );
  assert.deepEqual(findOverlaps([]), []);
  const edge = ['10.0.0.255/32', '10.0.0.0/24', '10.0.0.255/32', '10.0.1.0/32'].map((t, i) => ({
    cidr: cidrOf(t),
    item: i,
  }));
  assert.deepEqual(
    findOverlaps(edge)
      .map((p) => p.join(' '))
      .sort(),
    ['0 2', '1 0', '1 2'],
  );
});

test('IPv6 formatting matches the WHATWG (RFC 5952 style) serialiser and parses back', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.boolean(), (n, upper) => {
      let full = n.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
      if (upper) full = full.toUpperCase();
      const expected = new URL(`http://[${full}]/`).hostname.slice(1, -1);
      assert.equal(formatAddress(6, n), expected);
      assert.equal(cidrOf(`${full}/128`).text, `${expected}/128`);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (n) => {
      const dotted = [24n, 16n, 8n, 0n].map((s) => (n >> s) & 255n).join('.');
      assert.equal(formatAddress(4, n), dotted);
      assert.equal(cidrOf(`${dotted}/32`).start, n);
    }),
    { numRuns: 2000 },
  );
});
