import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cidrOf, formatAddress, type Cidr } from '../../server/src/base/cidr';
import { firstFree, freeBlocks } from '../../server/src/base/cidrFree';
import { engineOf } from '../helpers/workspace';
import { initHcl } from '../../server/src/parsers/hcl';
import { mapToJson } from '../../server/src/engine';
import { mapToSvg } from '../../server/src/report/mapSvg';
import { allText, parseXml } from '../helpers/xml';

/** An aligned block of `prefix` bits at slot `slot` inside `block` (slot taken modulo the slot count). */
function slotIn(block: Cidr, prefix: number, slot: number): Cidr {
  const size = 1n << BigInt(32 - prefix);
  const count = 1n << BigInt(prefix - block.prefix);
  return cidrOf(`${formatAddress(4, block.start + (BigInt(slot) % count) * size)}/${prefix}`);
}

/** Brute force: which addresses of the block (as offsets) no used block holds. */
function freeAddresses(block: Cidr, used: Cidr[]): boolean[] {
  const out: boolean[] = [];
  for (let a = block.start; a <= block.end; a++) out.push(!used.some((u) => u.start <= a && a <= u.end));
  return out;
}

/**
 * The fewest aligned blocks covering exactly the free addresses, by recursion over halves: an
 * aligned block is either wholly free (one block), wholly used (none) or split into its two halves,
 * and aligned blocks nest, so no cover can do better than this.
 */
function minimalCount(free: boolean[], from: number, size: number): number {
  const slice = free.slice(from, from + size);
  if (slice.every(Boolean)) return 1;
  if (!slice.some(Boolean)) return 0;
  return minimalCount(free, from, size / 2) + minimalCount(free, from + size / 2, size / 2);
}

const blockAndUsed = fc
  .record({
    base: fc.nat({ max: 255 }),
    prefix: fc.integer({ min: 22, max: 30 }),
    subnets: fc.array(fc.record({ extra: fc.nat({ max: 8 }), slot: fc.nat({ max: 4096 }) }), { maxLength: 12 }),
    outside: fc.array(fc.record({ prefix: fc.integer({ min: 16, max: 32 }), at: fc.nat() }), { maxLength: 3 }),
  })
  .map(({ base, prefix, subnets, outside }) => {
    const block = slotIn(cidrOf('10.0.0.0/8'), prefix, base * 997);
    const used = subnets.map((s) => slotIn(block, Math.min(prefix + s.extra, 32), s.slot));
    // Blocks that straddle or miss the VPC block, and one of the other family: only what falls
    // inside counts.
    for (const o of outside) used.push(slotIn(cidrOf('10.0.0.0/8'), o.prefix, o.at));
    used.push(cidrOf('2001:db8::/64'));
    return { block, used };
  });

test('free blocks and subnets tile the block exactly, with the fewest blocks (brute-force reference)', () => {
  fc.assert(
    fc.property(blockAndUsed, ({ block, used }) => {
      const free = freeBlocks(block, used);
      const expected = freeAddresses(block, used);
      const covered = Array.from(expected, () => 0);
      for (const f of free) {
        assert.equal(f.version, 4);
        assert.equal(f.text, cidrOf(f.text).text, 'each free block is a valid CIDR');
        for (let a = f.start; a <= f.end; a++) {
          const i = Number(a - block.start);
          assert.ok(i >= 0 && i < covered.length, `${f.text} lies inside ${block.text}`);
          covered[i]++;
        }
      }
      // Each address is in exactly one of: a free block, or some used block.
      assert.deepEqual(
        covered,
        expected.map((x) => (x ? 1 : 0)),
      );
      assert.equal(free.length, minimalCount(expected, 0, expected.length));
      for (let i = 1; i < free.length; i++) assert.ok(free[i - 1].end < free[i].start, 'free blocks in address order');
    }),
    { numRuns: 300 },
  );
});

test('firstFree gives the lowest aligned free slot of the size, or nothing when none is free', () => {
  fc.assert(
    fc.property(blockAndUsed, fc.nat({ max: 8 }), ({ block, used }, extra) => {
      const prefix = Math.min(block.prefix + extra, 32);
      const free = freeAddresses(block, used);
      const size = 2 ** (32 - prefix);
      let expected: number | undefined;
      for (let at = 0; at < free.length && expected === undefined; at += size)
        if (free.slice(at, at + size).every(Boolean)) expected = at;
      const got = firstFree(block, used, prefix);
      if (expected === undefined) assert.equal(got, undefined);
      else assert.equal(got?.text, slotIn(block, prefix, expected / size).text);
    }),
    { numRuns: 300 },
  );
});

/** A CloudFormation template of one VPC block and the given subnet blocks. */
function template(block: string, subnets: string[], zones = ['a', 'b', 'c']): string {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    `      CidrBlock: ${block}`,
  ];
  subnets.forEach((c, i) =>
    lines.push(
      `  Subnet${i}:`,
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      '      VpcId: !Ref Vpc',
      `      CidrBlock: ${c}`,
      `      AvailabilityZone: us-east-1${zones[i % zones.length]}`,
    ),
  );
  return lines.join('\n') + '\n';
}

test("the engine's map: each VPC block is tiled exactly by its free blocks and its (non-overlapping) subnets", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 20, max: 26 }),
      fc.array(fc.record({ extra: fc.integer({ min: 1, max: 6 }), slot: fc.nat({ max: 999 }) }), { maxLength: 8 }),
      (prefix, specs) => {
        const block = cidrOf(`10.1.0.0/${prefix}`);
        const chosen: Cidr[] = [];
        for (const s of specs) {
          const c = slotIn(block, prefix + s.extra, s.slot);
          if (!chosen.some((x) => x.start <= c.end && c.start <= x.end)) chosen.push(c);
        }
        const engine = engineOf({
          'vpc.yaml': template(
            block.text,
            chosen.map((c) => c.text),
          ),
        });
        const [vpc] = engine.addressMap().vpcs;
        assert.deepEqual(
          vpc.blocks.map((b) => b.cidr.text),
          [block.text],
        );
        const pieces = [...vpc.blocks[0].free, ...vpc.subnets.map((s) => s.ipv4!.cidr)].sort((a, b) =>
          a.start < b.start ? -1 : 1,
        );
        let next = block.start;
        for (const p of pieces) {
          assert.equal(p.start, next, `${p.text} starts where the previous piece ended`);
          next = p.end + 1n;
        }
        assert.equal(next, block.end + 1n);
        assert.ok(vpc.subnets.every((s) => !s.overlapping && !s.outside));
      },
    ),
    { numRuns: 40 },
  );
});

test('the map marks overlapping subnets and subnets outside the VPC, and places subnets by address', () => {
  const engine = engineOf({
    'vpc.yaml': template('10.0.0.0/16', ['10.0.2.0/24', '10.0.0.0/23', '10.0.1.0/24', '10.9.0.0/24']),
  });
  const [vpc] = engine.addressMap().vpcs;
  assert.deepEqual(
    vpc.subnets.map((s) => [s.name, s.ipv4?.cidr.text, s.overlapping, s.outside, s.zone, s.usable]),
    [
      ['Subnet1', '10.0.0.0/23', true, false, 'us-east-1b', 507],
      ['Subnet2', '10.0.1.0/24', true, false, 'us-east-1c', 251],
      ['Subnet0', '10.0.2.0/24', false, false, 'us-east-1a', 251],
      ['Subnet3', '10.9.0.0/24', false, true, 'us-east-1a', 251],
    ],
  );
  assert.deepEqual(
    vpc.blocks[0].free.map((f) => f.text),
    ['10.0.3.0/24', '10.0.4.0/22', '10.0.8.0/21', '10.0.16.0/20', '10.0.32.0/19', '10.0.64.0/18', '10.0.128.0/17'],
  );
});

test('the map carries role, tags, clusters, node groups and the addresses the node groups need', () => {
  const engine = engineOf({
    'cluster.yaml': [
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata: { name: demo, region: us-west-2 }',
      'vpc:',
      '  cidr: 10.0.0.0/16',
      '  subnets:',
      '    private:',
      '      us-west-2a: { cidr: 10.0.0.0/26 }',
      '      us-west-2b: { cidr: 10.0.0.64/26 }',
      'nodeGroups:',
      '  - name: ng',
      '    instanceType: m5.large',
      '    maxSize: 10',
      '    privateNetworking: true',
      '',
    ].join('\n'),
  });
  const [vpc] = engine.addressMap().vpcs;
  // An m5.large takes 30 addresses at most (subnet-ip-exhaustion's worked example); 10 nodes over
  // two subnets put 5 in each: 150 per subnet against 59 usable.
  assert.deepEqual(
    vpc.subnets.map((s) => [s.name, s.role, s.zone, s.need, s.usable, s.nodeGroups, s.clusters]),
    [
      ['us-west-2a', 'private', 'us-west-2a', 150, 59, ['ng'], ['demo']],
      ['us-west-2b', 'private', 'us-west-2b', 150, 59, ['ng'], ['demo']],
    ],
  );
});

test("completion in a subnet's CIDR offers the VPC's free blocks, in YAML and in Terraform", async () => {
  assert.ok(await initHcl());
  const yaml = template('10.0.0.0/16', ['10.0.0.0/24', '10.0.']);
  const engine = engineOf({
    'vpc.yaml': yaml,
    'main.tf': [
      'resource "aws_vpc" "main" {',
      '  cidr_block = "10.1.0.0/20"',
      '}',
      'resource "aws_subnet" "a" {',
      '  vpc_id     = aws_vpc.main.id',
      '  cidr_block = "10.1.0.0/22"',
      '}',
      'resource "aws_subnet" "b" {',
      '  vpc_id     = aws_vpc.main.id',
      '  cidr_block = "10.1."',
      '}',
      '',
    ].join('\n'),
  });
  const at = yaml.lastIndexOf('10.0.') + 5;
  const y = engine.completions('vpc.yaml', at);
  assert.deepEqual(
    y?.items.slice(0, 3).map((i) => i.label),
    ['10.0.1.0/24', '10.0.2.0/23', '10.0.4.0/22'],
  );
  assert.equal(yaml.slice(y.span.start, y.span.end), '10.0.');
  const tf = engine.text('main.tf')!;
  const t = engine.completions('main.tf', tf.lastIndexOf('10.1.') + 2);
  assert.deepEqual(
    t?.items.map((i) => i.label),
    ['10.1.4.0/22', '10.1.8.0/21'],
  );
  assert.equal(tf.slice(t.span.start, t.span.end), '10.1.');
  // Elsewhere in the file (a VPC's block) there is no such completion.
  assert.equal(engine.completions('main.tf', tf.indexOf('10.1.0.0/20') + 2), undefined);
});

test('IPv6 blocks get their own free space and band; thousands of identical subnets stay fast', () => {
  const v6 = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: 10.0.0.0/16',
    '  V6:',
    '    Type: AWS::EC2::VPCCidrBlock',
    '    Properties:',
    '      VpcId: !Ref Vpc',
    '      Ipv6CidrBlock: 2600:1f14:abc:de00::/56',
    '  A:',
    '    Type: AWS::EC2::Subnet',
    '    Properties:',
    '      VpcId: !Ref Vpc',
    '      CidrBlock: 10.0.0.0/24',
    '      Ipv6CidrBlock: 2600:1f14:abc:de05::/64',
    '',
  ].join('\n');
  const map = engineOf({ 'v6.yaml': v6 }).addressMap();
  const json = mapToJson(
    map,
    () => 0,
    (f) => f,
  );
  assert.deepEqual(json.vpcs[0].cidrs, ['10.0.0.0/16', '2600:1f14:abc:de00::/56']);
  assert.deepEqual(
    json.vpcs[0].free.filter((f) => f.includes(':')),
    [
      '2600:1f14:abc:de00::/62',
      '2600:1f14:abc:de04::/64',
      '2600:1f14:abc:de06::/63',
      '2600:1f14:abc:de08::/61',
      '2600:1f14:abc:de10::/60',
      '2600:1f14:abc:de20::/59',
      '2600:1f14:abc:de40::/58',
      '2600:1f14:abc:de80::/57',
    ],
  );
  const text = allText(parseXml(mapToSvg(json))).join('\n');
  assert.ok(text.includes('A 2600:1f14:abc:de05::/64') && text.includes('A 10.0.0.0/24'));

  const many = template(
    '10.0.0.0/16',
    Array.from({ length: 3000 }, () => '10.0.7.0/24'),
  );
  const t0 = Date.now();
  const big = mapToJson(
    engineOf({ 'many.yaml': many }).addressMap(),
    () => 0,
    (f) => f,
  );
  const svg = mapToSvg(big);
  assert.ok(Date.now() - t0 < 10_000, `${Date.now() - t0} ms`);
  assert.equal(big.vpcs[0].subnets.filter((s) => s.overlapping).length, 3000);
  assert.equal(parseXml(svg).name, 'svg');
});
