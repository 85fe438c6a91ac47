import * as fs from 'node:fs';
import assert from 'node:assert/strict';

/**
 * Compares against a checked-in snapshot. Only UPDATE_SNAPSHOTS=1 writes one (review the diff). A
 * missing snapshot fails like a wrong one: a run that wrote it would pass whatever the code printed.
 */
export function assertGolden(file: string, actual: string): void {
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(
    fs.existsSync(file),
    `missing snapshot ${file}; create it with \`UPDATE_SNAPSHOTS=1 npm test\` and read it before committing`,
  );
  assert.equal(
    actual,
    fs.readFileSync(file, 'utf8'),
    `snapshot ${file} differs; if the change is intended, run with UPDATE_SNAPSHOTS=1`,
  );
}
