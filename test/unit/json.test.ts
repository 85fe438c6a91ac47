import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../../server/src/parsers/json';
import { getPath, str, toPlain } from '../../server/src/parsers/tree';

test('JSON parses into the located tree with exact spans, BOM included', () => {
  const text = '\uFEFF{"a": {"b": ["x", 2, true, null]}}';
  const { documents, problems } = parseJson(text);
  assert.deepEqual(problems, []);
  const x = getPath(documents[0].root, ['a', 'b', 0])!;
  assert.equal(text.slice(x.span.start, x.span.end), '"x"');
  assert.equal(str(x), 'x');
  assert.deepEqual(toPlain(documents[0].root!), { a: { b: ['x', 2, true, null] } });
});

test('comments and trailing commas are errors, as AWS and kubectl read JSON', () => {
  assert.ok(parseJson('{"a": 1, // no\n"b": 2}').problems.length > 0);
  assert.ok(parseJson('{"a": [1, 2,]}').problems.length > 0);
});

test('thousands of unclosed brackets give a few in-range problems, not a flood or a crash', () => {
  const text = '['.repeat(5000) + '{"a": 1}';
  const { problems } = parseJson(text);
  assert.ok(problems.length > 0 && problems.length <= 10, `${problems.length} problems`);
  for (const p of problems)
    assert.ok(p.span.start >= 0 && p.span.end <= text.length && p.span.start < p.span.end, JSON.stringify(p.span));
  assert.ok(problems.some((p) => /Nested deeper than/.test(p.message)));
});

test('a missing closing bracket at the end points at the last character written', () => {
  const text = '{"a": [1, 2\n\n';
  const p = parseJson(text).problems[0];
  assert.equal(p.span.start, text.trimEnd().length - 1);
});
