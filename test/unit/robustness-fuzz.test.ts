import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { REPO } from '../helpers/workspace';
import { apply, corpus, mutation } from '../helpers/robustness';
import type { FuzzRequest, FuzzResult } from '../helpers/fuzzWorker';

/**
 * Random mutations of every rule fixture (test/fixtures/rules/**), fed to the engine a few thousand
 * times in a worker thread and to the bundled CLI as real processes, with 0 crashes allowed. Both
 * run under a deadline, so a mutation that makes eksnet loop fails here instead of hanging the
 * suite. FC_RUNS multiplies the runs for a longer hunt; FC_SEED replays a failure (the seed is in
 * every failure message).
 */
const RUNS = Number(process.env.FC_RUNS ?? 1);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const CASES = corpus().filter((c) => c.target.startsWith('/ws/test/fixtures/rules/'));

function inWorker(req: FuzzRequest, deadlineMs: number): Promise<FuzzResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, '..', 'helpers', 'fuzzWorker.js'), { workerData: req });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`the engine fuzz gave no answer within ${deadlineMs} ms (seed ${req.seed})`));
    }, deadlineMs);
    worker.once('message', (r: FuzzResult) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  killed: boolean;
}

function cli(dir: string, deadlineMs: number): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO, 'dist', 'cli.js'), 'lint', dir, '--format', 'json'],
      { cwd: dir, timeout: deadlineMs, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) =>
        resolve({
          status: err ? ((err as { code?: number }).code ?? null) : 0,
          stdout,
          stderr,
          killed: !!err?.killed,
        }),
    );
  });
}

// Both fuzzers start when the file loads and run side by side; each test awaits its own.
const ENGINE_RUNS = 2000 * RUNS;
const engineFuzz = inWorker({ runs: ENGINE_RUNS, seed: SEED, capMs: 3000 }, 150_000 * RUNS);
engineFuzz.catch(() => undefined);

test(`the engine survives ${ENGINE_RUNS} mutated rule fixtures: no crash, no internal error, under the time cap`, async () => {
  const r = await engineFuzz;
  assert.equal(r.failure, undefined, `seed ${SEED}: ${r.failure}`);
  assert.equal(r.runs, ENGINE_RUNS);
});

/** Writes `runs` workspaces of mutated fixtures and lints each with the bundled CLI; returns what went wrong. */
async function cliFuzz(runs: number, perRun: number): Promise<string[]> {
  const samples = fc.sample(fc.tuple(fc.constantFrom(...CASES), fc.array(mutation, { minLength: 1, maxLength: 3 })), {
    numRuns: runs * perRun,
    seed: SEED,
  });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-fuzz-'));
  try {
    const dirs: string[] = [];
    for (let r = 0; r < runs; r++) {
      const dir = path.join(root, String(r));
      for (let k = 0; k < perRun; k++) {
        const [c, ms] = samples[r * perRun + k];
        for (const [id, text] of c.files) {
          const out = path.join(dir, String(k), id.replace(/^\/ws\//, ''));
          fs.mkdirSync(path.dirname(out), { recursive: true });
          fs.writeFileSync(out, id === c.target ? ms.reduce(apply, text) : text);
        }
      }
      dirs.push(dir);
    }
    // Two processes at a time: the machine the suite runs on may have two cores.
    const failures: string[] = [];
    let next = 0;
    const lane = async () => {
      while (next < dirs.length) {
        const dir = dirs[next++];
        const r = await cli(dir, 30_000);
        const what = `seed ${SEED}, run ${path.basename(dir)}`;
        if (r.killed) failures.push(`${what}: no answer within 30 s`);
        else if (r.status !== 0 && r.status !== 1)
          failures.push(`${what}: exit ${r.status}: ${r.stderr.slice(0, 2000)}`);
        else if (r.stderr.trim()) failures.push(`${what}: stderr ${r.stderr.slice(0, 2000)}`);
        else {
          const report = JSON.parse(r.stdout) as {
            findings: { ruleId: string; messageId?: string; message: string }[];
          };
          const internal = report.findings.filter(
            (f) => f.messageId === 'internal' || /internal error/.test(f.message),
          );
          if (internal.length) failures.push(`${what}: ${internal.map((f) => `${f.ruleId}: ${f.message}`).join('\n')}`);
        }
      }
    };
    await Promise.all([lane(), lane()]);
    return failures;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const CLI_RUNS = 100 * RUNS;
const cliFailures = cliFuzz(CLI_RUNS, 6);
cliFailures.catch(() => undefined);

test(`the bundled CLI survives mutated rule fixtures in ${CLI_RUNS} processes: exit 0 or 1, JSON out, nothing on stderr`, async () => {
  assert.deepEqual(await cliFailures, []);
});
