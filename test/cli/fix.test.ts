import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli';
import { initHcl } from '../../server/src/parsers/hcl';
import { REPO } from '../helpers/workspace';

/**
 * `eksnet lint --fix` and `--fix-dry-run` on copies of examples/ and on files written with CRLF
 * line endings, a byte-order mark and no final line break.
 */
before(() => initHcl());

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  fixes: { title: string; safe: boolean }[];
}

const run = (cwd: string, args: string[]) => runCli(args, cwd);

function lintJson(cwd: string): JsonFinding[] {
  return (JSON.parse(run(cwd, ['lint', '.', '--format', 'json']).out) as { findings: JsonFinding[] }).findings;
}

function copyExamples(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-fix-'));
  fs.cpSync(path.join(REPO, 'examples'), dir, { recursive: true });
  return dir;
}

/** Every file under a folder, by relative path, as bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (p: string) => {
    for (const e of fs.readdirSync(p, { withFileTypes: true })) {
      const f = path.join(p, e.name);
      if (e.isDirectory()) walk(f);
      else out.set(path.relative(dir, f).split(path.sep).join('/'), fs.readFileSync(f));
    }
  };
  walk(dir);
  return out;
}

const key = (f: JsonFinding) => `${f.file}|${f.ruleId}|${f.message}`;
const sortedKeys = (fs: JsonFinding[]) => fs.map(key).sort();

test('lint --fix on a copy of examples/ applies every safe fix and leaves everything else as it was', () => {
  const dir = copyExamples();
  const before = lintJson(dir);
  const safe = before.filter((f) => f.fixes.some((x) => x.safe));
  assert.ok(safe.length >= 3, `examples/ should show safe fixes (found ${safe.length})`);
  const original = snapshot(dir);

  const r = run(dir, ['lint', '.', '--fix']);
  const after = lintJson(dir);
  // The report --fix prints comes from the engine that applied the fixes (re-analysed
  // incrementally after each pass); it must equal a fresh run's over the written files.
  assert.equal(r.out, run(dir, ['lint', '.']).out);
  // The exit code is lint's, for what remains.
  assert.equal(r.code, after.some((f) => f.severity === 'error') ? 1 : 0);
  assert.match(r.err, new RegExp(`eksnet: ${safe.length} safe fixes changed \\d+ files`));
  assert.match(r.out, /\d+ findings: \d+ error\(s\)/);

  // What remains has no safe fix, and it is exactly what had none before: the fixes removed their
  // own findings and nothing else.
  assert.deepEqual(
    after.filter((f) => f.fixes.some((x) => x.safe)),
    [],
  );
  assert.deepEqual(sortedKeys(after), sortedKeys(before.filter((f) => !f.fixes.some((x) => x.safe))));

  // Only the files of those findings changed, each still parses, and a second run changes nothing.
  const fixed = snapshot(dir);
  const changed = [...fixed].filter(([name, bytes]) => !original.get(name)!.equals(bytes)).map(([name]) => name);
  assert.deepEqual(changed.sort(), [...new Set(safe.map((f) => f.file))].sort());
  for (const name of changed) {
    assert.ok(!after.some((f) => f.file === name && f.ruleId === 'syntax-error'), `${name} no longer parses`);
    if (/\.ya?ml$/.test(name))
      for (const doc of parseAllDocuments(fixed.get(name)!.toString('utf8')))
        assert.deepEqual(doc.errors, [], `${name} is not valid YAML after the fixes`);
  }
  const again = run(dir, ['lint', '.', '--fix']);
  assert.match(again.err, /eksnet: 0 safe fixes changed 0 files/);
  assert.deepEqual(snapshot(dir), fixed);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('lint --fix-dry-run prints a unified diff that git apply turns into what --fix writes, and writes nothing', () => {
  const dry = copyExamples();
  const wet = copyExamples();
  const original = snapshot(dry);
  const r = run(dry, ['lint', '.', '--fix-dry-run']);
  assert.deepEqual(snapshot(dry), original, '--fix-dry-run wrote files');
  assert.match(r.out, /^--- a\/\S+\n\+\+\+ b\/\S+\n@@ -\d+(,\d+)? \+\d+(,\d+)? @@/);
  assert.match(r.err, /eksnet: \d+ safe fixes would change \d+ files/);
  assert.match(r.err, /eksnet: \d+ findings \(\d+ errors\) would remain/);
  const w = run(wet, ['lint', '.', '--fix']);
  assert.equal(r.code, w.code, 'the dry run exits as --fix would');

  fs.writeFileSync(path.join(dry, 'fix.patch'), r.out);
  const git = spawnSync('git', ['apply', '--whitespace=nowarn', 'fix.patch'], { cwd: dry, encoding: 'utf8' });
  assert.equal(git.status, 0, git.stderr);
  fs.rmSync(path.join(dry, 'fix.patch'));
  assert.deepEqual(snapshot(dry), snapshot(wet));
  fs.rmSync(dry, { recursive: true, force: true });
  fs.rmSync(wet, { recursive: true, force: true });
});

const TEMPLATE = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  Vpc:',
  '    Type: AWS::EC2::VPC',
  '    Properties:',
  '      CidrBlock: 10.0.0.0/16',
  '      EnableDnsSupport: false',
  '      Tags:',
  '        - Key: kubernetes.io/cluster/demo',
  '          Value: owned',
].join('\n');

test('lint --fix keeps line endings, a byte-order mark and the final-newline state', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-fix-eol-'));
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  const cases: Record<string, string> = {
    'lf.yaml': TEMPLATE + '\n',
    'crlf.yaml': crlf(TEMPLATE) + '\r\n',
    'bom-crlf.yaml': '\uFEFF' + crlf(TEMPLATE) + '\r\n',
    'no-final-newline.yaml': TEMPLATE,
    'bom-no-final-newline-crlf.yaml': '\uFEFF' + crlf(TEMPLATE),
  };
  for (const [name, text] of Object.entries(cases)) fs.writeFileSync(path.join(dir, name), text);
  const r = run(dir, ['lint', '.', '--fix', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /eksnet: 10 safe fixes changed 5 files/);
  for (const [name, text] of Object.entries(cases)) {
    const got = fs.readFileSync(path.join(dir, name));
    assert.equal(got.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), name.startsWith('bom'), name);
    // The value is replaced and the omitted attribute added as a new line; everything else, line
    // endings and the final line break (or its absence) included, is as it was.
    const eol = name.includes('crlf') ? '\r\n' : '\n';
    const final = text.endsWith('\n');
    const want =
      text.replace(/(\r?\n)$/, '').replace('EnableDnsSupport: false', 'EnableDnsSupport: true') +
      `${eol}      EnableDnsHostnames: true${final ? eol : ''}`;
    assert.equal(got.toString('utf8'), want, name);
  }
  assert.deepEqual((JSON.parse(r.out) as { findings: JsonFinding[] }).findings, []);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('lint --fix writes no file whose bytes are not UTF-8, and exits 2', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-fix-bytes-'));
  const bytes = Buffer.concat([Buffer.from(`# caf\xe9 in Latin-1: `, 'latin1'), Buffer.from('\n' + TEMPLATE + '\n')]);
  fs.writeFileSync(path.join(dir, 'latin1.yaml'), bytes);
  const r = run(dir, ['lint', '.', '--fix']);
  assert.equal(r.code, 2);
  assert.match(r.err, /not fixed: latin1\.yaml: it is not valid UTF-8 text/);
  assert.ok(fs.readFileSync(path.join(dir, 'latin1.yaml')).equals(bytes));
  // The report describes the file as it is on disk: the finding is still there.
  assert.match(r.out, /vpc-dns-support-disabled/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('lint --fix leaves fixes that are not safe, values computed from a parameter, and rules turned off', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-fix-unsafe-'));
  const complete = TEMPLATE.replace('      Tags:', '      EnableDnsHostnames: true\n      Tags:');
  const parameter = complete
    .replace('Resources:', "Parameters:\n  Dns:\n    Type: String\n    Default: 'false'\nResources:")
    .replace('EnableDnsSupport: false', 'EnableDnsSupport: !Ref Dns');
  fs.writeFileSync(path.join(dir, 'parameter.yaml'), parameter);
  // The same in Terraform: the fix would replace `var.hostnames`.
  const variable = [
    'variable "hostnames" {',
    '  default = false',
    '}',
    'resource "aws_vpc" "main" {',
    '  cidr_block           = "10.0.0.0/16"',
    '  enable_dns_hostnames = var.hostnames',
    '  tags = {',
    '    "kubernetes.io/cluster/demo" = "owned"',
    '  }',
    '}',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'main.tf'), variable);
  // An unknown instance type has a quick fix (a guess), never applied by --fix.
  const eksctl = [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata: {name: demo, region: us-west-2}',
    'managedNodeGroups:',
    '  - name: ng',
    '    instanceType: m5.larg',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'cluster.yaml'), eksctl);
  fs.writeFileSync(path.join(dir, 'off.yaml'), complete.replace('Vpc:', 'Other:'));
  const json = (JSON.parse(run(dir, ['lint', '.', '--format', 'json']).out) as { findings: JsonFinding[] }).findings;
  const fixesOf = (file: string, rule: string) =>
    json.filter((f) => f.file === file && f.ruleId === rule).flatMap((f) => f.fixes);
  assert.deepEqual(
    fixesOf('parameter.yaml', 'vpc-dns-support-disabled').map((x) => x.safe),
    [false],
  );
  assert.deepEqual(
    fixesOf('cluster.yaml', 'instance-type-unknown').map((x) => x.safe),
    [false],
  );
  assert.deepEqual(
    fixesOf('main.tf', 'vpc-dns-hostnames-disabled').map((x) => x.safe),
    [false],
  );
  const r = run(dir, ['lint', '.', '--fix', '--rule', 'vpc-dns-support-disabled=off']);
  assert.match(r.err, /eksnet: 0 safe fixes changed 0 files/);
  assert.equal(fs.readFileSync(path.join(dir, 'parameter.yaml'), 'utf8'), parameter);
  assert.equal(fs.readFileSync(path.join(dir, 'cluster.yaml'), 'utf8'), eksctl);
  assert.equal(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8'), variable);
  assert.equal(fs.readFileSync(path.join(dir, 'off.yaml'), 'utf8'), complete.replace('Vpc:', 'Other:'));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('--fix and --fix-dry-run exclude each other, and the dry run takes no --format', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-fix-usage-'));
  assert.equal(run(dir, ['lint', '.', '--fix', '--fix-dry-run']).code, 2);
  const r = run(dir, ['lint', '.', '--fix-dry-run', '--format', 'json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /takes no --format/);
  fs.rmSync(dir, { recursive: true, force: true });
});
