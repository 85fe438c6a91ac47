import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { unifiedDiff } from '../../server/src/report/diff';

/**
 * Applies a unified diff the way patch(1) does, strictly: every context and removed line must be
 * in the old text at the position its hunk header says, so a wrong header or a missing line fails.
 */
function applyPatch(before: string, patch: string): string {
  const old = before.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const lines = patch.split('\n');
  const out: string[] = [];
  let at = 0;
  let i = 2;
  while (i < lines.length) {
    const h = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(lines[i++]);
    assert.ok(h, `expected a hunk header, got ${lines[i - 1]}`);
    const count = h[2] === undefined ? 1 : Number(h[2]);
    const start = count === 0 ? Number(h[1]) : Number(h[1]) - 1;
    assert.ok(start >= at, 'hunks out of order');
    for (; at < start; at++) out.push(old[at]);
    while (i < lines.length && !lines[i].startsWith('@@')) {
      const line = lines[i++];
      const noEol = lines[i] === '\\ No newline at end of file';
      if (noEol) i++;
      const text = line.slice(1) + (noEol ? '' : '\n');
      if (line[0] === '+') out.push(text);
      else {
        assert.equal(
          old[at],
          text,
          `line ${at + 1} differs from the diff's ${line[0] === '-' ? 'removal' : 'context'}`,
        );
        if (line[0] === ' ') out.push(text);
        at++;
      }
    }
  }
  for (; at < old.length; at++) out.push(old[at]);
  return out.join('');
}

test('a unified diff turns the old text into the new one, with line endings and final-break state', () => {
  const line = fc.constantFrom('a', 'b', 'c', 'd', 'x: 1', '  - y', '');
  const text = fc
    .tuple(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([ls, eol, final]) => (ls.length ? ls.join(eol) + (final ? eol : '') : ''));
  fc.assert(
    fc.property(text, text, (a, b) => {
      const d = unifiedDiff('f.yaml', a, b);
      if (a === b) return assert.equal(d, '');
      assert.match(d, /^--- a\/f\.yaml\n\+\+\+ b\/f\.yaml\n@@ /);
      assert.equal(applyPatch(a, d), b);
    }),
    { numRuns: 500 },
  );
});

test('changes far apart are separate hunks with three lines of context', () => {
  const a = Array.from({ length: 20 }, (_, i) => `line ${i + 1}\n`).join('');
  const b = a.replace('line 2\n', 'line two\n').replace('line 18\n', 'line eighteen\n');
  assert.equal(
    unifiedDiff('x', a, b),
    [
      '--- a/x',
      '+++ b/x',
      '@@ -1,5 +1,5 @@',
      ' line 1',
      '-line 2',
      '+line two',
      ' line 3',
      ' line 4',
      ' line 5',
      '@@ -15,6 +15,6 @@',
      ' line 15',
      ' line 16',
      ' line 17',
      '-line 18',
      '+line eighteen',
      ' line 19',
      ' line 20',
    ].join('\n'),
  );
});
