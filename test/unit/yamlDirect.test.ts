import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWhole } from '../../server/src/parsers/yaml';
import { parseDirect } from '../../server/src/parsers/yamlDirect';
import { maskPlaceholders } from '../../server/src/parsers/yamlScalars';
import { Interner } from '../../server/src/parsers/interner';
import type { ParsedYaml } from '../../server/src/parsers/yamlTypes';
import { rng } from '../../bench/workspaceCommon';
import { corpus, mutate } from '../helpers/yamlCorpus';

/**
 * The direct YAML path (yamlDirect.ts) reads text with no lexer, so every span is worked out anew;
 * it must give exactly what the yaml package's Composer path gives, or nothing. Whenever it
 * answers, its answer is compared with the Composer path's (every node, span, tag, style, value
 * and problem) over real files, their random mutations and edge cases.
 */

function composer(text: string): ParsedYaml {
  return parseWhole(text, new Interner(), { composer: true });
}

function direct(text: string): ParsedYaml | undefined {
  return parseDirect(maskPlaceholders(text), new Interner());
}

/**
 * The documents of a text as parseYaml hands them to parseWhole: split before every column-0
 * `---` (parseDirect reads one document; a text of several is declined whole).
 */
function chunks(text: string): string[] {
  const starts = [0];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m.index > 0) starts.push(m.index);
  return starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length));
}

/** Compares the two paths on every document of a text; counts the documents the direct path read. */
function same(text: string, label: string): { taken: number; all: number } {
  let taken = 0;
  const parts = chunks(text);
  for (const part of parts) {
    const d = direct(part);
    if (!d) continue;
    taken++;
    assert.deepStrictEqual(d, composer(part), `${label}: ${JSON.stringify(part.slice(0, 300))}`);
    // parseWhole takes the direct path by default here; it must hand the same result on.
    assert.deepStrictEqual(parseWhole(part), d, label);
  }
  return { taken, all: parts.length };
}

test('the direct path equals the Composer path on every fixture, example and generated file', () => {
  let taken = 0;
  let all = 0;
  for (const { label, text } of corpus()) {
    const r = same(text, label);
    taken += r.taken;
    all += r.all;
  }
  // Fixtures hold every YAML feature on purpose; most documents must still be read directly.
  assert.ok(taken / all > 0.5, `direct path taken for ${taken} of ${all} documents`);
});

test('the direct path equals the Composer path on thousands of random mutations', () => {
  const texts = corpus()
    .map((c) => c.text)
    .filter((t) => t.length < 6000);
  const next = rng(12);
  let cases = 0;
  let taken = 0;
  for (let round = 0; round < 4; round++) {
    for (const original of texts) {
      let text = original;
      for (let i = 0; i < 4; i++) {
        text = mutate(text, next);
        cases++;
        const r = same(text, `mutation ${cases}`);
        if (r.taken === r.all) taken++;
      }
    }
  }
  assert.ok(cases >= 3000, `${cases} cases`);
  // Both outcomes must be exercised: many mutations stay in the subset, many leave it.
  assert.ok(taken > cases / 10 && taken < cases, `direct path taken for ${taken} of ${cases} mutations`);
});
