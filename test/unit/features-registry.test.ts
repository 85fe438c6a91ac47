import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers/workspace';
import { FEATURES } from '../../server/src/features';

const SERVER = path.join(REPO, 'server', 'src');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('each registered editor feature is listed under its own id', () => {
  for (const [key, feature] of Object.entries(FEATURES) as [string, { id: string }][]) assert.equal(feature.id, key);
});

test('editor features ask the evaluator services, never builder internals or an evaluator of their own', () => {
  const offenders = sources(path.join(SERVER, 'features')).filter((f) => {
    const text = fs.readFileSync(f, 'utf8');
    return (
      /from ['"][./]*model\/builders\//.test(text) ||
      /new Evaluator\(|new TfModule\(/.test(text) ||
      /from ['"][./]*evaluators\/[^'"]*\/(evaluate|module)['"]/.test(text)
    );
  });
  assert.deepEqual(
    offenders.map((f) => path.relative(SERVER, f)),
    [],
  );
});

test('the Engine answers editor requests through the feature registry only', () => {
  const engine = fs.readFileSync(path.join(SERVER, 'engine', 'index.ts'), 'utf8');
  const imports = [...engine.matchAll(/from ['"]\.\.\/features([^'"]*)['"]/g)].map((m) => m[1]);
  assert.ok(imports.length > 0);
  assert.deepEqual(new Set(imports), new Set(['']), 'engine/index.ts imports features/index.ts, nothing deeper');
  for (const id of Object.keys(FEATURES)) assert.match(engine, new RegExp(`FEATURES\\.${id}\\.run\\(`));
});
