import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SERVER, serverSources } from '../helpers/serverSources';
import { FEATURES } from '../../server/src/features';

test('each registered editor feature is listed under its own id', () => {
  for (const [key, feature] of Object.entries(FEATURES) as [string, { id: string }][]) assert.equal(feature.id, key);
});

test('editor features ask the evaluator services, never builder internals or an evaluator of their own', () => {
  const offenders = serverSources(path.join(SERVER, 'features')).filter((f) => {
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
