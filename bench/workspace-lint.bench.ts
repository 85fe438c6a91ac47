import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO, verdict } from './lspClient';
import { workspaceDir, writeWorkspace, type GeneratedWorkspace } from './workspace';

/**
 * `eksnet lint` on generated workspaces of 1,000, 5,000 and 10,000 files (bench/workspace.ts):
 * wall time from spawn to exit and the process's peak RSS, against the incremental-engine issue's
 * targets: 5,000 files in at most 6 times the time of 1,000, 10,000 in under 10 s and under 400 MB.
 * The folders of the workspace are passed as separate paths, as `eksnet.maxFiles` (5,000) bounds
 * each path. A size is skipped when the previous one already took longer than the cap.
 */
const SIZES = [1000, 5000, 10000];
/** A run is stopped after this long (override with EKSNET_BENCH_LINT_CAP_S). */
const RUN_CAP_MS = Number(process.env.EKSNET_BENCH_LINT_CAP_S ?? 150) * 1000;
/** Skip the next size when this one took longer: on today's engine 10,000 files would take minutes. */
const SKIP_AFTER_MS = Number(process.env.EKSNET_BENCH_LINT_SKIP_S ?? 40) * 1000;

interface LintRun {
  ms: number;
  rssMiB: number;
  findings: number;
  exit: number | null;
  timedOut: boolean;
}

function lint(ws: GeneratedWorkspace): Promise<LintRun> {
  const rssFile = path.join(os.tmpdir(), `eksnet-bench-rss-${process.pid}`);
  const args = ['-r', path.join(REPO, 'bench', 'maxrss.cjs'), path.join(REPO, 'dist', 'cli.js'), 'lint'];
  args.push('--format', 'json', ...ws.groups.map((g) => path.relative(ws.root, g)));
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ws.root,
      env: { ...process.env, EKSNET_BENCH_MAXRSS: rssFile },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    let timedOut = false;
    const timer = setTimeout(() => ((timedOut = true), child.kill()), RUN_CAP_MS);
    child.on('error', reject);
    child.on('close', (exit) => {
      const ms = performance.now() - t;
      clearTimeout(timer);
      if (timedOut) return resolve({ ms, rssMiB: NaN, findings: NaN, exit, timedOut });
      if (exit !== 0 && exit !== 1) return reject(new Error(`lint exited with ${exit} after ${ms.toFixed(0)} ms`));
      const rssMiB = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
      fs.rmSync(rssFile, { force: true });
      const findings = (JSON.parse(Buffer.concat(out).toString('utf8')) as { findings: unknown[] }).findings.length;
      resolve({ ms, rssMiB, findings, exit, timedOut });
    });
  });
}

async function main(): Promise<void> {
  const results = new Map<number, LintRun>();
  for (const n of SIZES) {
    const prev = results.get(SIZES[SIZES.indexOf(n) - 1] ?? -1);
    if (prev && prev.ms > SKIP_AFTER_MS) {
      console.log(
        `lint ${n} files: SKIPPED (the previous size took ${(prev.ms / 1000).toFixed(1)} s > ${SKIP_AFTER_MS / 1000} s)`,
      );
      continue;
    }
    const ws = writeWorkspace(workspaceDir(REPO, n), { files: n });
    // One warm-up-free run per size (a CLI run is always cold); 1,000 files three times, to show the noise.
    const runs: LintRun[] = [];
    for (let i = 0; i < (n === 1000 ? 3 : 1); i++) runs.push(await lint(ws));
    runs.sort((a, b) => a.ms - b.ms);
    const r = runs[Math.floor(runs.length / 2)];
    results.set(n, r);
    const all = runs.length > 1 ? ` (runs: ${runs.map((x) => (x.ms / 1000).toFixed(2)).join(', ')} s)` : '';
    const size = `lint ${n} files (${(ws.bytes / 1024 / 1024).toFixed(1)} MiB)`;
    if (r.timedOut) console.log(`${size}: STOPPED after ${(r.ms / 1000).toFixed(0)} s (the per-run cap)`);
    else
      console.log(
        `${size}: ${(r.ms / 1000).toFixed(2)} s${all}, peak RSS ${r.rssMiB.toFixed(0)} MiB, ${r.findings} findings`,
      );
  }
  const k1 = results.get(1000);
  const k5 = results.get(5000);
  const k10 = results.get(10000);
  const atLeast = (r: LintRun) => (r.timedOut ? '>= ' : '');
  if (k1 && k5 && !k1.timedOut) {
    const ratio = k5.ms / k1.ms;
    console.log(`  5k/1k time ratio: ${atLeast(k5)}${ratio.toFixed(2)} (target <= 6): ${verdict(ratio <= 6)}`);
  } else console.log('  5k/1k time ratio: not measured: FAIL');
  if (k10) {
    const s = `${atLeast(k10)}${(k10.ms / 1000).toFixed(2)} s`;
    console.log(`  10k wall time: ${s} (target < 10 s): ${verdict(!k10.timedOut && k10.ms < 10_000)}`);
    if (!k10.timedOut)
      console.log(
        `  10k peak RSS: ${k10.rssMiB.toFixed(0)} MiB (target < 400 MB): ${verdict(k10.rssMiB * 1.048576 < 400)}`,
      );
  } else console.log('  10k wall time and peak RSS: not measured (skipped): FAIL');
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
