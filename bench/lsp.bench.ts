import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { Engine } from '../server/src/engine';
import { BenchClient, eksnetServer, median, REPO, uri, verdict, type Publish } from './lspClient';

/**
 * Time to diagnostics over LSP for a 5,000-document YAML file, on open and after one-character
 * edits, beside the bare `yaml.parseAllDocuments` of the same text and yaml-language-server (the
 * best-known peer, validating the same file against our ENIConfig schema), all in the same run so
 * the ratios are current. Edits are sent as ranges when a server asks for incremental sync, as the
 * whole text otherwise. Target from the incremental-engine issue: our median edit at most a fifth of
 * one bare parse.
 */
const DOCS = 5000;
// More keystrokes than parses: the first few after the open pay for its garbage and for compiling
// the edit path, and the median should describe typing, not the first keystroke.
const RUNS = 15;
/** Keystrokes sent at once, as when typing outruns the analysis. */
const BURST = 10;
const CAP_MS = 60_000;

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

function bareParse(text: string, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    parseAllDocuments(text);
    times.push(performance.now() - t);
  }
  return times;
}

interface LspFigures {
  open: number;
  edits: number[];
  /** Time from the first of BURST keystrokes sent together to the diagnostics of the last. */
  burst: number;
  /** How many publishes (one per analysis) the server sent for the burst. */
  burstPublishes: number;
  syncKind: number;
  rssMiB?: number;
}

/**
 * Opens the file, waits for its first diagnostics, then types RUNS characters, each of which breaks
 * one more subnet id (`subnet: subnet-1` -> `subnet: subnetx-1`), so each edit's diagnostics are the
 * first publish whose count differs from the previous one. Each keystroke inserts, as typing does,
 * so every document below it moves by one character (a replacement would leave them in place).
 */
async function timeServer(client: BenchClient, dir: string, file: string, text: string): Promise<LspFigures> {
  try {
    await client.initialize(dir);
    let t = performance.now();
    client.open(file, text, 'yaml');
    let last: Publish = await client.waitForPublish((p) => p.uri === uri(file) && p.diagnostics.length > 0, t, CAP_MS);
    const open = last.at - t;
    const edits: number[] = [];
    let current = text;
    for (let i = 0; i < RUNS; i++) {
      const at = current.indexOf('subnet: subnet-') + 'subnet: subnet'.length;
      const before = last.diagnostics.length;
      t = performance.now();
      current = client.change(file, { offset: at, length: 0, text: 'x' });
      last = await client.waitForPublish((p) => p.uri === uri(file) && p.diagnostics.length !== before, t, CAP_MS);
      edits.push(last.at - t);
    }
    const before = last.diagnostics.length;
    t = performance.now();
    for (let i = 0; i < BURST; i++) {
      const at = current.indexOf('subnet: subnet-') + 'subnet: subnet'.length;
      current = client.change(file, { offset: at, length: 0, text: 'x' });
    }
    last = await client.waitForPublish(
      (p) => p.uri === uri(file) && p.diagnostics.length === before + BURST,
      t,
      CAP_MS,
    );
    const burst = last.at - t;
    const end = last.at;
    const publishes = client.publishes.filter((p) => p.uri === uri(file) && p.at >= t && p.at <= end).length;
    return { open, edits, burst, burstPublishes: publishes, syncKind: client.syncKind, rssMiB: client.peakRssMiB() };
  } finally {
    await client.shutdown();
  }
}

/** yaml-language-server (devDependency, benchmark peer only) with validation on and every network store off. */
function yamlLanguageServer(file: string): BenchClient {
  const schema = uri(path.join(REPO, 'schemas', 'eniconfig.schema.json'));
  const yaml = {
    validate: true,
    hover: false,
    completion: false,
    format: { enable: false },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    schemas: { [schema]: path.basename(file) },
  };
  const bin = path.join(REPO, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  return new BenchClient([bin, '--stdio'], (section) => (section === 'yaml' ? yaml : section === 'http' ? {} : null));
}

async function main(): Promise<void> {
  const text = bigYaml();
  const parse = bareParse(text, RUNS);
  const engine: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const e = new Engine();
    const t = performance.now();
    e.setFile('big.yaml', text);
    e.analyze();
    engine.push(performance.now() - t);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-bench-'));
  const file = path.join(dir, 'big.yaml');
  const ours = await timeServer(eksnetServer(), dir, file, text);
  let peer: LspFigures | undefined;
  let peerError = '';
  try {
    peer = await timeServer(yamlLanguageServer(file), dir, file, text);
  } catch (e) {
    peerError = (e as Error).message;
  }
  // The bare parse again after the servers, so that load on the machine during the run shows.
  parse.push(...bareParse(text, RUNS));
  fs.rmSync(dir, { recursive: true, force: true });

  const sync = (k: number) => (k === 2 ? 'incremental sync' : 'full sync');
  const p = median(parse);
  const o = median(ours.edits);
  console.log(`lsp ${DOCS}-document YAML (${(text.length / 1024).toFixed(0)} KiB):`);
  console.log(`  bare yaml.parseAllDocuments:           ${p.toFixed(0)} ms (median of ${parse.length})`);
  console.log(`  engine setFile + analyze:              ${median(engine).toFixed(0)} ms (median of ${RUNS})`);
  console.log(`  eksnet didOpen -> diagnostics:         ${ours.open.toFixed(0)} ms`);
  console.log(
    `  eksnet one typed character -> diagnostics: ${o.toFixed(0)} ms (median of ${RUNS}, ${sync(ours.syncKind)}; ${ours.edits.map((e) => e.toFixed(0)).join(', ')}); peak RSS ${ours.rssMiB?.toFixed(0) ?? '?'} MiB`,
  );
  console.log(
    `  eksnet burst of ${BURST} keystrokes -> last diagnostics: ${ours.burst.toFixed(0)} ms, ${ours.burstPublishes} publishes`,
  );
  if (peer) {
    const y = median(peer.edits);
    console.log(`  yaml-language-server didOpen -> diagnostics: ${peer.open.toFixed(0)} ms`);
    console.log(
      `  yaml-language-server edit -> diagnostics: ${y.toFixed(0)} ms (median of ${RUNS}, ${sync(peer.syncKind)}, including its fixed 200 ms validation delay); peak RSS ${peer.rssMiB?.toFixed(0) ?? '?'} MiB`,
    );
    console.log(`  ratio eksnet / yaml-language-server:   ${(o / y).toFixed(2)}`);
  } else console.log(`  yaml-language-server: SKIPPED (${peerError})`);
  console.log(
    `  ratio eksnet edit / bare parse:        ${(o / p).toFixed(2)} (target <= 0.20): ${verdict(o / p <= 0.2)}`,
  );
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
