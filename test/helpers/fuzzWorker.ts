/**
 * The in-process engine fuzz of robustness-fuzz.test.ts, run in a worker thread so the test can
 * stop it at a deadline: a mutation that makes the engine loop forever then fails the test instead
 * of hanging the suite. Every rule fixture (test/fixtures/rules/**) is mutated one to three times
 * and loaded with the rest of its case; the engine must analyse it and answer hovers without a
 * throw, an internal-error finding, a misplaced finding, or more than the time cap per input.
 */
import { parentPort, workerData } from 'node:worker_threads';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine, initHcl } from '../../server/src/engine';
import { apply, checkFindings, corpus, mutation } from './robustness';

export interface FuzzRequest {
  runs: number;
  seed: number;
  capMs: number;
}

export interface FuzzResult {
  runs: number;
  slowestMs: number;
  failure?: string;
}

async function run(req: FuzzRequest): Promise<FuzzResult> {
  assert.ok(await initHcl());
  const cases = corpus().filter((c) => c.target.startsWith('/ws/test/fixtures/rules/'));
  let runs = 0;
  let slowestMs = 0;
  const property = fc.property(
    fc.constantFrom(...cases),
    fc.array(mutation, { minLength: 1, maxLength: 3 }),
    (c, ms) => {
      runs++;
      const files = new Map(c.files);
      const text = ms.reduce(apply, c.files.get(c.target) ?? '');
      files.set(c.target, text);
      const started = Date.now();
      const engine = new Engine();
      for (const [id, t] of files) engine.setFile(id, t);
      const findings = engine.analyze().findings;
      for (const at of [0, text.length >> 2, text.length >> 1, text.length]) {
        engine.hover(c.target, at);
        engine.completions(c.target, at);
      }
      engine.inlayHints(c.target);
      const elapsed = Date.now() - started;
      slowestMs = Math.max(slowestMs, elapsed);
      assert.ok(elapsed < req.capMs, `${c.target} took ${elapsed} ms (cap ${req.capMs} ms)`);
      checkFindings(findings, files);
    },
  );
  const out = fc.check(property, { numRuns: req.runs, seed: req.seed });
  return {
    runs,
    slowestMs,
    ...(out.failed ? { failure: `${fc.defaultReportMessage(out) ?? 'failed'}\n${String(out.errorInstance)}` } : {}),
  };
}

if (parentPort)
  run(workerData as FuzzRequest).then(
    (r) => parentPort!.postMessage(r),
    (e: unknown) => parentPort!.postMessage({ runs: 0, slowestMs: 0, failure: String((e as Error)?.stack ?? e) }),
  );
