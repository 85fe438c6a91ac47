import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine, LineIndex } from '../../server/src/engine';
import { applyContentChanges } from '../../server/src/lsp/convert';

/**
 * Incremental text sync: the server applies `didChange` ranges to its copy of a buffer and splices
 * the line index instead of rebuilding it. Both must give exactly what the client's text and a fresh
 * index give, whatever the edits: line breaks of every kind (a \r\n pair split or joined by an
 * edit), astral characters (two UTF-16 units), positions past a line's end or past the last line.
 */

const piece = fc.constantFrom('a', 'bc', ' ', '\n', '\r', '\r\n', '😀', '---\n', 'x: 1\n');
const textArb = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
const positionArb = fc.record({ line: fc.nat({ max: 12 }), character: fc.nat({ max: 8 }) });
const changeArb = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: positionArb, end: positionArb }), text: textArb }) },
  { weight: 1, arbitrary: fc.record({ text: textArb }) },
);

/** The client's side: each change applied to the text with a freshly built index. */
function naive(text: string, changes: ({ text: string } | { range: { start: Pos; end: Pos }; text: string })[]) {
  for (const c of changes) {
    if (!('range' in c)) {
      text = c.text;
      continue;
    }
    const idx = new LineIndex(text);
    let [a, b] = [idx.offset(c.range.start), idx.offset(c.range.end)];
    if (b < a) [a, b] = [b, a];
    text = text.slice(0, a) + c.text + text.slice(b);
  }
  return text;
}
type Pos = { line: number; character: number };

function sameIndex(actual: LineIndex, text: string): void {
  const fresh = new LineIndex(text);
  assert.equal(actual.lineCount, fresh.lineCount);
  for (let l = 0; l < fresh.lineCount; l++) assert.equal(actual.lineStart(l), fresh.lineStart(l));
  for (let o = 0; o <= text.length; o++) assert.deepEqual(actual.position(o), fresh.position(o));
}

test('applied content changes give the client text and the index a fresh build gives', () => {
  fc.assert(
    fc.property(textArb, fc.array(changeArb, { minLength: 1, maxLength: 5 }), (text, changes) => {
      const out = applyContentChanges({ text }, changes);
      assert.equal(out.text, naive(text, changes));
      sameIndex(out.lines, out.text);
    }),
    { numRuns: 500 },
  );
});

test('edits at the start, in the middle and at the end, in one batch, with CRLF and astral characters', () => {
  const text = 'a😀b\r\nsecond\r\nthird';
  const out = applyContentChanges({ text }, [
    // After the emoji (UTF-16 character 3), then a line joined by deleting its \r\n, then the end.
    { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } }, text: '😀' },
    { range: { start: { line: 1, character: 6 }, end: { line: 2, character: 0 } }, text: ' ' },
    { range: { start: { line: 1, character: 99 }, end: { line: 1, character: 99 } }, text: '\r\nend' },
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '' },
  ]);
  assert.equal(out.text, '😀😀b\r\nsecond third\r\nend');
  sameIndex(out.lines, out.text);
});

const ENI = (i: number) =>
  `apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: pods-${i}\nspec:\n  subnet: subnet-0${i}\n  securityGroups:\n    - sg-0123456789abcdef0\n`;

test('a random sequence of edits leaves the engine with the findings a fresh analysis of the final text has', () => {
  const base = Array.from({ length: 12 }, (_, i) => ENI(i)).join('---\n');
  const insert = fc.constantFrom('x', '-', ' ', '\n', '---\n', '  subnet: nope\n', 'kind: ENIConfig\n', '\r\n', '😀');
  const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.nat({ max: 30 }), text: insert });
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
      const engine = new Engine();
      engine.setFile('f.yaml', base);
      engine.analyze();
      for (const e of edits) {
        const text = engine.text('f.yaml')!;
        const lines = engine.lines('f.yaml')!;
        const start = Math.floor(e.at * text.length);
        const end = Math.min(text.length, start + e.len);
        const range = { start: lines.position(start), end: lines.position(end) };
        const next = applyContentChanges({ text, lines }, [{ range, text: e.text }]);
        engine.setFile('f.yaml', next.text, next.lines);
        engine.analyze();
      }
      const fresh = new Engine();
      fresh.setFile('f.yaml', engine.text('f.yaml')!);
      assert.deepEqual(engine.findings('f.yaml'), fresh.findings('f.yaml'));
      sameIndex(engine.lines('f.yaml')!, engine.text('f.yaml')!);
    }),
    { numRuns: 60 },
  );
});
