import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LspClient } from '../test/helpers/lspClient';
import { Engine } from '../server/src/engine';

/**
 * Time to diagnostics over LSP for a 5,000-document YAML file, on open and after a one-character
 * edit, beside the bare `yaml` parse of the same text: how much of a keystroke's cost is ours.
 * Prints one line per figure; docs/performance.md records them.
 */
const DOCS = 5000;

function bigYaml(): string {
  const parts: string[] = [];
  for (let i = 0; i < DOCS; i++) {
    const subnet = i % 50 === 0 ? `not-a-subnet-${i}` : `subnet-${(0x10000000 + i).toString(16)}`;
    parts.push(
      `apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: pods-${i}\nspec:\n  subnet: ${subnet}\n  securityGroups:\n    - sg-0123456789abcdef0\n`,
    );
  }
  return parts.join('---\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const text = bigYaml();
  const runs = 5;
  const parse: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    parseAllDocuments(text);
    parse.push(performance.now() - t);
  }
  const engine: number[] = [];
  for (let i = 0; i < runs; i++) {
    const e = new Engine();
    const t = performance.now();
    e.setFile('big.yaml', text);
    e.analyze();
    engine.push(performance.now() - t);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-bench-'));
  const file = path.join(dir, 'big.yaml');
  const client = new LspClient();
  await client.initialize(dir);
  const expected = DOCS / 50;
  let t = performance.now();
  client.open(file, text);
  await client.waitFor((get) => get(file).length === expected, 60_000);
  const open = performance.now() - t;
  const edits: number[] = [];
  let current = text;
  for (let i = 0; i < runs; i++) {
    // Each edit breaks one more subnet id (`subnet-1` → `subnetx1`), so the published count tells
    // us the diagnostics for exactly this keystroke have arrived.
    const at = current.indexOf('subnet: subnet-');
    current = current.slice(0, at) + 'subnet: subnetx' + current.slice(at + 'subnet: subnet-'.length);
    const want = expected + i + 1;
    t = performance.now();
    client.change(file, current, i + 2);
    await client.waitFor((get) => get(file).length === want, 60_000);
    edits.push(performance.now() - t);
  }
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(`lsp ${DOCS}-document YAML (${(text.length / 1024).toFixed(0)} KiB):`);
  console.log(`  bare yaml.parseAllDocuments:        ${median(parse).toFixed(0)} ms (median of ${runs})`);
  console.log(`  engine setFile + analyze:           ${median(engine).toFixed(0)} ms (median of ${runs})`);
  console.log(`  LSP didOpen -> diagnostics:         ${open.toFixed(0)} ms`);
  console.log(`  LSP one-character edit -> diagnostics: ${median(edits).toFixed(0)} ms (median of ${runs})`);
}

void main();
