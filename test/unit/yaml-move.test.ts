import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseYaml, YamlCache } from '../../server/src/parsers/yaml';
import { getPath, walk, type LNode } from '../../server/src/parsers/tree';
import { Engine, type Finding } from '../../server/src/engine';

/**
 * A keystroke in a multi-document file moves every document below it. Those documents keep their
 * trees, moved in place (parsers/yaml.ts, moveTree), instead of being copied: what is memoised on
 * them stays valid, and the keystroke allocates nothing for them. These tests hold the two sides of
 * that: the trees are the same objects at the right offsets, and nobody else's trees move.
 */

const eni = (name: string, subnet: string) =>
  `apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: ${name}\nspec:\n  subnet: ${subnet}\n  securityGroups: [sg-0123456789abcdef0]\n`;

/** Every node of every document spans the text it was parsed from: its own source, as written. */
function assertPlaced(text: string, docs: { root: LNode | null }[]): void {
  for (const d of docs) {
    if (!d.root) continue;
    walk(d.root, (n) => {
      if (n.kind !== 'scalar' || n.style !== 'plain') return;
      assert.equal(text.slice(n.span.start, n.span.end), n.source, `node at ${n.span.start}`);
    });
  }
}

const subnetOf = (root: LNode | null) => getPath(root, ['spec', 'subnet'])!;

test('typing above a document keeps its tree, by identity, at its new offsets', () => {
  const cache = new YamlCache();
  const docs = [eni('a', 'subnet-0aaaaaaaaaaaaaaa1'), eni('b', 'subnet-0bbbbbbbbbbbbbbb2'), eni('c', 'subnet-0ccc3')];
  let text = docs.join('---\n');
  const first = parseYaml(text, cache, false, 'f');
  const third = first.documents[2].root;
  const before = subnetOf(third).span.start;
  for (const typed of ['x', 'xy', 'x']) {
    text = text.replace('name: a', `name: a${typed}`);
    const next = parseYaml(text, cache, true, 'f');
    assert.equal(next.documents[2].root, third, 'the document below the edit keeps its tree');
    assert.notEqual(next.documents[0].root, first.documents[0].root, 'the edited document is parsed again');
    assertPlaced(text, next.documents);
  }
  assert.equal(subnetOf(third).span.start, before + 4);
});

test('a document with aliases below the edit moves each shared node once', () => {
  const cache = new YamlCache();
  const aliased = 'groups: &sg [sg-0123456789abcdef0, sg-0fedcba9876543210]\nsame: *sg\nname: &n pods\nagain: *n\n';
  let text = `a: 1\n---\n${aliased}`;
  const tree = parseYaml(text, cache, false, 'f').documents[1].root;
  for (const typed of ['2', '34', '\n']) {
    text = text.replace('a: 1', `a: 1${typed}`);
    const next = parseYaml(text, cache, true, 'f');
    assertPlaced(text, next.documents);
    assert.equal(next.documents[1].root, tree, 'moved, not copied');
    assert.equal(getPath(tree, ['same']), getPath(tree, ['groups']), 'the alias still shares its node');
  }
});

test('a large document, which the parser also keeps to re-parse around edits, is copied before it moves', () => {
  const cache = new YamlCache();
  const rows = Array.from({ length: 300 }, (_, i) => `  key${i}: value-${i}\n`).join('');
  let text = `a: 1\n---\nkind: ConfigMap\ndata:\n${rows}`;
  parseYaml(text, cache, false, 'f');
  const steps = [
    ['a: 1', 'a: 12'],
    ['key150: value-150', 'key150: value-1500'],
    ['a: 12', 'a: 1'],
    ['key7: value-7', 'key7: v7'],
    ['a: 1', 'a: 123'],
    ['key299: value-299', 'key299: x'],
  ];
  for (const [from, to] of steps) {
    text = text.replace(from, to);
    assertPlaced(text, parseYaml(text, cache, true, 'f').documents);
    // The parses kept to re-parse from stay at their own text's offsets: moving them would make
    // the next re-parse splice nodes at the wrong places.
    for (const r of cache.recent) assertPlaced(r.text, r.parsed.documents);
  }
});

test('a document that two files hold stays where it is in the file that was not edited', () => {
  const cache = new YamlCache();
  const shared = eni('shared', 'subnet-0ddddddddddddddd4');
  const b = `x: 1\n---\n${shared}`;
  parseYaml(`x: 1\n---\n${shared}`, cache, false, 'a');
  const inB = parseYaml(b, cache, false, 'b');
  for (const head of ['x: 12', 'x: 123', 'y: 1']) {
    const a = `${head}\n---\n${shared}`;
    assertPlaced(a, parseYaml(a, cache, true, 'a').documents);
    assertPlaced(b, inB.documents);
  }
});

test('the same document twice in one file gets a tree at each place, each at its own offsets', () => {
  const cache = new YamlCache();
  const twin = eni('twin', 'subnet-0eeeeeeeeeeeeeee5');
  let text = `a: 1\n---\n${twin}---\n${twin}`;
  for (let i = 0; i < 4; i++) {
    const parsed = parseYaml(text, cache, i > 0, 'f');
    assert.notEqual(parsed.documents[1].root, parsed.documents[2].root);
    assertPlaced(text, parsed.documents);
    text = text.replace('a: 1', `a: 1${'0'.repeat(i + 1)}`);
  }
});

/** What a user sees of a finding, fixes included (they are written lazily, from the trees). */
const seen = (f: Finding) => ({ ...f, fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits })) });

test('after random typing in a multi-document file, findings and fixes are those of a fresh analysis', () => {
  // Invalid subnets and a missing field give schema findings (memoised on the trees) in documents
  // below the edits; a second file holds the same documents, so shared trees are exercised too.
  const docs = [
    eni('us-west-2a', 'subnet-0aaaaaaaaaaaaaaa1'),
    eni('us-west-2b', 'not-a-subnet'),
    'apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: us-west-2c\nspec: {}\n',
    eni('pods-spare', 'subnet-0eeeeeeeeeeeeeee5'),
    eni('us-west-2b', 'not-a-subnet'),
  ];
  const lf = docs.join('---\n');
  const ids = ['one.yaml', 'two.yaml'];
  const edit = fc.record({
    file: fc.nat(1),
    at: fc.nat(),
    remove: fc.nat(3),
    text: fc.constantFrom('x', 'ab', '\n', '\r\n', '---\n', ''),
  });
  fc.assert(
    fc.property(fc.boolean(), fc.array(edit, { minLength: 1, maxLength: 10 }), (crlf, edits) => {
      // CRLF files too: Windows checkouts are normal input, and their documents move by two per line.
      const base = crlf ? lf.replace(/\n/g, '\r\n') : lf;
      const engine = new Engine();
      for (const id of ids) engine.setFile(id, base);
      engine.analyze();
      for (const e of edits) {
        const id = ids[e.file];
        const text = engine.text(id)!;
        const at = e.at % (text.length + 1);
        engine.setFile(id, text.slice(0, at) + e.text + text.slice(at + e.remove));
        const fresh = new Engine();
        for (const other of ids) fresh.setFile(other, engine.text(other)!);
        for (const other of ids) assert.deepEqual(engine.findings(other).map(seen), fresh.findings(other).map(seen));
      }
    }),
    { numRuns: 60 },
  );
});
