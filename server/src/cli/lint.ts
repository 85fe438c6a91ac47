import { parseArgs } from 'node:util';
import { loadWorkspace, reportUnreadable, UsageError } from './loadWorkspace';
import { Locator } from '../report/locate';
import { toJson } from '../report/json';
import { toText } from '../report/text';
import { toSarif } from '../report/sarif';
import { RULES } from '../engine';
import { parseRuleOptions } from './ruleOptions';
import type { Io } from './io';

export const LINT_USAGE =
  'usage: eksnet lint [PATH...] [--format text|json|sarif] [--rule ID=off|error|warning|information|hint]... [--var-file FILE]... [--terraform-plan FILE]... [--skip-unreadable]';

/**
 * `eksnet lint`: exit 0 when no finding is an error, 1 when one is, 2 on usage or internal errors
 * and when something could not be read (see reportUnreadable), whatever the findings.
 */
export function runLint(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      rule: { type: 'string', multiple: true },
      'cluster-name': { type: 'string' },
      'var-file': { type: 'string', multiple: true },
      'terraform-plan': { type: 'string', multiple: true },
      'skip-unreadable': { type: 'boolean', default: false },
    },
  });
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format "${format}"\n${LINT_USAGE}`);
  const settings = {
    rules: parseRuleOptions(values.rule ?? []),
    ...(values['cluster-name'] ? { clusterName: values['cluster-name'] } : {}),
  };
  const { engine, display, skipped, unreadable } = loadWorkspace(
    positionals,
    settings,
    values['var-file'] ?? [],
    values['terraform-plan'] ?? [],
  );
  for (const s of skipped) io.err(`eksnet: skipped: ${s}`);
  const incomplete = reportUnreadable(unreadable, values['skip-unreadable'] ?? false, io);
  const { findings } = engine.analyze();
  const loc = new Locator((id) => engine.text(id));
  if (format === 'json') io.out(toJson(findings, loc, display));
  else if (format === 'sarif') io.out(toSarif(findings, RULES, loc, display, io.version));
  else io.out(toText(findings, loc, display));
  if (incomplete) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
