import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Compiled to out/test/unit, so the repo root is three levels up.
const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'scripts/generate-instance-limits.mjs');

interface Source {
  file: string;
  text: string;
}
type Row = Record<string, unknown>;
interface Built {
  table: Record<string, Row>;
  json: string;
  warnings: string[];
}
interface Generator {
  buildTable: (input: {
    instanceLimits?: Source;
    ec2Pages?: Source[];
    podEniLimits: Source;
    overrides: Source;
  }) => Built;
}

// The generator is ESM; under `module: node16` TypeScript keeps import() as it is in this CommonJS output.
const loadGenerator = (): Promise<Generator> => import(pathToFileURL(SCRIPT).href) as Promise<Generator>;

/** Reads a file the way the script records it: by its path relative to the repo root. */
function source(relative: string): Source {
  return { file: relative, text: readFileSync(path.resolve(ROOT, relative), 'utf8') };
}

const limits = (): Source => source('../shared/data/instance-limits.tsv');
const podEni = (): Source => source('../shared/data/pod-eni-limits.tsv');
const overridesFile = (overrides: object): Source => ({ file: 'overrides.json', text: JSON.stringify({ overrides }) });

test('the committed generated table is up to date with the TSVs and overrides', async () => {
  const { buildTable } = await loadGenerator();
  const { json } = buildTable({
    instanceLimits: limits(),
    podEniLimits: podEni(),
    overrides: source('scripts/data/instance-limit-overrides.json'),
  });
  const committed = readFileSync(path.join(ROOT, 'server/src/catalog/instance-limits.generated.json'), 'utf8');
  assert.ok(
    json === committed.replace(/\r\n/g, '\n'),
    'instance-limits.generated.json is stale: run npm run generate:instances',
  );
});

test('--check exits 0 when the committed file is current', () => {
  const run = spawnSync(process.execPath, [SCRIPT, '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
});

test('overrides replace fields, warn when redundant, and are validated', async () => {
  const { buildTable } = await loadGenerator();
  const built = buildTable({
    instanceLimits: limits(),
    podEniLimits: podEni(),
    overrides: overridesFile({ 'm5.large': { maxEnis: 4, ipv4PerEni: 10, reason: 'test' } }),
  });
  assert.equal(built.table['m5.large'].maxEnis, 4);
  assert.deepEqual(built.table._provenance.overrides, { file: 'overrides.json', types: ['m5.large'] });
  assert.equal(built.warnings.filter((w) => w.includes('m5.large.ipv4PerEni = 10 is redundant')).length, 1);

  const bad =
    (overrides: object): (() => Built) =>
    () =>
      buildTable({ instanceLimits: limits(), podEniLimits: podEni(), overrides: overridesFile(overrides) });
  assert.throws(bad({ 'm5.large': { maxEnis: 4 } }), /needs a "reason"/);
  assert.throws(bad({ 'm5.large': { maxENIs: 4, reason: 'typo' } }), /unknown field "maxENIs"/);
  assert.throws(bad({ 'm5.large': { hypervisor: 'kvm', reason: 'x' } }), /bad value for hypervisor/);
  assert.throws(bad({ 'zz9.large': { maxEnis: 2, reason: 'new' } }), /must give every field/);

  const added = buildTable({
    instanceLimits: limits(),
    podEniLimits: podEni(),
    overrides: overridesFile({
      'zz9.large': {
        reason: 'a type the sources lack',
        maxEnis: 3,
        ipv4PerEni: 10,
        ipv6PerEni: null,
        hypervisor: 'nitro',
        bareMetal: false,
        networkCards: 1,
        vcpus: 2,
        trunking: null,
        branchInterfaces: null,
      },
    }),
  });
  assert.equal(added.table['zz9.large'].maxEnis, 3);
});

test('--from-ec2 pages give the same rows as the CNI table, using the default network card', async () => {
  const { buildTable } = await loadGenerator();
  const pages = [source('test/fixtures/ec2/page1.json'), source('test/fixtures/ec2/page2.json')];
  const fromEc2 = buildTable({ ec2Pages: pages, podEniLimits: podEni(), overrides: overridesFile({}) });
  const fromTsv = buildTable({ instanceLimits: limits(), podEniLimits: podEni(), overrides: overridesFile({}) });
  const names = Object.keys(fromEc2.table).filter((k) => k !== '_provenance');
  assert.deepEqual(names, ['c5.metal', 'm5.large', 'p4d.24xlarge', 't2.micro']);
  for (const name of names) assert.deepEqual(fromEc2.table[name], fromTsv.table[name], name);
  // p4d.24xlarge has 60 ENIs over 4 cards; the CNI can use the 15 on the default card.
  assert.equal(fromEc2.table['p4d.24xlarge'].maxEnis, 15);
  assert.equal(fromEc2.table['p4d.24xlarge'].networkCards, 4);
  assert.equal(fromEc2.table['c5.metal'].hypervisor, 'unknown');

  const merged = buildTable({
    instanceLimits: limits(),
    ec2Pages: pages,
    podEniLimits: podEni(),
    overrides: overridesFile({}),
  });
  const { _provenance: mergedProvenance, ...mergedRows } = merged.table;
  const { _provenance: tsvProvenance, ...tsvRows } = fromTsv.table;
  assert.deepEqual(mergedRows, tsvRows);
  assert.notDeepEqual(mergedProvenance, tsvProvenance);

  const broken = { file: 'broken.json', text: '{"Reservations": []}' };
  assert.throws(
    () => buildTable({ ec2Pages: [broken], podEniLimits: podEni(), overrides: overridesFile({}) }),
    /no InstanceTypes array/,
  );
});
