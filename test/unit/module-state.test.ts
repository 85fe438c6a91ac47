import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { SERVER, serverRel, serverSources } from '../helpers/serverSources';

/**
 * "Caches belong to an Engine or a source file, never to a module": a module-level cache is shared by
 * every Engine of the process, so one workspace's results can leak into another's and each cache
 * needs its own eviction rule. This grep finds module-scope state: any top-level `let`/`var`, and any
 * top-level `const` collection (Map, WeakMap, Set, WeakSet, array, object) that the file mutates.
 */
/**
 * Module state that is not a cache of workspace results, each with why it may stay. Keyed
 * `<file>:<name>`; an entry that no longer matches anything fails the test, so the list cannot rot.
 */
const ALLOWED: Record<string, string> = {
  'parsers/hcl.ts:parser':
    'the tree-sitter grammar, loaded from wasm once per process (asynchronously); it holds no workspace data',
  'parsers/hcl.ts:loading': 'the one pending load of that grammar, so concurrent callers share it',
  'parsers/hcl.ts:failure': 'why that grammar could not be loaded, reported on every Terraform file',
  'catalog/schemas.ts:ajv':
    'the JSON Schema compiler; validators compiled from the constant schemas are the same for every engine',
  'catalog/schemas.ts:compiled': 'validators compiled from the constant schemas under schemas/, no workspace data',
};

/** Names of the module-scope state a source text declares. */
function moduleState(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:export\s+)?(?:let|var)\s+(\w+)/gm)) found.push(m[1]);
  const collection = /^(?:export\s+)?const\s+(\w+)\s*(?::[^=]+)?=\s*(?:new\s+(?:Map|WeakMap|Set|WeakSet)\b|\[|\{)/gm;
  for (const m of text.matchAll(collection)) {
    const name = m[1];
    const mutated = new RegExp(
      `\\b${name}(?:\\[[^\\]\\n]*\\])?(?:\\.(?:set|add|push|unshift|splice|pop|shift|delete|clear|length\\s*=)\\(?|\\[[^\\]\\n]*\\]\\s*=[^=]|\\.\\w+\\s*=[^=>])`,
    );
    if (mutated.test(text)) found.push(name);
  }
  return found;
}

test('the detector finds the shapes of module caches it is meant to forbid', () => {
  assert.deepEqual(moduleState('const cache = new Map<string, number>();\ncache.set("a", 1);\n'), ['cache']);
  assert.deepEqual(moduleState('const memo: Record<string, WeakMap<object, number>> = {};\nmemo[k].set(o, 1);\n'), [
    'memo',
  ]);
  assert.deepEqual(moduleState('const recent: string[] = [];\nfunction f() { recent.push("x"); }\n'), ['recent']);
  assert.deepEqual(moduleState('let last: string | undefined;\n'), ['last']);
  // Constant tables and function-local state are fine.
  assert.deepEqual(moduleState('const KINDS = new Set(["a"]);\nKINDS.has("a");\n'), []);
  assert.deepEqual(moduleState('function f() {\n  const seen = new Set();\n  seen.add(1);\n}\n'), []);
});

test('no server/src module keeps mutable state at module scope, except the justified allow-list', () => {
  const found: string[] = [];
  for (const f of serverSources(SERVER)) {
    const rel = serverRel(f);
    for (const name of moduleState(fs.readFileSync(f, 'utf8'))) found.push(`${rel}:${name}`);
  }
  assert.deepEqual(
    found.filter((k) => !(k in ALLOWED)),
    [],
    'module-level state: hang it off the Engine or a SourceFile (see ARCHITECTURE.md)',
  );
  assert.deepEqual(
    Object.keys(ALLOWED).filter((k) => !found.includes(k)),
    [],
    'allow-list entries that match nothing any more: remove them',
  );
});
