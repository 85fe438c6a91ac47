import * as fs from 'node:fs';
import { findRepoSettings, parseSettingsText, readSettingsFile } from '../workspace/repoSettings';
import { mergeSettings } from '../engine';
import { UnreadablePathsError, UsageError } from './loadWorkspace';
import type { Io } from './io';

/**
 * The settings a command runs with: the repository's (`--config FILE`, or the `.eksnet.yaml` or
 * package.json `eksnet` key found from the working directory up to the repository root), then
 * `--settings` text over them (YAML or JSON: the GitHub Action's `settings` input), then the other
 * flags (`--rule` entries per rule id). Skipped entries are warnings; a file or text that cannot be
 * read or parsed stops the command (exit code 2), because a CI gate must not quietly run with other
 * settings than the team wrote.
 */
export function commandSettings(
  config: string | undefined,
  flags: Record<string, unknown>,
  io: Io,
  extra?: string,
): object {
  if (config !== undefined && !fs.existsSync(config))
    throw new UnreadablePathsError([`no such settings file: ${config}`]);
  const repo = config !== undefined ? readSettingsFile(config) : findRepoSettings(process.cwd());
  if (repo.error) throw new UnreadablePathsError([`${repo.file}: ${repo.error}`]);
  for (const p of repo.problems) io.err(`eksnet: warning: ${repo.file}: ${p}`);
  let settings = repo.settings;
  if (extra !== undefined && extra.trim() !== '') {
    const given = parseSettingsText(extra);
    if (given.error) throw new UsageError(`--settings: ${given.error}`);
    for (const p of given.problems) io.err(`eksnet: warning: --settings: ${p}`);
    settings = mergeSettings(settings, given.settings);
  }
  return mergeSettings(settings, flags);
}
