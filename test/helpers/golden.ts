import * as fs from 'node:fs';
import assert from 'node:assert/strict';

/**
 * Compares against a checked-in snapshot. UPDATE_SNAPSHOTS=1 rewrites it (review the diff); a
 * missing snapshot is written on a developer machine but fails in CI, where nothing may be created.
 */
export function assertGolden(file: string, actual: string): void {
  const update = process.env.UPDATE_SNAPSHOTS === '1';
  if (update || (!fs.existsSync(file) && !process.env.CI)) {
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `missing snapshot ${file}; run with UPDATE_SNAPSHOTS=1`);
  assert.equal(
    actual,
    fs.readFileSync(file, 'utf8'),
    `snapshot ${file} differs; if the change is intended, run with UPDATE_SNAPSHOTS=1`,
  );
}
