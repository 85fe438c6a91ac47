import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { spawnSync } from 'node:child_process';
import Ajv4 from 'ajv-draft-04';
import { runCli } from '../helpers/cli';
import { REPO, fixturePath } from '../helpers/workspace';

const run = (args: string[]) => runCli(args);

const FIX = path.relative(REPO, fixturePath('cli'));

test('lint exits 1 with errors and prints file:line:col, severity, message and rule id', () => {
  const r = run(['lint', `${FIX}/eniconfig.yaml`]);
  assert.equal(r.code, 1);
  assert.match(r.out, /^test\/fixtures\/cli\/eniconfig\.yaml:5:1 error `spec\.subnet` is required/m);
  assert.match(r.out, /\[eniconfig-schema\]$/m);
});

test('lint exits 0 when nothing is an error, and 2 on usage errors', () => {
  assert.equal(run(['lint', `${FIX}/eniconfig.yaml`, '--rule', 'eniconfig-schema=warning']).code, 0);
  const bad = run(['lint', '--format', 'xml']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown format/);
  assert.equal(run(['lint', 'no/such/path']).code, 2);
  assert.equal(run(['lint', '--rule', 'no-such-rule=off']).code, 2);
  assert.equal(run(['frobnicate']).code, 2);
});

test('lint --format json follows the version 1 contract, in UTF-16 positions', () => {
  const r = run(['lint', FIX, '--format', 'json']);
  const json = JSON.parse(r.out) as { version: number; findings: { file: string; range: unknown }[] };
  assert.equal(json.version, 1);
  const inFile = json.findings.filter((x) => x.file === 'test/fixtures/cli/unicode.yaml');
  assert.deepEqual(Object.keys(inFile[0]).sort(), [
    'file',
    'fixes',
    'message',
    'range',
    'related',
    'ruleId',
    'severity',
  ]);
  // `  name: étè😀`: the emoji is two UTF-16 units, so the name spans columns 8 to 13.
  assert.deepEqual(inFile[0].range, { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } });
  // `  subnet: "😀sub"`: the quoted value spans columns 10 to 17.
  assert.deepEqual(inFile[1].range, { start: { line: 5, character: 10 }, end: { line: 5, character: 17 } });
});

test('lint --format sarif is valid SARIF 2.1.0 with rule help links and UTF-16 columns', () => {
  const r = run(['lint', FIX, '--format', 'sarif']);
  const log = JSON.parse(r.out) as {
    runs: {
      columnKind: string;
      tool: { driver: { rules: { helpUri: string }[] } };
      results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[];
    }[];
  };
  const schema = JSON.parse(
    fs.readFileSync(path.join(REPO, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as object;
  // The published schema has a pattern that is invalid under the `u` flag; SARIF tools treat it as plain.
  const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
  const run0 = log.runs[0];
  assert.equal(run0.columnKind, 'utf16CodeUnits');
  assert.ok(run0.tool.driver.rules.every((x) => /docs\/rules\/.+\.md$/.test(x.helpUri)));
  assert.ok(run0.results.length > 0);
  assert.equal(run0.results[0].locations[0].physicalLocation.region.startLine, 5);
});

test('model --format json prints the merged model with 0-based lines and nulls for unknowns', () => {
  const r = run(['model', FIX]);
  assert.equal(r.code, 0);
  const m = JSON.parse(r.out) as Record<string, unknown> & { version: number; eniConfigs: { name: string }[] };
  assert.equal(m.version, 1);
  const eni = m.eniConfigs.find((e) => e.name === 'us-west-2a');
  assert.deepEqual(eni, {
    name: 'us-west-2a',
    file: 'test/fixtures/cli/eniconfig.yaml',
    line: 0,
    subnet: null,
    securityGroups: ['sg-0123456789abcdef0', 'my-sg'],
  });
  for (const k of ['awsNode', 'vpcs', 'subnets', 'clusters', 'nodeGroups']) assert.ok(Array.isArray(m[k]), k);
});

test('the bundled CLI runs as a process with the same exit codes', () => {
  const r = spawnSync(
    process.execPath,
    [path.join(REPO, 'dist', 'cli.js'), 'lint', `${FIX}/eniconfig.yaml`, '--format', 'json'],
    { cwd: REPO, encoding: 'utf8' },
  );
  assert.equal(r.status, 1);
  assert.equal((JSON.parse(r.stdout) as { findings: { ruleId: string }[] }).findings[0].ruleId, 'eniconfig-schema');
});

test('a bundle whose Terraform grammar is missing says so on every Terraform file instead of passing silently', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-nowasm-'));
  try {
    fs.copyFileSync(path.join(REPO, 'dist', 'cli.js'), path.join(dir, 'cli.js'));
    fs.copyFileSync(path.join(REPO, 'dist', 'tree-sitter.wasm'), path.join(dir, 'tree-sitter.wasm'));
    const r = spawnSync(
      process.execPath,
      [path.join(dir, 'cli.js'), 'lint', 'examples/terraform', '--format', 'json'],
      { cwd: REPO, encoding: 'utf8' },
    );
    assert.equal(r.status, 1);
    const findings = (JSON.parse(r.stdout) as { findings: { file: string; message: string }[] }).findings;
    assert.ok(findings.length >= 2);
    for (const f of findings) assert.match(f.message, /Terraform parser could not be loaded/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
