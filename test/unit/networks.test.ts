import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NetworkIndex, fragmentParts, type Member } from '../../server/src/model/networks';
import { emptyModel, type NetworkModel } from '../../server/src/model/types';

/**
 * The network index keeps, under any sequence of fragments coming, going and being replaced, the
 * same partition as grouping the current fragments from scratch: two fragments are in one network
 * when a chain of shared keys (declared or referred to) joins them.
 */
const KEYS = ['v1', 'v2', 's1', 's2', 's3', 'c1', 'c2', 'n1'];
const at = { file: 'f', span: { start: 0, end: 0 } };

type Spec = { vpc?: number; subnet?: [number, number]; group?: [number, number, number] }[];

const spec: fc.Arbitrary<Spec> = fc.array(
  fc.oneof(
    fc.record({ vpc: fc.nat({ max: 7 }) }),
    fc.record({ subnet: fc.tuple(fc.nat({ max: 7 }), fc.nat({ max: 7 })) }),
    fc.record({ group: fc.tuple(fc.nat({ max: 7 }), fc.nat({ max: 7 }), fc.nat({ max: 7 })) }),
  ),
  { maxLength: 3 },
);

function fragment(s: Spec): NetworkModel {
  const m = emptyModel();
  for (const x of s) {
    if (x.vpc !== undefined)
      m.vpcs.push({ key: KEYS[x.vpc], name: 'v', at, source: 'eksctl', cidrs: [], ipv6Cidrs: [], tags: {} });
    if (x.subnet)
      m.subnets.push({ key: KEYS[x.subnet[0]], name: 's', at, source: 'eksctl', tags: {}, vpc: KEYS[x.subnet[1]] });
    if (x.group)
      m.nodeGroups.push({
        key: KEYS[x.group[0]],
        name: 'n',
        at,
        source: 'eksctl',
        managed: true,
        instanceTypes: [],
        cluster: KEYS[x.group[1]],
        subnets: [KEYS[x.group[2]]],
        availabilityZones: [],
      });
  }
  return m;
}

/** The partition from scratch, as sorted lists of file ids. */
function scratch(members: Member[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const local = members.filter((m) => fragmentParts(m.fragment).hasLocal);
  for (const m of local) parent.set(`file:${m.file}`, `file:${m.file}`);
  for (const m of local) {
    const p = fragmentParts(m.fragment);
    for (const k of [...p.defines, ...p.refs]) {
      if (!parent.has(k)) parent.set(k, k);
      union(`file:${m.file}`, k);
    }
  }
  const groups = new Map<string, string[]>();
  for (const m of local) {
    const r = find(`file:${m.file}`);
    groups.set(r, [...(groups.get(r) ?? []), m.file]);
  }
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => a.join().localeCompare(b.join()));
}

function current(index: NetworkIndex): string[][] {
  return [...index.networks()]
    .map((n) => n.members.map((m) => m.file))
    .sort((a, b) => a.join().localeCompare(b.join()));
}

test('the networks after any sequence of updates are the partition computed from scratch', () => {
  const update = fc.record({ file: fc.nat({ max: 5 }), spec: fc.option(spec) });
  fc.assert(
    fc.property(fc.array(update, { minLength: 1, maxLength: 25 }), (updates) => {
      const index = new NetworkIndex();
      const members = new Map<string, Member>();
      for (const u of updates) {
        const file = `f${u.file}`;
        const old = members.get(file);
        const next = u.spec === null ? undefined : { file, fragment: fragment(u.spec) };
        if (next) members.set(file, next);
        else members.delete(file);
        index.update(old ? [old] : [], next ? [next] : []);
        assert.deepEqual(current(index), scratch([...members.values()]));
      }
    }),
    { numRuns: 300 },
  );
});

test('an update replaces only the networks it touches', () => {
  const index = new NetworkIndex();
  const a = { file: 'a', fragment: fragment([{ vpc: 0 }, { subnet: [2, 0] }]) };
  const b = { file: 'b', fragment: fragment([{ vpc: 1 }]) };
  index.update([], [a, b]);
  const [na, nb] = [...index.networks()].sort((x, y) => x.members[0].file.localeCompare(y.members[0].file));
  const a2 = { file: 'a', fragment: fragment([{ vpc: 0 }, { subnet: [3, 0] }]) };
  const { made, gone } = index.update([a], [a2]);
  assert.deepEqual(gone, [na]);
  assert.equal(made.length, 1);
  assert.ok(index.networks().has(nb), 'the untouched network is the same object');
  // A reference from a new file joins two networks into one.
  const c = { file: 'c', fragment: fragment([{ subnet: [4, 1] }, { group: [7, 5, 3] }]) };
  const joined = index.update([], [c]);
  assert.equal(joined.made.length, 1);
  assert.deepEqual(
    joined.made[0].members.map((m) => m.file),
    ['a', 'b', 'c'],
  );
});
