import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { REPO } from '../helpers/workspace';

/**
 * The GitHub Action (action.yml, a composite action) run locally the way a runner runs it: each
 * `run` step in bash with the `${{ }}` expressions it uses filled in (inputs with their defaults,
 * earlier steps' outputs from their GITHUB_OUTPUT files, the action's path), `if:` conditions of
 * the `a == 'b' && c != ''` form evaluated, and the upload-sarif step recorded with the file it
 * would upload. actions/setup-node is skipped: the test already runs on Node.
 */
interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;

interface Run {
  /** The exit status of the step that ended the job (0 when every step passed). */
  status: number;
  uploaded?: { file: string; category: string };
  outputs: Record<string, string>;
  summary: string;
  log: string;
}

function runAction(workspace: string, given: Record<string, string>): Run {
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) inputs[k] = given[k] ?? v.default ?? '';
  const steps: Record<string, Record<string, string>> = {};
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-action-'));
  const summaryFile = path.join(tmp, 'summary.md');
  const expr = (s: string) =>
    s.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
      const v = value(e);
      assert.notEqual(v, undefined, `unknown expression ${e}`);
      return v!;
    });
  const value = (e: string): string | undefined => {
    if (e === 'github.action_path') return REPO;
    let m = /^inputs\.([\w-]+)$/.exec(e);
    if (m) return inputs[m[1]];
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
    if (m) return steps[m[1]]?.[m[2]] ?? '';
    m = /^'(.*)'$/.exec(e);
    return m ? m[1] : undefined;
  };
  const condition = (c: string) =>
    c
      .replace(/^\$\{\{\s*|\s*\}\}$/g, '')
      .split('&&')
      .every((part) => {
        const m = /^\s*(\S+)\s*(==|!=)\s*(\S+)\s*$/.exec(part);
        assert.ok(m, `cannot evaluate condition ${c}`);
        return (value(m[1]) === value(m[3])) === (m[2] === '==');
      });
  const run: Run = { status: 0, outputs: {}, summary: '', log: '' };
  assert.equal(action.runs.using, 'composite');
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.if && !condition(step.if)) continue;
    if (step.uses?.startsWith('actions/setup-node@')) continue;
    if (step.uses?.startsWith('github/codeql-action/upload-sarif@')) {
      run.uploaded = { file: expr(step.with!.sarif_file), category: expr(step.with!.category) };
      continue;
    }
    assert.ok(step.run && step.shell === 'bash', `step ${i} is neither a known action nor a bash step`);
    const outputFile = path.join(tmp, `output-${i}`);
    fs.writeFileSync(outputFile, '');
    const env: Record<string, string> = { ...(process.env as Record<string, string>) };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expr(v);
    env.GITHUB_OUTPUT = outputFile;
    env.GITHUB_STEP_SUMMARY = summaryFile;
    const r = spawnSync('bash', ['-e', '-c', expr(step.run)], { cwd: workspace, env, encoding: 'utf8' });
    run.log += r.stdout + r.stderr;
    const out: Record<string, string> = {};
    for (const line of fs.readFileSync(outputFile, 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
    }
    if (step.id) steps[step.id] = out;
    if (r.status !== 0) {
      run.status = r.status ?? 1;
      break;
    }
  }
  for (const [k, v] of Object.entries(action.outputs)) run.outputs[k] = expr(v.value);
  run.summary = fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, 'utf8') : '';
  fs.rmSync(tmp, { recursive: true, force: true });
  return run;
}

function examples(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-action-ws-'));
  fs.cpSync(path.join(REPO, 'examples'), dir, { recursive: true });
  return dir;
}

interface Sarif {
  version: string;
  runs: {
    results: {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}
const sarif = (ws: string, file: string) => JSON.parse(fs.readFileSync(path.join(ws, file), 'utf8')) as Sarif;

test('with the defaults it writes SARIF, uploads it to code scanning and fails the job on errors', () => {
  const ws = examples();
  const r = runAction(ws, {});
  assert.equal(r.status, 1, r.log);
  assert.deepEqual(r.uploaded, { file: 'eksnet.sarif', category: 'eksnet' });
  const log = sarif(ws, 'eksnet.sarif');
  assert.equal(log.version, '2.1.0');
  const results = log.runs[0].results;
  assert.ok(results.length > 10);
  assert.equal(r.outputs.findings, String(results.length));
  assert.equal(r.outputs.errors, String(results.filter((x) => x.level === 'error').length));
  assert.match(r.summary, new RegExp(`### eksnet\\n\\n${results.length} findings: \\d+ error\\(s\\)`));
  assert.match(r.summary, /at or above the threshold \(error\) fail the job/);
});

/** Both error rules of examples/security-groups-for-pods as warnings. */
const WARNINGS_ONLY = 'rules: {pod-eni-unsupported-instance: warning, aws-node-ip-family-missing: warning}';

test('the severity threshold decides whether findings fail the job; the upload happens either way', () => {
  const ws = examples();
  const none = runAction(ws, { 'severity-threshold': 'none' });
  assert.equal(none.status, 0, none.log);
  assert.ok(none.uploaded);
  // Only warnings in this folder: they fail the job at "warning", not at "error".
  const onlyWarnings = runAction(ws, {
    paths: 'security-groups-for-pods',
    settings: WARNINGS_ONLY,
  });
  const levels = new Set(sarif(ws, 'eksnet.sarif').runs[0].results.map((x) => x.level));
  assert.deepEqual([...levels], ['warning']);
  assert.equal(onlyWarnings.status, 0, onlyWarnings.log);
  const warning = runAction(ws, {
    paths: 'security-groups-for-pods',
    settings: WARNINGS_ONLY,
    'severity-threshold': 'warning',
  });
  assert.equal(warning.status, 1, warning.log);
  assert.equal(runAction(ws, { 'severity-threshold': 'fatal' }).status, 2);
});

test('paths, extra settings, the SARIF path and upload are inputs', () => {
  const ws = examples();
  const r = runAction(ws, {
    paths: 'terraform\ncloudformation',
    settings: '{"rules": {"vpc-dns-hostnames-disabled": "off"}}',
    'sarif-file': 'out/eksnet.sarif',
    upload: 'false',
    'severity-threshold': 'none',
  });
  assert.equal(r.status, 0, r.log);
  assert.equal(r.uploaded, undefined);
  const results = sarif(ws, 'out/eksnet.sarif').runs[0].results;
  const files = new Set(results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri.split('/')[0]));
  assert.deepEqual([...files].sort(), ['cloudformation', 'terraform']);
  assert.ok(!results.some((x) => x.ruleId === 'vpc-dns-hostnames-disabled'));
  assert.ok(results.some((x) => x.ruleId === 'vpc-dns-support-disabled'));
});
