/**
 * Whether two model items can exist in the same deployment, and in which. Items of one CloudFormation
 * template carry the scenarios that create them (`ModelItem.exists`, made from the template's
 * conditions by evaluators/cloudformation/scenarios.ts); rules that compare two items skip pairs no
 * scenario creates together, and name the conditions when a finding holds only in some deployments.
 * Items without `exists`, or from different templates (different stacks), may always coexist.
 */
import type { Existence, ModelItem } from './types';

/** The scenarios both items exist in, or undefined when nothing constrains the pair. */
function shared(a: Existence | undefined, b: Existence | undefined): readonly number[] | undefined {
  if (!a) return b?.scenarios;
  if (!b || a.space !== b.space) return a.scenarios;
  const set = new Set(b.scenarios);
  return a.scenarios.filter((s) => set.has(s));
}

/** True when some deployment creates both items. */
export function coexist(a: Pick<ModelItem, 'exists'>, b: Pick<ModelItem, 'exists'>): boolean {
  const s = shared(a.exists, b.exists);
  return s === undefined || s.length > 0;
}

/**
 * The deployments that create all the items, in words ("IsProd is true", "IsProd and ThirdAz are
 * true"), or undefined when every deployment that creates any of them creates all of them unconditionally.
 */
export function whenAll(items: readonly Pick<ModelItem, 'exists'>[]): string | undefined {
  const names: string[] = [];
  let scenarios: readonly number[] | undefined;
  let first: Existence | undefined;
  for (const { exists } of items) {
    if (!exists) continue;
    if (!first) first = exists;
    else if (exists.space !== first.space) continue;
    // A condition that holds wherever the others already do adds nothing to the words.
    const next = shared(scenarios ? { ...exists, scenarios } : undefined, exists)!;
    if (scenarios && next.length === scenarios.length) continue;
    if (scenarios) {
      const kept = new Set(next);
      if (exists.scenarios.every((s) => kept.has(s))) names.length = 0;
    }
    scenarios = next;
    for (const n of exists.when) if (!names.includes(n)) names.push(n);
  }
  if (!names.length) return undefined;
  return names.length === 1 ? `${names[0]} is true` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are true`;
}
