import type { Cidr } from '../../base/cidr';
import { overlapGroups } from '../../model/overlap';
import type { ModelItem } from '../../model/types';

/**
 * A group of overlapping blocks, split into the groups that deployments actually create: blocks of
 * CloudFormation resources under conditions that never hold at once overlap nothing of each other.
 * For each scenario of the template (at most 128, see evaluators/cloudformation/scenarios.ts) the
 * members it creates are grouped again; each distinct group of two or more is returned once, in input
 * order. A group without conditional members is returned as it is.
 */
export function coexisting<T extends { c: { cidr: Cidr } }>(group: T[], item: (t: T) => ModelItem): T[][] {
  const space = group.map((m) => item(m).exists).find((e) => e !== undefined);
  if (!space) return [group];
  const out = new Map<string, T[]>();
  for (let s = 0; s < space.of; s++) {
    const present: { cidr: Cidr; item: number }[] = [];
    group.forEach((m, i) => {
      const e = item(m).exists;
      // Members of another template (another stack) or without a condition exist in every scenario.
      if (!e || e.space !== space.space || e.scenarios.includes(s)) present.push({ cidr: m.c.cidr, item: i });
    });
    for (const g of overlapGroups(present)) {
      const key = g.join(',');
      if (!out.has(key))
        out.set(
          key,
          g.map((i) => group[i]),
        );
    }
  }
  return [...out.values()];
}
