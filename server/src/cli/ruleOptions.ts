import { UsageError } from './loadWorkspace';
import { ruleById, RULE_LEVELS } from '../engine';
import type { RuleSetting } from '../engine';

const LEVELS = new Set<string>(RULE_LEVELS);

/** `--rule subnet-size=off` → `{ "subnet-size": "off" }`, with unknown ids and levels refused. */
export function parseRuleOptions(list: string[]): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const item of list) {
    const [id, level] = item.split('=');
    if (!ruleById(id)) throw new UsageError(`unknown rule "${id}"`);
    if (!LEVELS.has(level)) throw new UsageError(`--rule ${item}: the level must be one of ${[...LEVELS].join(', ')}`);
    out[id] = level as RuleSetting;
  }
  return out;
}
