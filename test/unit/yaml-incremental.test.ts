import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseWhole, parseYaml, YamlCache } from '../../server/src/parsers/yaml';
import { reparse } from '../../server/src/parsers/yamlIncremental';
import { cloudformationYaml, eksctlConfig } from '../../bench/inputs';
import { rng } from '../../bench/workspaceCommon';
import { REPO } from '../helpers/workspace';

/**
 * The incremental re-parse must give exactly the tree a full parse gives, for any edit: a wrong
 * offset or a node spliced into the wrong parent would silently move every finding below it.
 */

/** Characters that change YAML structure, plus ordinary ones. */
const CHARS = [
  ' ',
  ' ',
  '\n',
  ':',
  '-',
  '#',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  "'",
  '!',
  '&',
  '*',
  '|',
  '>',
  'a',
  'x',
  '1',
  '0',
  '.',
];

function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const ch = CHARS[Math.floor(next() * CHARS.length)];
  const op = next();
  if (op < 0.4) return text.slice(0, at) + ch + text.slice(at);
  if (op < 0.7) return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + ch + text.slice(at + 1);
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

test('a spliced re-parse equals the full parse after random edits, chained', () => {
  const texts = [
    cloudformationYaml(),
    eksctlConfig(),
    ...[...yamlFiles(path.join(REPO, 'test/fixtures')), ...yamlFiles(path.join(REPO, 'examples'))].map((f) =>
      fs.readFileSync(f, 'utf8'),
    ),
  ];
  const next = rng(7);
  let spliced = 0;
  let largeSpliced = 0;
  let tried = 0;
  for (const original of texts) {
    const large = original.length > 20_000;
    const rounds = large ? 60 : 20;
    let text = original;
    let parsed = parseWhole(text);
    for (let i = 0; i < rounds; i++) {
      const changed = edit(text, next);
      const full = parseWhole(changed);
      const inc = reparse(text, parsed, changed, parseWhole);
      tried++;
      if (inc) {
        spliced++;
        if (large) largeSpliced++;
        assert.deepEqual(inc, full, `edit ${i} of a ${original.length}-character text`);
      }
      // Keep editing from the spliced tree when there is one (the editor's case), and go back to
      // the original now and then so that the texts stay mostly valid.
      [text, parsed] = i % 10 === 9 ? [original, parseWhole(original)] : [changed, inc ?? full];
    }
  }
  // Not vacuous: most random edits in the large block-style documents take the fast path, and
  // some in the small fixtures (flow style, comments and short files keep most of those whole).
  assert.ok(largeSpliced >= 15, `${largeSpliced} of 120 edits in large documents were spliced`);
  assert.ok(spliced >= tried / 20, `${spliced} of ${tried} edits were spliced`);
});

function firstEntry(p: ReturnType<typeof parseYaml>): unknown {
  const root = p.documents[0]?.root;
  return root?.kind === 'map' ? root.entries[0] : undefined;
}

test('typing a word into a large template through parseYaml gives the full parse at every keystroke', () => {
  // The cache an Engine owns and passes to every parse; the fast path finds the previous text there.
  const cache = new YamlCache();
  const original = cloudformationYaml();
  const at = original.indexOf('Subnet060:\n') + 'Subnet060:\n'.length;
  let text = original;
  for (const [i, ch] of [...'  # renamed later\n'].entries()) {
    text = text.slice(0, at + i) + ch + text.slice(at + i);
    assert.deepEqual(parseYaml(text, cache), parseWhole(text));
  }
  const sub = original.indexOf('-subnet-061');
  let previous = parseYaml(original, cache);
  for (const word of ['-subnet-0610', '-subnet-06', '-subnet-06x1']) {
    text = original.slice(0, sub) + word + original.slice(sub + '-subnet-061'.length);
    const now = parseYaml(text, cache);
    assert.deepEqual(now, parseWhole(text));
    // The keystroke took the fast path: the entries above the edit are the previous parse's nodes.
    assert.equal(firstEntry(now), firstEntry(previous));
    previous = now;
  }
});
