import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/parsers/yaml';
import { getPath, str, toPlain, ExpansionLimitError, type LNode } from '../../server/src/parsers/tree';
import { LineIndex } from '../../server/src/base/lineIndex';
import { engineOf } from '../helpers/workspace';

const at = (text: string, node: LNode | undefined) => (node ? text.slice(node.span.start, node.span.end) : undefined);

test('multi-document files keep exact offsets in every document, CRLF and BOM included', () => {
  const text = '\uFEFFa: 1\r\n---\r\nb: two\r\n---\r\n# c\r\nc: [x, y]\r\n';
  const { documents, problems } = parseYaml(text);
  assert.deepEqual(problems, []);
  assert.equal(documents.length, 3);
  assert.equal(at(text, getPath(documents[1].root, ['b'])), 'two');
  assert.equal(at(text, getPath(documents[2].root, ['c', 1])), 'y');
  const pos = new LineIndex(text).position(getPath(documents[2].root, ['c', 1])!.span.start);
  assert.deepEqual(pos, { line: 5, character: 7 });
});

test('a cached document parse is reused with shifted offsets after an edit above it', () => {
  const doc = 'kind: ENIConfig\nspec:\n  subnet: subnet-1234abcd\n';
  const before = parseYaml(`a: 1\n---\n${doc}`);
  const after = parseYaml(`a: 12345\n---\n${doc}`);
  const s1 = getPath(before.documents[1].root, ['spec', 'subnet'])!.span.start;
  const s2 = getPath(after.documents[1].root, ['spec', 'subnet'])!.span.start;
  assert.equal(s2 - s1, 4);
});

test('a directive stays with the document after it', () => {
  const text = 'a: 1\n---\nb: 2\n...\n%YAML 1.2\n---\nc: 3\n';
  const { documents, problems } = parseYaml(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    documents.map((d) => d.root && toPlain(d.root)),
    [{ a: 1 }, { b: 2 }, { c: 3 }],
  );
});

test('syntax errors are problems at their position, and the rest still parses', () => {
  const text = 'a: [1, 2\n---\nb: ok\n';
  const { documents, problems } = parseYaml(text);
  assert.ok(problems.length >= 1);
  assert.ok(problems[0].span.start < text.indexOf('---'));
  assert.equal(str(getPath(documents[documents.length - 1].root, ['b'])), 'ok');
});

test('unknown tags are kept on the node in scalar, sequence and mapping form', () => {
  const text = 'a: !Ref VpcCidr\nb: !GetAtt [Vpc, CidrBlock]\nc: !Sub { x: y }\nd: !GetAtt Vpc.CidrBlock\n';
  const { documents, problems } = parseYaml(text);
  assert.deepEqual(problems, []);
  const root = documents[0].root;
  assert.equal(getPath(root, ['a'])?.tag, '!Ref');
  assert.equal(getPath(root, ['b'])?.tag, '!GetAtt');
  assert.equal(getPath(root, ['b'])?.kind, 'seq');
  assert.equal(getPath(root, ['c'])?.tag, '!Sub');
  assert.equal(at(text, getPath(root, ['d'])), 'Vpc.CidrBlock');
});

test('an alias bomb is parsed without expansion and refused by toPlain', () => {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  const { documents } = parseYaml(lines.join('\n'));
  assert.throws(() => toPlain(documents[0].root!), ExpansionLimitError);
});

test('an alias bomb in an ENIConfig is a finding, not a hang', () => {
  const lines = [
    'apiVersion: crd.k8s.amazonaws.com/v1alpha1',
    'kind: ENIConfig',
    'metadata:',
    '  name: x',
    'spec:',
    '  subnet: subnet-1234abcd',
    '  a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
  ];
  for (let i = 1; i < 12; i++)
    lines.push(
      `  a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  const findings = engineOf({ 'bomb.yaml': lines.join('\n') }).analyze().findings;
  assert.ok(findings.some((f) => f.ruleId === 'eniconfig-schema' && f.messageId === 'tooLarge'));
});

test('binary and empty files produce no findings and no errors', () => {
  const e = engineOf({ 'a.yaml': '\u0000\u0001\u0002binary', 'b.yaml': '', 'c.json': '{' });
  assert.deepEqual(e.analyze().findings, []);
});
