import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Engine } from '../../server/src/engine';

/**
 * A long editing session must hold one version of a file, not every version typed. Trees of
 * unchanged documents outlive the text they were parsed from, and V8 makes a slice of 13 or more
 * characters a view that keeps the whole text alive, so a tree holding slices kept every version
 * of the file: about 0.8 MB per keystroke in a 5,000-document file (base/detached.ts).
 *
 * The heap is measured after full collections; the margins are several times the noise, and a
 * leak of one text per edit would exceed them several times over.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Types `edits` characters at spread positions (inserting and deleting), analysing after each. */
function typeInto(engine: Engine, id: string, edits: number): void {
  let text = engine.text(id)!;
  for (let i = 0; i < edits; i++) {
    let at = (i * 7919) % text.length;
    while (at < text.length - 1 && !/[a-z0-9]/.test(text[at])) at++;
    text = i % 2 ? text.slice(0, at) + 'x' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    engine.setFile(id, text);
    engine.findings(id);
  }
}

const MB = 1024 * 1024;

/**
 * How much the heap grows over `edits` keystrokes in a file, after 30 to warm up (the first edits
 * compile code and settle caches).
 */
function growthOverKeystrokes(id: string, text: string, edits: number): number {
  const engine = new Engine();
  engine.setFile(id, text);
  engine.analyze();
  typeInto(engine, id, 30);
  const before = heapAfterGc();
  typeInto(engine, id, edits);
  return heapAfterGc() - before;
}

test('typing in a multi-document file keeps one version of its text, not one per keystroke', () => {
  const docs = Array.from(
    { length: 1000 },
    (_, i) =>
      `apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: pods-${i}\nspec:\n  subnet: subnet-${(0x10000000 + i).toString(16)}\n  securityGroups:\n    - sg-0123456789abcdef0\n`,
  );
  // 200 versions of a 160 KB text: 32 MB if each stayed.
  const grown = growthOverKeystrokes('eni.yaml', docs.join('---\n'), 200);
  assert.ok(grown < 6 * MB, `the heap grew by ${(grown / MB).toFixed(1)} MB over 200 keystrokes`);
});

test('typing in one large document keeps one version of its text, not one per keystroke', () => {
  const rows = Array.from({ length: 2500 }, (_, i) => `  setting-number-${i}: value-number-${i}-of-this-map\n`);
  // 300 versions of a 130 KB text, re-parsed around each edit: 39 MB if each stayed.
  const grown = growthOverKeystrokes(
    'big.yaml',
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${rows.join('')}`,
    300,
  );
  assert.ok(grown < 8 * MB, `the heap grew by ${(grown / MB).toFixed(1)} MB over 300 keystrokes`);
});
