import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LspClient } from '../test/helpers/lspClient';
import { Engine, LineIndex } from '../server/src/engine';

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
  let version = 1;
  // Each edit breaks one more subnet id (`subnet-1` → `subnetx1`), so the published count tells us
  // the diagnostics for exactly this keystroke have arrived. Sent as an incremental change (a range),
  // as an editor does with the server's TextDocumentSyncKind.Incremental.
  // The change is prepared before the clock starts: the client's own work is not the server's.
  const keystroke = () => {
    const at = current.indexOf('subnet: subnet-') + 'subnet: subnet'.length;
    const start = new LineIndex(current).position(at);
    current = current.slice(0, at) + 'x' + current.slice(at + 1);
    const range = { start, end: { ...start, character: start.character + 1 } };
    return () => client.changeRanges(file, [{ range, text: 'x' }], ++version);
  };
  let broken = expected;
  // More keystrokes than parses: the first few after the open pay for its garbage and for compiling
  // the edit path, and the median should describe typing, not the first keystroke.
  const EDITS = 15;
  for (let i = 0; i < EDITS; i++) {
    const want = ++broken;
    const send = keystroke();
    t = performance.now();
    send();
    await client.waitFor((get) => get(file).length === want, 60_000);
    edits.push(performance.now() - t);
  }
  // A burst: ten keystrokes sent at once, as when typing outruns the analysis. Counts how many
  // analyses (each publishes a new count) the server ran for them and how long until the last.
  const BURST = 10;
  const publishedBefore = client.events.length;
  const sends = Array.from({ length: BURST }, keystroke);
  t = performance.now();
  for (const send of sends) send();
  broken += BURST;
  const wantBurst = broken;
  await client.waitFor((get) => get(file).length === wantBurst, 60_000);
  const burst = performance.now() - t;
  const analyses = client.events.slice(publishedBefore).filter((e) => e.kind === 'diagnostics').length;
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(`lsp ${DOCS}-document YAML (${(text.length / 1024).toFixed(0)} KiB):`);
  console.log(`  bare yaml.parseAllDocuments:        ${median(parse).toFixed(0)} ms (median of ${runs})`);
  console.log(`  engine setFile + analyze:           ${median(engine).toFixed(0)} ms (median of ${runs})`);
  console.log(`  LSP didOpen -> diagnostics:         ${open.toFixed(0)} ms`);
  console.log(
    `  LSP one-character edit -> diagnostics: ${median(edits).toFixed(0)} ms (median of ${EDITS}: ${edits.map((x) => x.toFixed(0)).join(', ')})`,
  );
  console.log(`  edit / bare parse:                  ${(median(edits) / median(parse)).toFixed(2)}`);
  console.log(`  burst of ${BURST} edits -> last diagnostics: ${burst.toFixed(0)} ms, ${analyses} analyses published`);
}

void main();
