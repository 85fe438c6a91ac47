// Runs the benchmarks (compiled to out/bench) one after another and prints their figures.
// `node bench/run.mjs` runs all of them; `node bench/run.mjs workspace-lint lsp` runs those named
// (the file name without .bench.ts). Run `npm run build` first: several of them start dist/.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const compile = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (compile.status !== 0) process.exit(compile.status ?? 1);
const all = readdirSync('out/bench')
  .filter((f) => f.endsWith('.bench.js'))
  .map((f) => f.slice(0, -'.bench.js'.length))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : all) {
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, [`out/bench/${name}.bench.js`], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
