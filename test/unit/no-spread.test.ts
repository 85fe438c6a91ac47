import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { REPO } from '../helpers/workspace';
import { SERVER, serverSources } from '../helpers/serverSources';
import { maxOf, minOf, pushAll } from '../../server/src/base/arrays';

/**
 * Spreading an array into a call puts every element on the stack: `push(...xs)` or
 * `Math.max(...xs)` throws "Maximum call stack size exceeded" somewhere past 100,000 elements, and
 * a workspace decides how long its arrays are (a 260 KB eksctl file with a long instanceTypes list
 * took the server down through mergeInto). So server/src spreads no argument, except where the line
 * above says `bounded spread:` and why the array is small. Array literals (`[...xs]`) do not use
 * the stack and are fine.
 */
/** `file:line  text` of every spread argument in a call or `new` without a `bounded spread:` note. */
function spreadArguments(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lines = text.split('\n');
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && n.arguments) {
      for (const a of n.arguments) {
        if (!ts.isSpreadElement(a)) continue;
        const line = sf.getLineAndCharacterOfPosition(a.getStart(sf)).line;
        if (/bounded spread:/.test(`${lines[line - 1] ?? ''}${lines[line]}`)) continue;
        out.push(`${path.relative(REPO, file)}:${line + 1}  ${lines[line].trim()}`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

test('server/src spreads no array into a call (push(...xs), Math.max(...xs), f(...xs))', () => {
  const offenders = serverSources(SERVER).flatMap((f) => spreadArguments(f, fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});

test('the check finds the spreads it forbids', () => {
  const found = spreadArguments(
    'x.ts',
    'a.push(...b);\nMath.max(...c);\nnew Set(...d);\nconst e = [...f];\n// bounded spread: two names\ng(...h);\n',
  );
  assert.equal(found.length, 3);
});

test('pushAll, minOf and maxOf handle arrays far longer than a spread can', () => {
  const big = Array.from({ length: 500_000 }, (_, i) => i);
  assert.throws(() => [].push(...(big as never[])), RangeError, 'a spread of this size overflows the stack');
  assert.equal(pushAll([-1], big).length, 500_001);
  assert.equal(minOf(big), 0);
  assert.equal(maxOf(big), 499_999);
  assert.equal(minOf([]), undefined);
  assert.ok(Number.isNaN(maxOf([1, NaN, 2])!));
});
