import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/parsers/yaml';
import { get, isMap, type LNode } from '../../server/src/parsers/tree';

const TAGS = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'Select',
  'Split',
  'Cidr',
  'GetAZs',
  'If',
  'Equals',
  'And',
  'Or',
  'Not',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Condition',
];

/**
 * Every CloudFormation short-form tag, in scalar, flow sequence, block sequence and mapping forms,
 * parses without a problem and keeps its tag and the exact span of its value.
 */
test('every short-form intrinsic tag keeps its tag and span in every form', () => {
  const lines: string[] = [];
  for (const t of TAGS) {
    lines.push(`${t}Scalar: !${t} a.b`);
    lines.push(`${t}Flow: !${t} [x, y]`);
    lines.push(`${t}Block: !${t}\n  - x\n  - y`);
    lines.push(`${t}Map: !${t} {k: v}`);
  }
  const text = lines.join('\n') + '\n';
  const parsed = parseYaml(text);
  assert.deepEqual(parsed.problems, []);
  const root = parsed.documents[0].root;
  assert.ok(isMap(root));
  for (const t of TAGS) {
    const check = (key: string, kind: LNode['kind'], written: RegExp) => {
      const n = get(root, key)!;
      assert.equal(n.tag, `!${t}`, key);
      assert.equal(n.kind, kind, key);
      assert.match(text.slice(n.span.start, n.span.end), written, key);
      // The tag is written right before the value (and its span), separated only by blanks.
      assert.ok(text.slice(0, n.span.start).trimEnd().endsWith(`${key}: !${t}`), key);
    };
    check(`${t}Scalar`, 'scalar', /^a\.b$/);
    check(`${t}Flow`, 'seq', /^\[x, y\]$/);
    check(`${t}Block`, 'seq', /^- x\n {2}- y\n?$/);
    check(`${t}Map`, 'map', /^\{k: v\}$/);
  }
});

test('!GetAtt A.B scalar form and a JSON template parse with exact spans', () => {
  const text = 'Value: !GetAtt Vpc.CidrBlock\n';
  const n = get(parseYaml(text).documents[0].root, 'Value')!;
  assert.equal(n.tag, '!GetAtt');
  assert.equal(text.slice(n.span.start, n.span.end), 'Vpc.CidrBlock');
  const json = '{"A": {"Fn::GetAtt": ["Vpc", "CidrBlock"]}}';
  const parsed = parseYaml(json);
  assert.deepEqual(parsed.problems, []);
  const a = get(parsed.documents[0].root, 'A')!;
  assert.equal(json.slice(a.span.start, a.span.end), '{"Fn::GetAtt": ["Vpc", "CidrBlock"]}');
});
