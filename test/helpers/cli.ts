import { main } from '../../server/src/cli';
import { REPO } from './workspace';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process in `cwd` (the repository root unless given), with its output captured. */
export function runCli(args: string[], cwd: string = REPO): CliRun {
  let out = '';
  let err = '';
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    const code = main(args, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n'), version: 'test' });
    return { code, out, err };
  } finally {
    process.chdir(prev);
  }
}
