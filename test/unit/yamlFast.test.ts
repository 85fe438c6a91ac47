import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parser } from 'yaml';
import { parseWhole } from '../../server/src/parsers/yaml';
import { parseFast } from '../../server/src/parsers/yamlFast';
import { maskPlaceholders } from '../../server/src/parsers/yamlScalars';
import { Interner } from '../../server/src/parsers/interner';
import type { ParsedYaml } from '../../server/src/parsers/yamlTypes';
import { rng } from '../../bench/workspaceCommon';
import { CORE_SCALAR_FORMS, corpus, mutate, mutationChains } from '../helpers/yamlCorpus';
import { CLOUDFORMATION, REALISTIC } from '../helpers/yamlSamples';

/**
 * The fast YAML path (yamlFast.ts) must give exactly what the Composer path gives, or nothing: a
 * span one character off moves every finding and fix below it, a number read as a string changes
 * what a rule sees. Whenever it answers, its answer is compared with the Composer path's, every
 * node, span, tag, style and problem, over real files, their random mutations and edge cases.
 */

function composer(text: string): ParsedYaml {
  return parseWhole(text, new Interner(), { composer: true });
}

function fast(text: string): ParsedYaml | undefined {
  return parseFast(Array.from(new Parser().parse(maskPlaceholders(text))), new Interner());
}

/** Compares the two paths on one text; true when the fast path answered. */
function same(text: string, label: string): boolean {
  const f = fast(text);
  if (!f) return false;
  assert.deepStrictEqual(f, composer(text), `${label}: ${JSON.stringify(text.slice(0, 300))}`);
  // The path parseWhole takes by default is the fast one here; it must hand the same result on.
  assert.deepStrictEqual(parseWhole(text), f, label);
  return true;
}

test('the fast path equals the Composer path on every fixture, example and generated file', () => {
  const all = corpus();
  let taken = 0;
  for (const { label, text } of all) if (same(text, label)) taken++;
  // Files with syntax errors (robustness fixtures) fall back; nearly all others must not.
  assert.ok(taken / all.length > 0.9, `fast path taken for ${taken} of ${all.length} files`);
});

test('the fast path equals the Composer path on thousands of random mutations', () => {
  // Small files mutate into more different shapes per parse than large ones.
  const texts = corpus()
    .map((c) => c.text)
    .filter((t) => t.length < 6000);
  const next = rng(11);
  let taken = 0;
  const cases = mutationChains(
    texts,
    4,
    (text) => mutate(text, next),
    (text, n) => {
      if (same(text, `mutation ${n}`)) taken++;
    },
  );
  assert.ok(cases >= 3000, `${cases} cases`);
  // Both sides of the comparison must be exercised: many mutations stay valid, many do not.
  assert.ok(taken > cases / 5 && taken < cases, `fast path taken for ${taken} of ${cases} mutations`);
});

/** Texts the fast path must read itself, each compared with the Composer path. */
const FAST: string[] = [
  // Every plain scalar form of the core schema, an empty value, a 20-digit integer and a bare `inf`.
  ...[...CORE_SCALAR_FORMS, '', '12345678901234567890', 'inf'].map((v) => `a: ${v}\n`),
  '- 1\n- -2.5\n- .NaN\n- ~\n- true\n- "true"\n- \'1\'\n- 0x10\n',
  // Tags: explicit tags keep the value a string, whatever it looks like.
  'a: !Ref 123\nb: !Ref true\nc: !Ref ~\nd: !Ref\ne: !Sub "x-${AWS::Region}"\nf: !GetAtt a.b\n',
  'Zones: !Select [0, !GetAZs ""]\nName: !Join ["", [a, !Ref B, c]]\nX: !If [Cond, {Ref: x}, !Ref AWS::NoValue]\n',
  'a: !Foo\n  b: c\nd: !Bar\n  - e\n  - !Baz f\n',
  '!Ref a: b\n',
  '- !Ref\n- !Sub\n  - "${A}"\n  - {A: !Ref B}\n',
  // Block scalars with every chomping and indentation indicator.
  'a: |\n  one\n  two\n\nb: |-\n  x\n\n\nc: |+\n  y\n\n\nd: >\n  folded\n  text\n\n  para\n    more\n  back\ne: >-\n  z\n',
  'a: |2\n    indented\n   less\nb: >2-\n   x\nc: | # comment\n  body\nd: |\ne: >\n\n  late\n',
  'a: |+\n  keep\n\n',
  'a: |\n  no newline at end',
  '- |\n  item\n- >-\n  folded\n',
  // Comments everywhere.
  '# head\n\n# more\na: 1 # after\n# between\nb:\n  # inside\n  c: 2\n  # trailing in map\n# trailing\n',
  '- a # c\n# c\n- b\n  # c\n',
  'a: [1, # one\n  2]\nb: {x: 1, # c\n  y: 2}\n',
  // Empty values and keys without values at the end.
  'a:\nb: # comment\nc:\n  d:\n',
  'a:',
  'a:\n',
  '-\n- \n-  # c\n',
  ': v\n',
  // An empty value followed by a comment ends after the comment, and so does its collection.
  'a: 1\nb: # c\n',
  'a: !Ref # c\n',
  '- a\n- # c\n',
  'a:\n  - # c\n',
  // Flow collections.
  'a: {b: 1, c: [x, y], d: {}, e: []}\n',
  '[a, b, ]\n',
  '[a, b] # c\n',
  '{a: 1}  # c\n\n',
  'a: [x] # c\nb: {y: z}   \n',
  '{a, b: , "c": \'d\'}\n',
  'a: [\n  1,\n  2\n]\n',
  '{"json": [1, 2.5, true, null, "x"], "nested": {"k": "v"}}',
  'securityGroups: [${NODE_SG}]\nname: ${CLUSTER}-x\n',
  // Multi-line plain and quoted scalars.
  'a: one\n  two\n\n  three\nb: "x\n  y\\\n  z"\nc: \'p\n\n  q\'\n',
  'a: "\\x41\\u00e9\\U0001F600\\t\\n\\"\\\\"\n',
  // Line endings, unicode, a byte order mark.
  'a: 1\r\nb:\r\n  - x\r\n  - |\r\n    y\r\n    z\r\nc: "q\r\n  r"\r\n',
  '名前: 値\n😀: "\\u263A"\nü: [é, ß]\n',
  '\uFEFFa: 1\n',
  // Documents: markers, empty ones, only comments, `...`.
  '',
  '# only a comment\n',
  '---\n',
  '---\n---\n',
  '--- # c\na: 1\n---\nb: 2\n...\n',
  '--- a\n',
  '--- |\n  x\n',
  '--- [a]\n',
  'a: 1\n...\n# after\n',
  'a: 1\n---\n# nothing\n---\n- x\n',
  // Duplicate keys are kept (the last wins when read).
  'a: 1\na: 2\n',
  // Compact nested sequences and maps in sequences.
  '- - a\n  - b\n- c: 1\n  d: 2\n-   e: 3\n',
  // Tags before collections and keys.
  'a: !Foo\n  - x\n',
  '!Foo\n- a\n',
  '!Foo a: 1\n',
  '- !Foo\n  - x\n',
  'a: !Foo [x]\n',
  'a:\n- x\n- y\nb: z\n',
];

/** Texts outside the subset (or with errors): the fast path must decline them. */
const FALLBACK: string[] = [
  'a: &x 1\nb: *x\n',
  '%YAML 1.2\n---\na: 1\n',
  '? a\n: b\n',
  'a:\n\tb: 1\n',
  'a: !!str 1\n',
  'a: ! 1\n',
  'a: !<tag:x> 1\n',
  'a: !e%21 1\n',
  '"a\n b": 1\n',
  '[a, b]: 1\n',
  'a: [b: c]\n',
  'a: 1\n b: 2\n',
  'a: [1, 2\n',
  'a: "open\n',
  'a: b: c\n',
  '- a\nb: 1\n',
  'a: |\nb\n',
  '@a: 1\n',
  '[a,#c\n]\n',
  'a: !Ref"x"\n',
  'a: !Ref[x]\n',
  '- !Foo - x\n',
  '!Foo - a\n',
  '- &a\n- *a\n',
];

test('edge cases of the subset are read by the fast path, exactly as by the Composer', () => {
  for (const text of FAST) {
    assert.ok(same(text, 'edge case'), `fast path declined ${JSON.stringify(text)}`);
    assert.ok(same(text.replaceAll('\n', '\r\n'), 'edge case, CRLF') || text.includes('\r'), JSON.stringify(text));
  }
});

test('the fast path declines anchors, directives, explicit keys, tabs, odd tags and errors', () => {
  for (const text of FALLBACK) assert.equal(fast(text), undefined, JSON.stringify(text));
  // What parseWhole then returns is the Composer's answer, problems included.
  assert.deepStrictEqual(parseWhole('a: [1, 2\n'), composer('a: [1, 2\n'));
  assert.ok(composer('a: [1, 2\n').problems.length > 0);
});

test('tags, numbers and nulls get the values the Composer gives them', () => {
  const root = fast('a: !Ref 123\nb: 0o17\nc: 0x1F\nd: ~\ne: .5\nf: -.inf\ng: "1"\nh: 1e3\n')!.documents[0].root!;
  assert.equal(root.kind, 'map');
  const values = root.entries.map((e) => (e.value.kind === 'scalar' ? e.value.value : undefined));
  assert.deepStrictEqual(values, ['123', 15, 31, null, 0.5, -Infinity, '1', 1000]);
  assert.equal(root.entries[0].value.tag, '!Ref');
});

test('realistic files take the fast path: a Kubernetes manifest, an eksctl config, a CloudFormation template', () => {
  for (const [name, text] of REALISTIC) assert.ok(same(text, name), `${name} fell back to the Composer`);
  const cfn = fast(CLOUDFORMATION)!.documents[0].root!;
  assert.ok(JSON.stringify(cfn).includes('"tag":"!GetAZs"'));
});
