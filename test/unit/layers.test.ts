import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SERVER, serverSources, serverRel as rel } from '../helpers/serverSources';

/**
 * The layers of ARCHITECTURE.md, bottom first. A file may import its own folder and any folder of a
 * lower rank; folders of the same rank are independent of each other. Files directly in server/src
 * (the entry points) sit on top.
 */
const RANKS: Record<string, number> = {
  base: 0,
  parsers: 1,
  evaluators: 2,
  catalog: 2,
  model: 3,
  facts: 4,
  edits: 4,
  rules: 5,
  features: 6,
  engine: 7,
  report: 8,
  workspace: 8,
  cli: 9,
  lsp: 9,
  '.': 10,
};

const layerOf = (file: string) => (file.includes('/') ? file.split('/')[0] : '.');

/** Every relative import and re-export of every server file, resolved to a server file. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of serverSources(SERVER)) {
    const deps: string[] = [];
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const base = path.resolve(path.dirname(f), m[1]);
      const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
      if (hit) deps.push(rel(hit));
    }
    graph.set(rel(f), deps);
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan), each sorted. */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

test('every server folder is a known layer', () => {
  const unknown = [...importGraph().keys()].map(layerOf).filter((l) => !(l in RANKS));
  assert.deepEqual([...new Set(unknown)], []);
});

test('no import runs up a layer or across to another folder of the same layer', () => {
  const offenders: string[] = [];
  for (const [file, deps] of importGraph()) {
    const from = layerOf(file);
    for (const dep of deps) {
      const to = layerOf(dep);
      if (from === to) continue;
      if (RANKS[to] >= RANKS[from]) offenders.push(`${file} -> ${dep}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the import graph of server/src has no circle', () => {
  assert.deepEqual(circles(importGraph()), []);
});

test('lsp/, cli/, report/ and workspace/ reach the engine only through its façade', () => {
  const offenders: string[] = [];
  for (const [file, deps] of importGraph()) {
    if (RANKS[layerOf(file)] <= RANKS.engine) continue;
    for (const dep of deps) {
      const layer = layerOf(dep);
      if (RANKS[layer] <= RANKS.engine && dep !== 'engine/index.ts') offenders.push(`${file} -> ${dep}`);
    }
  }
  assert.deepEqual(offenders, []);
});
