import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { loadWorkspace, reportUnreadable, UsageError } from './loadWorkspace';
import { Locator } from '../report/locate';
import { toJson } from '../report/json';
import { toText } from '../report/text';
import { toSarif } from '../report/sarif';
import { RULES } from '../engine';
import { parseRuleOptions } from './ruleOptions';
import type { Io } from './io';
import { fixDiff, fixSummary, writeFixed } from './fix';
import { commandSettings } from './settings';

export const LINT_USAGE =
  'usage: eksnet lint [PATH...] [--context PATH]... [--format text|json|sarif] [--rule ID=off|error|warning|information|hint]... [--fail-on error|warning|information|hint|none] [--var-file FILE]... [--terraform-plan FILE]... [--config FILE] [--settings YAML] [--skip-unreadable] [--fix | --fix-dry-run]';

const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1, information: 2, hint: 3, none: -1 };

/**
 * `eksnet lint`: exit 0 when no finding is an error, 1 when one is, 2 on usage or internal errors
 * and when something could not be read (see reportUnreadable), whatever the findings. `--fail-on`
 * moves the threshold for exit code 1 (`warning`: a warning or an error; `none`: never).
 *
 * `--context PATH` loads more files and folders that are analysed but not reported: the PATHs are
 * what is reported (pre-commit passes the staged files), the context is what cross-file rules need
 * to see (a subnet's VPC, the aws-node settings of a node group's cluster).
 *
 * `--fix` applies every safe fix (Fix.safe) in passes until none is left, writes the changed files
 * and reports what remains, with the exit code of what remains. `--fix-dry-run` writes nothing: it
 * prints the changes as a unified diff (stdout, for `git apply`) and a summary of what would remain
 * (stderr), with the exit code `--fix` would have.
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
      config: { type: 'string' },
      'skip-unreadable': { type: 'boolean', default: false },
      fix: { type: 'boolean', default: false },
      'fix-dry-run': { type: 'boolean', default: false },
      'fail-on': { type: 'string', default: 'error' },
      settings: { type: 'string' },
      context: { type: 'string', multiple: true },
    },
  });
  const failOn = values['fail-on'] ?? 'error';
  if (!Object.hasOwn(SEVERITY_RANK, failOn))
    throw new UsageError(`--fail-on ${failOn}: the level must be one of ${Object.keys(SEVERITY_RANK).join(', ')}`);
  const fails = (f: { severity: string }) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[failOn];
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format "${format}"\n${LINT_USAGE}`);
  const dryRun = values['fix-dry-run'] ?? false;
  if (dryRun && values.fix) throw new UsageError('--fix and --fix-dry-run exclude each other');
  if (dryRun && format !== 'text') throw new UsageError('--fix-dry-run prints a diff; it takes no --format');
  const settings = commandSettings(
    values.config,
    {
      rules: parseRuleOptions(values.rule ?? []),
      ...(values['cluster-name'] ? { clusterName: values['cluster-name'] } : {}),
    },
    io,
    values.settings,
  );
  const context = values.context ?? [];
  const { engine, display, skipped, unreadable } = loadWorkspace(
    [...(positionals.length ? positionals : ['.']), ...context],
    settings,
    values['var-file'] ?? [],
    values['terraform-plan'] ?? [],
  );
  const reported = context.length ? reportedFilter(positionals.length ? positionals : ['.']) : () => true;
  for (const s of skipped) io.err(`eksnet: skipped: ${s}`);
  const incomplete = reportUnreadable(unreadable, values['skip-unreadable'] ?? false, io);
  let failedWrites = false;
  if (values.fix || dryRun) {
    // Only fixes of reported findings whose edits stay in reported files: context is read, not written.
    const result = engine.applySafeFixes(
      (f) => reported(f.file) && f.fixes.every((x) => !x.safe || x.edits.every((e) => reported(e.file))),
    );
    if (dryRun) {
      const diff = fixDiff(result, display);
      if (diff) io.out(diff);
    } else {
      // What could not be written stays as it is on disk, and so do its findings in the report.
      const failed = writeFixed(result, display, io);
      for (const file of failed) engine.setFile(file, result.changed.get(file)!.before);
      failedWrites = failed.length > 0;
    }
    io.err(fixSummary(result, dryRun));
  }
  const findings = engine.analyze().findings.filter((f) => reported(f.file));
  if (dryRun) {
    io.err(`eksnet: ${remaining(findings)} would remain`);
    return incomplete ? 2 : findings.some(fails) ? 1 : 0;
  }
  const loc = new Locator((id) => engine.text(id));
  if (format === 'json') io.out(toJson(findings, loc, display));
  else if (format === 'sarif') io.out(toSarif(findings, RULES, loc, display, io.version));
  else io.out(toText(findings, loc, display));
  if (incomplete || failedWrites) return 2;
  return findings.some(fails) ? 1 : 0;
}

/** Whether a file id (an absolute path) is one of the named files or inside one of the named folders. */
function reportedFilter(paths: string[]): (file: string) => boolean {
  const named = paths.map((p) => path.resolve(p));
  return (file) => named.some((n) => file === n || file.startsWith(n.endsWith(path.sep) ? n : n + path.sep));
}

function remaining(findings: { severity: string }[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'})`;
}
