import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { workspaceDir, writeWorkspace } from './workspace';

/**
 * Writes a generated workspace for the workspace-scale benchmarks (never committed):
 *   node out/bench/generate-workspace.js [--files N] [--seed S] [--out DIR]
 * The default folder is .cache/bench/ws-<N> in the repository, which is gitignored.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
  });
  const files = Number(values.files);
  const seed = Number(values.seed);
  if (!Number.isInteger(files) || files < 10 || !Number.isInteger(seed)) {
    console.error('usage: generate-workspace [--files N (>= 10)] [--seed S] [--out DIR]');
    process.exit(2);
  }
  const repo = path.resolve(__dirname, '../..');
  const root = path.resolve(values.out ?? workspaceDir(repo, files, seed));
  const ws = writeWorkspace(root, { files, seed });
  console.log(`wrote ${ws.files} files (${(ws.bytes / 1024 / 1024).toFixed(1)} MiB) to ${ws.root}`);
}

main();
