import * as fs from 'node:fs';
import { findRepoSettings, readSettingsFile } from '../workspace/repoSettings';
import { mergeSettings } from '../engine';
import { UnreadablePathsError } from './loadWorkspace';
import type { Io } from './io';

/**
 * The settings a command runs with: the repository's (`--config FILE`, or the `.eksnet.yaml` or
 * package.json `eksnet` key found from the working directory up to the repository root), with the
 * command line's over them (`--rule` entries per rule id). Skipped entries of the file are warnings;
 * a file that cannot be read or parsed stops the command (exit code 2), because a CI gate must not
 * quietly run with other settings than the team wrote.
 */
export function commandSettings(config: string | undefined, flags: Record<string, unknown>, io: Io): object {
  if (config !== undefined && !fs.existsSync(config))
    throw new UnreadablePathsError([`no such settings file: ${config}`]);
  const repo = config !== undefined ? readSettingsFile(config) : findRepoSettings(process.cwd());
  if (repo.error) throw new UnreadablePathsError([`${repo.file}: ${repo.error}`]);
  for (const p of repo.problems) io.err(`eksnet: warning: ${repo.file}: ${p}`);
  return mergeSettings(repo.settings, flags);
}
