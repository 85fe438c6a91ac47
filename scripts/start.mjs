// `npm start`: lints every folder of examples/ with the freshly built CLI, one workspace per folder.
// Each folder describes one cluster, as real repositories do: linting them together would let the
// aws-node settings of one folder (custom networking, prefix delegation) change what is wrong in
// all the others. The examples are full of deliberate mistakes, so exit code 1 ("errors found") is
// the expected outcome of a run; only 2 (usage or internal error) or a crash fails `npm start`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');
const cli = path.join(root, 'dist', 'cli.js');

/**
 * The scenario of each folder, read from the table in examples/README.md, so the folder list and
 * its descriptions live in one place. A folder missing from the table is still linted.
 */
function scenarios() {
  const out = new Map();
  let text = '';
  try {
    text = fs.readFileSync(path.join(examples, 'README.md'), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const m = /^\|\s*\[([\w.-]+)\/\]\([^)]*\)\s*\|\s*(.+?)\s*\|/.exec(line);
    if (m) out.set(m[1], m[2].replace(/`/g, ''));
  }
  return out;
}

const described = scenarios();
const folders = fs
  .readdirSync(examples, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const rule = '-'.repeat(100);
let failed = 0;
for (const dir of folders) {
  const rel = `examples/${dir}`;
  console.log(rule);
  console.log(`${rel}/: ${described.get(dir) ?? '(not described in examples/README.md)'}`);
  console.log(rule);
  const r = spawnSync(process.execPath, [cli, 'lint', rel], { cwd: root, encoding: 'utf8' });
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  // 0 = no errors, 1 = errors found (the point of the examples); anything else is a real failure.
  if (r.status !== 0 && r.status !== 1) {
    failed++;
    console.error(`eksnet lint ${rel} failed (${r.error?.message ?? `exit code ${r.status ?? r.signal}`})`);
  }
  console.log('');
}
console.log(`Linted ${folders.length} example workspaces${failed ? `; ${failed} failed` : ''}.`);
process.exit(failed ? 1 : 0);
