// Runs every benchmark (compiled to out/bench) one after another and prints their figures.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const compile = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (compile.status !== 0) process.exit(compile.status ?? 1);
for (const f of readdirSync('out/bench')
  .filter((f) => f.endsWith('.bench.js'))
  .sort()) {
  console.log(`\n== ${f}`);
  const r = spawnSync(process.execPath, [`out/bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
