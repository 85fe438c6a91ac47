import type { Cidr } from '../../base/cidr';
import { findOverlaps } from '../../model/overlap';
import { coexist } from '../../model/scenarios';
import type { ModelItem } from '../../model/types';

/**
 * A group of overlapping blocks, split into the parts some deployment creates together: blocks of
 * CloudFormation resources under conditions that never hold at once do not overlap anything. The
 * parts are the connected pieces of "overlaps and can coexist", each of two or more members, in
 * input order. A group without conditional members is returned as it is, without comparing pairs.
 */
export function coexisting<T extends { c: { cidr: Cidr } }>(group: T[], item: (t: T) => ModelItem): T[][] {
  if (!group.some((m) => item(m).exists)) return [group];
  const parent = group.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const pairs = findOverlaps(group.map((m, i) => ({ cidr: m.c.cidr, item: i })));
  for (const [a, b] of pairs) if (coexist(item(group[a]), item(group[b]))) parent[root(a)] = root(b);
  const parts = new Map<number, T[]>();
  group.forEach((m, i) => {
    const r = root(i);
    const part = parts.get(r);
    if (part) part.push(m);
    else parts.set(r, [m]);
  });
  return [...parts.values()].filter((p) => p.length > 1);
}
