import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { initHcl } from '../../server/src/parsers/hcl';
import { apply, corpus, exercise, mutation, type Case } from '../helpers/robustness';

/**
 * Property tests over the real fixtures and examples: each is damaged the way editing damages a
 * file (cut off mid-word, lines lost, duplicated or swapped, stray characters, template actions,
 * tags, NULs, lone surrogates, deep nesting) and the whole engine must still answer: no throw, no
 * internal-error finding, every finding inside its file, each run within the deadline.
 */
before(async () => assert.ok(await initHcl(), 'the wasm HCL parser loads'));

const CASES = corpus();
/** FC_RUNS=20 multiplies the runs for a longer hunt; FC_SEED replays a failure. */
const RUNS = Number(process.env.FC_RUNS ?? 1);
const isHcl = (c: Case) => /\.(tf|tfvars)$/.test(c.target);
function property(cases: Case[]) {
  return fc.property(fc.constantFrom(...cases), fc.array(mutation, { minLength: 1, maxLength: 3 }), (c, ms) => {
    const files = new Map(c.files);
    files.set(c.target, ms.reduce(apply, c.files.get(c.target) ?? ''));
    exercise(files, c.target);
  });
}

test('the corpus holds YAML, JSON and Terraform fixtures', () => {
  assert.ok(CASES.filter(isHcl).length >= 10);
  assert.ok(CASES.filter((c) => /\.json$/.test(c.target)).length >= 3);
  assert.ok(CASES.filter((c) => /\.ya?ml$/.test(c.target)).length >= 100);
});

test('every fixture, unmutated, passes the same checks', () => {
  for (const c of CASES) exercise(c.files, c.target, { every: 97 });
});

test('mutated YAML and JSON fixtures never crash, hang or misplace a finding', () => {
  fc.assert(property(CASES.filter((c) => !isHcl(c))), {
    numRuns: 150 * RUNS,
    seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
  });
});

test('mutated Terraform fixtures never crash, hang or misplace a finding', () => {
  fc.assert(property(CASES.filter(isHcl)), {
    numRuns: 60 * RUNS,
    seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
  });
});
