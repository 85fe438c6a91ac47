import type { Rule } from './defineRule';
import syntaxError from './syntax-error';
import helmTemplateSkipped from './helm-template-skipped';
import eniconfigSchema from './eniconfig-schema';

/**
 * Every rule, sorted by id. This is the only place rules are listed; a test fails when a file under
 * rules/ is missing here or a rule's id differs from its file name.
 */
export const RULES: readonly Rule[] = [
  eniconfigSchema,
  helmTemplateSkipped,
  syntaxError,
] as Rule[];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
