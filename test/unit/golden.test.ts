import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertGolden } from '../helpers/golden';

/** Runs `fn` with UPDATE_SNAPSHOTS set to `value` (or unset), whatever the developer's shell says. */
function withUpdate(value: string | undefined, fn: () => void): void {
  const saved = process.env.UPDATE_SNAPSHOTS;
  if (value === undefined) delete process.env.UPDATE_SNAPSHOTS;
  else process.env.UPDATE_SNAPSHOTS = value;
  try {
    fn();
  } finally {
    if (saved === undefined) delete process.env.UPDATE_SNAPSHOTS;
    else process.env.UPDATE_SNAPSHOTS = saved;
  }
}

const tempSnap = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-golden-')), 'case.yaml.snap');

test('a missing snapshot fails, says how to create it, and is not written', () => {
  const file = tempSnap();
  withUpdate(undefined, () => {
    assert.throws(() => assertGolden(file, 'finding\n'), /missing snapshot .*case\.yaml\.snap.*UPDATE_SNAPSHOTS=1/);
  });
  assert.equal(fs.existsSync(file), false);
});

test('a missing snapshot fails in CI and out of it alike', () => {
  const file = tempSnap();
  const savedCi = process.env.CI;
  try {
    for (const ci of [undefined, 'true']) {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
      withUpdate(undefined, () => assert.throws(() => assertGolden(file, 'finding\n'), /missing snapshot/));
    }
  } finally {
    if (savedCi === undefined) delete process.env.CI;
    else process.env.CI = savedCi;
  }
  assert.equal(fs.existsSync(file), false);
});

test('UPDATE_SNAPSHOTS=1 writes the snapshot; without it a different output fails and leaves it alone', () => {
  const file = tempSnap();
  withUpdate('1', () => assertGolden(file, 'old\n'));
  assert.equal(fs.readFileSync(file, 'utf8'), 'old\n');
  withUpdate(undefined, () => {
    assertGolden(file, 'old\n');
    assert.throws(() => assertGolden(file, 'new\n'), /snapshot .* differs/);
  });
  assert.equal(fs.readFileSync(file, 'utf8'), 'old\n');
});
