// Runs every compiled test file with Node's own test runner. Test files are found here rather than
// by a shell glob so the command works the same in every shell and on Node 20.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['out/test'];
const files = [];
const walk = (p) => {
  if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
  else if (p.endsWith('.test.js')) files.push(p);
};
for (const r of roots) walk(r);
if (!files.length) {
  console.error('no test files found; run `npm run compile` first');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
