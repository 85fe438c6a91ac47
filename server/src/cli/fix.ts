import * as fs from 'node:fs';
import type { FixAllResult } from '../engine';
import { unifiedDiff } from '../report/diff';
import type { Io } from './io';

/**
 * Writes the files `lint --fix` changed. A file is written only when its bytes on disk are still
 * exactly the UTF-8 text eksnet read: a file edited meanwhile, or one that is not valid UTF-8 (its
 * bytes would not survive the round trip through text), is left alone and reported. The text keeps
 * what the file had (a byte-order mark, line endings, the final line break or its absence), because
 * fixes edit inside it and never rewrite it. Returns the files that could not be written.
 */
export function writeFixed(result: FixAllResult, display: (id: string) => string, io: Io): string[] {
  const failed: string[] = [];
  for (const [file, { before, after }] of [...result.changed].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    let why: string | undefined;
    try {
      const disk = fs.readFileSync(file);
      if (!disk.equals(Buffer.from(before, 'utf8')))
        why =
          disk.toString('utf8') === before
            ? 'it is not valid UTF-8 text, so writing it back would change bytes no fix touches'
            : 'it changed on disk while eksnet ran';
      else fs.writeFileSync(file, after);
    } catch (e) {
      why = (e as Error).message;
    }
    if (why !== undefined) {
      failed.push(file);
      io.err(`eksnet: not fixed: ${display(file)}: ${why}`);
    }
  }
  return failed;
}

/** The `--fix-dry-run` output: one unified diff per changed file, in path order. */
export function fixDiff(result: FixAllResult, display: (id: string) => string): string {
  return [...result.changed]
    .map(([file, c]) => [display(file), c] as const)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([name, { before, after }]) => unifiedDiff(name, before, after))
    .join('\n');
}

/** One line for stderr: what the fixes did or would do. */
export function fixSummary(result: FixAllResult, dryRun: boolean): string {
  const n = result.applied;
  const files = result.changed.size;
  const what = `${n} safe fix${n === 1 ? '' : 'es'} ${dryRun ? 'would change' : 'changed'} ${files} file${files === 1 ? '' : 's'}`;
  const stopped = result.exhausted
    ? `; stopped after ${result.passes} passes with safe fixes still offered (fixes that undo each other?)`
    : '';
  return `eksnet: ${what}${stopped}`;
}
