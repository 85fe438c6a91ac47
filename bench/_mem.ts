import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Engine, initHcl } from '../server/src/engine';
import { discoverFiles } from '../server/src/workspace/discover';

async function main() {
  await initHcl();
  const root = process.argv[2];
  const e = new Engine();
  const t0 = performance.now();
  for (const g of fs.readdirSync(root)) for (const f of discoverFiles(path.join(root, g), { maxFiles: 100000, maxFileSizeKb: 100000 } as never).files) e.setFile(f, fs.readFileSync(f, 'utf8'));
  const t1 = performance.now();
  const a = e.analyze();
  const n = a.findings.length;
  const t2 = performance.now();
  console.log(`load ${(t1 - t0).toFixed(0)} ms, analyze ${(t2 - t1).toFixed(0)} ms, ${n} findings, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)}`);
}
void main();
