import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWhole } from '../../server/src/parsers/yaml';
import { parseDirect } from '../../server/src/parsers/yamlDirect';
import { maskPlaceholders } from '../../server/src/parsers/yamlScalars';
import { Interner } from '../../server/src/parsers/interner';
import type { ParsedYaml } from '../../server/src/parsers/yamlTypes';
import type { LNode } from '../../server/src/parsers/tree';
import { rng } from '../../bench/workspaceCommon';
import { CORE_SCALAR_FORMS, blockScalarDocument, corpus, mutate, mutationChains } from '../helpers/yamlCorpus';
import { CLOUDFORMATION, CONFIG_MAP, REALISTIC } from '../helpers/yamlSamples';

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
function same(text: string, label: string): { taken: number; all: number; blocks: number } {
  let taken = 0;
  let blocks = 0;
  const parts = chunks(text);
  for (const part of parts) {
    const d = direct(part);
    if (!d) continue;
    taken++;
    if (d.documents.some((doc) => doc.root && hasBlockScalar(doc.root))) blocks++;
    assert.deepStrictEqual(d, composer(part), `${label}: ${JSON.stringify(part.slice(0, 300))}`);
    // parseWhole takes the direct path by default here; it must hand the same result on.
    assert.deepStrictEqual(parseWhole(part), d, label);
  }
  return { taken, all: parts.length, blocks };
}

/** Whether a tree holds a block scalar (`|`, `>`), which the direct path reads since it was taught them. */
function hasBlockScalar(n: LNode): boolean {
  if (n.kind === 'scalar') return n.style === 'block';
  if (n.kind === 'seq') return n.items.some(hasBlockScalar);
  return n.entries.some((e) => hasBlockScalar(e.value));
}

test('the direct path equals the Composer path on every fixture, example and generated file', () => {
  let taken = 0;
  let all = 0;
  let blocks = 0;
  for (const { label, text } of corpus()) {
    const r = same(text, label);
    taken += r.taken;
    all += r.all;
    blocks += r.blocks;
  }
  // Fixtures hold every YAML feature on purpose; most documents must still be read directly.
  assert.ok(taken / all > 0.5, `direct path taken for ${taken} of ${all} documents`);
  // The fixtures' eksctl configs, workflows and templates with `|` and `>` values among them.
  assert.ok(blocks >= 10, `direct path took only ${blocks} documents with block scalars`);
});

/** Block scalars the direct path reads: in DIRECT below, so each is also read with CRLF line ends. */
const BLOCK_SCALARS: string[] = [
  // Every header: literal and folded, clip, strip and keep, with a comment or trailing spaces after it.
  ...['|', '|-', '|+', '>', '>-', '>+', '| # c', '>- # c', '|+   '].map((h) => `a: ${h}\n  x\n  y\n`),
  // Empty block scalars: at the end, before a sibling, with empty lines, without a final line break.
  ...['|', '|-', '|+', '>', '>+'].flatMap((h) => [
    `a: ${h}\n`,
    `a: ${h}`,
    `a: ${h}\nb: 1\n`,
    `a: ${h}\n\n\nb: 1\n`,
    `a: ${h}\n   \nb: 1\n`,
    `a: ${h}\n\n\n`,
  ]),
  // Blank lines (empty and with spaces) after the content, then a sibling or the end, per chomping.
  ...['|', '|-', '|+', '>', '>-', '>+'].flatMap((h) => [
    `a: ${h}\n  x\n\n\nb: 1\n`,
    `a: ${h}\n  x\n  \n \n    \nb: 1\n`,
    `a: ${h}\n  x\n\n  \n`,
    `a: ${h}\n  x`,
    `a: ${h}\n  x\n  `,
    `a: ${h}\n  x\n     `,
    `a:\n  b: ${h}\n    x\n\n  c: 1\n\nd: 2\n`,
    `- ${h}\n  x\n\n- ${h}\n  y\n\n`,
  ]),
  // Trailing spaces on content lines, empty lines inside, leading empty lines no longer than the content's.
  'a: |\n  x  \n\n  y \n   \n  z\n',
  'a: |\n\n  \n  x\n',
  'a: >\n\n  x\n',
  // Folding: lines joined, empty lines kept, more-indented lines kept as they are.
  'a: >\n  one\n  two\n\n  three\n    indented\n    more\n  four\n\n\n  five\n',
  'a: >-\n    x\n  \n    y\n',
  'a: >\n  a\n\n    b\n\n  c\n',
  // More indentation than needed, detected from the first line; deeper lines keep the difference.
  'a: |\n        x\n          y\n        z\nb: 1\n',
  // Nested in maps and sequences at several depths; compact forms; a sequence at its key's column.
  'a:\n  b:\n    c: |-\n      x\n      y\n    d: 1\n  e: >\n    f\nz: |\n  w\n',
  '- |\n  x\n- a: |\n    y\n  b: >-\n    z\n- - |\n    w\n  - v\n',
  'a:\n- |\n  x\n- |\n  y\nb: 1\n',
  'a:\n  - b:\n      - |\n        x\n      - c: |+\n          y\n\n  - d\n',
  // Tags before the header.
  'a: !Sub |\n  echo ${AWS::Region}\nb: !Sub >-\n  x-${AWS::StackName}\n',
  'UserData:\n  Fn::Base64: !Sub |\n    #!/bin/bash\n    /etc/eks/bootstrap.sh ${ClusterName}\n',
  '- !Sub |\n  x\n- !Base64 |-\n  y\n',
  // Content that would be a comment, a key, a sequence, a flow, a document marker or a tag elsewhere.
  'a: |\n  # not a comment\n  key: value # still content\n  - item\n  [flow, {x: y}]\n  ---\n  !Tag &a *b\n  \'q\' "q"\nb: 1\n',
  'a: |\n  #!/bin/bash\n  echo "a: b" # c\n',
  // Comment lines after a block scalar, at the indentation of what follows (or column 0 at the end).
  'a:\n  b: |\n    x\n  # c\n  d: 1\n# e\nf: 2\n',
  'a: |\n  x\n# c\n',
  // A line less indented than the block ends it: the next key, at the map's column or an outer one.
  'a:\n  b: |\n      x\n  c: 1\nd: |\n    y\ne: 2\n',
  // Indentation indicators, before or after the chomping indicator: content that starts with
  // spaces, leading empty lines longer than the content's indentation, at several depths.
  'a: |2\n    x\n   y\n  z\nb: 1\n',
  'a: |1-\n  x\n',
  '- |1\n  x\n- >2-\n\n      more\n    text\n',
  'a: |2\n      \n  x\n',
  'a:\n  b: |+2\n     x\n\n  c: >-3\n       y\n',
  '- a: |2\n      x\n  b: 1\n',
  // Two block scalars in a row, and one after a leading `---`.
  'a: |\n  x\nb: >\n  y\n',
  '---\na: |\n  x\n',
];

/** Texts the direct path must read itself, each compared with the Composer path (and again with CRLF). */
const DIRECT: string[] = [
  // Every plain scalar form of the core schema, a 21-digit integer, and plain scalars with indicators inside.
  ...[
    ...CORE_SCALAR_FORMS,
    '123456789012345678901',
    ...['a#b', 'a:b', 'x,y', 'b[a]', 'x}y', 'b]', 'AWS::Region', '-a', '-1', '10.0.0.0/16', 'é', "'x' # c"],
  ].map((v) => `a: ${v}\n`),
  '- 1\n- -2.5\n- .NaN\n- ~\n- true\n- "true"\n- \'1\'\n- 0x10\n',
  // Quoted keys and values.
  "\"a\": 'b'\n'c d': \"e f\"\n'it''s': ''\n\"\": \"\"\n\"1\": '2'\n",
  // Tags on scalars (they stay strings), on collections, and alone.
  'a: !Ref 123\nb: !Ref true\nc: !Ref ~\nd: !Ref\ne: !Sub "x-${AWS::Region}"\nf: !GetAtt a.b\n',
  'Zones: !Select [0, !GetAZs ""]\nName: !Join ["", [a, !Ref B, c]]\nX: !If [Cond, {Ref: x}, !Ref AWS::NoValue]\n',
  'a: !Foo\n  b: c\nd: !Bar\n  - e\n  - !Baz f\n',
  '- !Ref\n- !Sub\n  - "${A}"\n  - {A: !Ref B}\n',
  // Flow collections, nested, empty, with quoted keys.
  'a: {b: 1, c: [x, y], d: {}, e: []}\n',
  'Tags: [{Key: Name, Value: x}, {Key: "k", Value: \'v\'}]\nc: [[1, 2], [], {}]\n',
  'a: {"json": [1, 2.5, true, null, "x"], "nested": {"k": "v"}}\n',
  'a: [ x ,  y ]   \n',
  'securityGroups: [${NODE_SG}]\nname: ${CLUSTER}-x\n',
  // Comments in the positions the subset reads.
  '# head\n\n# more\na: 1 # after\n# between\nb:\n  c: 2 # c\n  # inside\n  d: [x]  # c\n# trailing\n',
  '- a # c\n# c\n- b\n',
  'a:\n  b: 1\n# c\n\n',
  // Empty values at the end, before dedents and between siblings; trailing spaces; blank lines.
  'a:',
  'a:\n',
  'a:   \n',
  'a:\n\n\n',
  'a:\n  b:\nc: 1\n',
  'x:\n  a:\n\n',
  '-\n- \n-\n',
  'a: 1   \nb: x  \n',
  'a: 1\n\nb:\n  c: 2\n\n  d: 3\n\ne: 4\n',
  'a: 1\n   \nb: 2\n',
  // Compact maps and sequences in sequences, sequences at their key's column.
  '- a: 1\n  b: 2\n- c: 3\n- - x\n  - y\n-   e: 3\n',
  'a:\n- x\n- y\nb: z\n',
  '- a:\n  - x\n  b: 1\n',
  '-\n  a: 1\n-\n  - b\n',
  // Documents: a leading marker, a marker with a comment, an indented root, leading comments.
  '---\na: 1\n',
  '--- # c\na: 1\n',
  '  a: 1\n  b: 2\n',
  '  # c\n\n  a: 1',
  '# c\n\na: 1',
  // Comment lines between an indicator and the block below it.
  'a:\n  # c\n  b: 1\n',
  'a:\n# c\n- x\n',
  '-\n  # c\n\n  a: 1\n',
  'a: !Foo\n  # c\n  - x\nb:\n  # c\n  # d\n  c: [x]\n',
  // Comment lines before a dedent, at the indentation of what follows.
  'a:\n  b: 1\n# c\nd: 2\n',
  'a:\n  b:\n    c: 1\n  # x\n  d: 2\n',
  '---   \na: 1\n',
  'a: !Ref',
  'a: !Ref   \n',
  'a:b: c\n',
  // Indicators inside scalars, where they mean nothing; backslashes outside double quotes.
  "a: b>c\nd: x|y # z\ne: \"a'b `c` @d\"\nf: b &c *d ?e %f\ng: 'back\\slash'\nh: C:\\path\ni: [x>y, a|b]\n",
  // Keys with flow indicators inside, which block context reads as plain text.
  'a[0]: x\na,b: c\nx{y}: z\n',
  // Duplicate keys are kept, keys of every scalar type.
  'a: 1\na: 2\n1: x\ntrue: y\n~: z\n',
  '名前: 値\nü: [é, ß]\n',
  ...BLOCK_SCALARS,
];

/** Texts at the subset's borders: compared with the Composer path whenever the direct path reads them. */
const BORDER: string[] = [
  '-: 1\n',
  'a:\n     \n  b: 1\n',
  'a: !Foo\n- x\n',
  '- !Foo\n  a: 1\n',
  '<<: {a: 1}\n',
  'a: `x`\nb: @x\n',
  'a: [*x]\nb: {?x: 1}\n',
  '- >\n- |\n- &a\n',
  '- %x\n',
  'a: [a b, c d ]\n',
  '{a: 1}\n',
  '- [a]\n- {b: c}\n',
  'a:  \n  - x\n',
  'a: x\n\n\n',
  'a: "x"\n  \n',
  'a: 1\n  \n  \nb: 2',
  '- a:\n    b: 1\n  c: 2\n',
  'k: -.5\nl: +1\nm: 0.\n',
  "a: ''''\nb: 'x''y'\n",
  'a: "#"\nb: x#y # z\n',
  // An empty last item after comment lines, which the Composer ends after its line break.
  '- x\n# c\n-\n',
  '- x\n# c\n- !Ref\n\n',
  'a:\n  - x\n  # c\n  -\nb: 1\n',
  '- x\n# c\n- |\n',
  // A `-` before a flow indicator, which the Lexer reads as a sequence indicator.
  'c: [[1, 2], [-], {a: -}, [-,a], [-a]]\n',
];

/** Texts outside the subset (or with errors): the direct path must decline them. */
const DECLINED: string[] = [
  'a: &x 1\nb: *x\n',
  '%YAML 1.2\n---\na: 1\n',
  '? a\n: b\n',
  'a:\n\tb: 1\n',
  'a: !!str 1\n',
  'a: ! 1\n',
  'a: !<tag:x> 1\n',
  // Block scalars: at the root, malformed headers, tabs, text after the header, a comment not
  // separated from it, more-indented leading empty lines and less-indented content (errors), a
  // comment line at another indentation after one.
  '|\n  x\n',
  '--- |\n  x\n',
  'a: |0\n  x\n',
  'a: |22\n    x\n',
  'a: |2+-\n  x\n',
  'a: |2\n x\n  y\n',
  'a: |\n\tx\n',
  'a: | x\n',
  'a: |#c\n  x\n',
  'a: |x\n  x\n',
  'a: |-+\n  x\n',
  'a: !Sub|\n  x\n',
  'a: |\n    \n  x\n',
  'a: |\n      x\n    y\n',
  'a:\n  - |\n  x\n',
  'a: |\n  x\n # c\nb: 1\n',
  'a: [|]\n',
  'a: b\n  c\n',
  'a: "b\n  c"\n',
  'a: [1,\n  2]\n',
  'a: "x\\ty"\n',
  'a: 1\n...\n',
  'a: 1\n---\nb: 2\n',
  'a: b: c\n',
  'a: [1, 2\n',
  'a: # c\n',
  'a:\n# c\nb: 1\n',
  'a:\n  b:\n  # c\n  c: 1\n',
  'a: 1\n    # c\nb: 2\n',
  '[a, b]: 1\n',
  'a: [b: c]\n',
  'a: [a, , b]\n',
  'a: 1\n b: 2\n',
  '- a\nb: 1\n',
  '\uFEFFa: 1\n',
  'a: 1\r',
  '--- a\n',
  '---\n',
  '',
  '# only\n',
  'plain scalar\n',
  'a: -\n',
  'a: :x\n',
  'a: x:\n',
  'a: "x"y\n',
  "a: 'x'y\n",
  'a: [x]y\n',
];

test('edge cases of the subset are read by the direct path, exactly as by the Composer', () => {
  for (const text of DIRECT) {
    assert.equal(same(text, 'edge case').taken, 1, `direct path declined ${JSON.stringify(text)}`);
    assert.equal(same(text.replaceAll('\n', '\r\n'), 'edge case, CRLF').taken, 1, JSON.stringify(text));
  }
});

test('block scalars in the last document of a multi-document text are read directly', () => {
  for (const text of ['a: 1\n---\nb: |\n  x\n', 'a: 1\n---\nb: >+\n  x\n\n', 'a: |\n  x\n---\nb: |-\n  y']) {
    assert.equal(same(text, 'multi-document').taken, 2, JSON.stringify(text));
    assert.equal(same(text.replaceAll('\n', '\r\n'), 'multi-document, CRLF').taken, 2, JSON.stringify(text));
  }
});

test('texts at the borders of the subset are read exactly or declined', () => {
  for (const text of BORDER) {
    same(text, 'border case');
    same(text.replaceAll('\n', '\r\n'), 'border case, CRLF');
  }
});

test('the direct path declines what it does not read: anchors, directives, root or malformed block scalars, multi-line nodes, errors', () => {
  for (const text of DECLINED) assert.equal(direct(text), undefined, JSON.stringify(text));
  // parseWhole then gives the yaml package's answer, problems included.
  assert.deepStrictEqual(parseWhole('a: b: c\n'), composer('a: b: c\n'));
  assert.ok(composer('a: b: c\n').problems.length > 0);
});

test('realistic files take the direct path: a Kubernetes manifest, an eksctl config, a CloudFormation template', () => {
  for (const [name, text] of REALISTIC) assert.equal(same(text, name).taken, 1, `${name} was declined`);
  // The block scalars' values, as the Composer gives them, are what the rules read.
  const data = direct(CONFIG_MAP)!.documents[0].root;
  assert.ok(data?.kind === 'map');
  const entries = data.entries.find((e) => e.key.value === 'data')!.value;
  assert.ok(entries.kind === 'map');
  assert.deepStrictEqual(
    entries.entries.map((e) => e.value.kind === 'scalar' && e.value.value),
    [
      '- rolearn: arn:aws:iam::111122223333:role/eks-node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:bootstrappers\n    - system:nodes\n',
      '- userarn: arn:aws:iam::111122223333:user/admin\n  groups: [system:masters]\n\n',
      'true',
    ],
  );
  const cfn = JSON.stringify(direct(CLOUDFORMATION)!.documents[0].root);
  assert.ok(cfn.includes('"tag":"!GetAZs"') && cfn.includes('"tag":"!Sub"'), cfn.slice(0, 200));
});

/** Edits that keep a text near the subset's edges: comments, indicators, tags, quotes, indentation. */
const NEAR = [' #', ' # c', '\n# c\n', '\n  # c\n', '  ', ': ', '- ', "''", '""', '!Ref ', ', ', ':', '\n\n', '\n  \n'];
/** Edits around block scalars: headers, chomping indicators, indentation and empty lines. */
const NEAR_BLOCK = [' |\n', ' >-\n', '|', '>', '-', '+', '2', '\n   ', '\n    x', '\n\n', ' \n', '\n  - |\n    x\n'];

function mutateNear(text: string, next: () => number): string {
  if (next() < 0.7) return mutate(text, next);
  const near = next() < 0.7 ? NEAR : NEAR_BLOCK;
  const at = Math.floor(next() * (text.length + 1));
  return text.slice(0, at) + near[Math.floor(next() * near.length)] + text.slice(at);
}

test('the direct path equals the Composer path on thousands of random mutations', () => {
  // Small files mutate into more different shapes per parse than large ones; the edge cases and
  // realistic files below are in the subset, so their mutations probe its borders.
  const texts = corpus()
    .map((c) => c.text)
    .filter((t) => t.length < 6000)
    .concat(DIRECT, BORDER, ...REALISTIC.map(([, text]) => text));
  const next = rng(12);
  let taken = 0;
  let blocks = 0;
  const cases = mutationChains(
    texts,
    3,
    (text) => mutateNear(text, next),
    (text, n) => {
      const r = same(text, `mutation ${n}`);
      if (r.taken === r.all) taken++;
      if (r.blocks > 0) blocks++;
    },
  );
  assert.ok(cases >= 3000, `${cases} cases`);
  // Both outcomes must be exercised: many mutations stay in the subset, many leave it.
  assert.ok(taken > cases / 10 && taken < cases, `direct path taken for ${taken} of ${cases} mutations`);
  // Mutations around block scalars must reach the direct path too, not only its declines.
  assert.ok(blocks > cases / 20, `direct path took ${blocks} of ${cases} mutations with block scalars`);
});

test('the direct path equals the Composer path on thousands of generated documents with block scalars', () => {
  const next = rng(5);
  let taken = 0;
  let blocks = 0;
  const cases = 4000;
  for (let i = 0; i < cases; i++) {
    const r = same(blockScalarDocument(next), `generated ${i}`);
    taken += r.taken;
    blocks += r.blocks;
  }
  // Well-formed block scalars are read, malformed ones (and the Composer's errors) declined.
  assert.ok(
    blocks > cases / 10 && taken < cases,
    `direct path took ${taken} of ${cases}, ${blocks} with block scalars`,
  );
});
