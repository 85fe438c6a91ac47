/**
 * CloudFormation conditions as scenarios, the way cfn-lint reads them: a condition is not decided by
 * the parameters' defaults (a stack is deployed with other values), but over every value a parameter
 * can take. A parameter set by the parameters file takes that value only; one with AllowedValues takes
 * each of them; any other parameter that conditions compare with literals (`!Equals [!Ref Env, prod]`)
 * takes each of those literals and one value equal to none of them. Every combination is a scenario,
 * and a condition is known, per scenario, to be true, false, or unknown (then possible).
 *
 * The number of scenarios is capped at MAX_SCENARIOS (cfn-lint stops at 128 too): past that, only the
 * parameters file decides, and a condition it does not settle may hold in every deployment.
 */
import { type LNode, isMap, isSeq, isScalar, get, str } from '../../parsers/tree';
import type { CfnTemplate } from './template';
import { fnCall } from './template';
import { Evaluator } from './evaluate';

export const MAX_SCENARIOS = 128;
/** How many nodes of the Conditions section are read for parameter comparisons (YAML aliases). */
const MAX_CONDITION_NODES = 10_000;
/** A value no literal of the template equals: "any other value" of a parameter. */
const OTHER = '\u0000eksnet: any other value';

export interface ConditionScenarios {
  /** How many scenarios there are (1 when nothing varies or the cap was reached). */
  count: number;
  /** The scenarios in which the condition may hold (true or unknown), ascending. */
  holds(condition: string): readonly number[];
}

export function conditionScenarios(t: CfnTemplate, overrides: ReadonlyMap<string, string>): ConditionScenarios {
  const { literals, other } = comparedParameters(t);
  const varying: [string, string[]][] = [];
  for (const [name, lits] of literals) {
    if (overrides.has(name) || !t.parameters.has(name)) continue;
    const allowed = get(t.parameters.get(name), 'AllowedValues');
    if (isSeq(allowed) && allowed.items.length > 0 && allowed.items.every(isScalar))
      varying.push([name, allowed.items.map((i) => str(i) ?? '')]);
    // A parameter used in any other way than against a literal stays unknown: "any other value"
    // would be a guess about what it is compared with.
    else if (!other.has(name)) varying.push([name, [...lits, OTHER]]);
  }
  let count = 1;
  for (const [, values] of varying) count *= values.length;
  if (count > MAX_SCENARIOS) {
    varying.length = 0;
    count = 1;
  }
  const evaluators: Evaluator[] = [];
  for (let i = 0; i < count; i++) {
    const values = new Map(overrides);
    let rest = i;
    for (const [name, options] of varying) {
      values.set(name, options[rest % options.length]);
      rest = Math.floor(rest / options.length);
    }
    evaluators.push(new Evaluator(t, values, false));
  }
  const cache = new Map<string, number[]>();
  return {
    count,
    holds(condition) {
      let hit = cache.get(condition);
      if (!hit) {
        hit = [];
        for (let i = 0; i < count; i++) if (evaluators[i].condition(condition) !== false) hit.push(i);
        cache.set(condition, hit);
      }
      return hit;
    },
  };
}

/**
 * The parameters the Conditions section refers to: those compared with a literal (and the literals),
 * and those used any other way.
 */
function comparedParameters(t: CfnTemplate): { literals: Map<string, Set<string>>; other: Set<string> } {
  const literals = new Map<string, Set<string>>();
  const other = new Set<string>();
  let budget = MAX_CONDITION_NODES;
  const refName = (n: LNode): string | undefined => {
    const call = fnCall(n);
    return call?.name === 'Ref' && isScalar(call.arg) ? str(call.arg) : undefined;
  };
  const visit = (n: LNode | undefined): void => {
    if (!n || --budget < 0) return;
    const call = fnCall(n);
    if (call?.name === 'Ref') {
      const name = refName(n);
      if (name) other.add(name);
      return;
    }
    if (call?.name === 'Fn::Equals' && isSeq(call.arg) && call.arg.items.length === 2) {
      const [a, b] = call.arg.items;
      for (const [x, y] of [
        [a, b],
        [b, a],
      ]) {
        const name = refName(x);
        if (name && isScalar(y) && !fnCall(y) && y.value !== null) {
          let set = literals.get(name);
          if (!set) literals.set(name, (set = new Set()));
          set.add(String(y.value));
          return;
        }
      }
    }
    const inner = call ? call.arg : n;
    if (isSeq(inner)) for (const i of inner.items) visit(i);
    else if (isMap(inner)) for (const e of inner.entries) visit(e.value);
  };
  for (const node of t.conditions.values()) visit(node);
  // A parameter used both ways is enumerated only through its AllowedValues.
  for (const name of other) if (!literals.has(name)) literals.set(name, new Set());
  return { literals, other };
}
