import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { runCli } from '../helpers/cli';
import { initHcl } from '../../server/src/parsers/hcl';

/**
 * Settings kept in the repository (`.eksnet.yaml`, or an `eksnet` key in package.json) apply to
 * the CLI, under its flags.
 */
before(() => initHcl());

const ENI_MISSING_SUBNET =
  'apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: us-west-2a\nspec:\n  securityGroups: [sg-0123456789abcdef0]\n';
/** A VPC no cluster uses or tags: DNS rules apply to it only with `assumeEksVpc`. */
const PLAIN_VPC = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  Vpc:',
  '    Type: AWS::EC2::VPC',
  '    Properties: {CidrBlock: 10.0.0.0/16, EnableDnsSupport: false, EnableDnsHostnames: true}',
  '',
].join('\n');

const run = (cwd: string, args: string[]) => runCli(args, cwd);

/** A repository: a `.git` folder, the given files, and the manifests under `infra/`. */
function repo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-settings-'));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.mkdirSync(path.join(dir, 'infra'));
  fs.writeFileSync(path.join(dir, 'infra', 'eni.yaml'), ENI_MISSING_SUBNET);
  fs.writeFileSync(path.join(dir, 'infra', 'vpc.yaml'), PLAIN_VPC);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const rules = (out: string) => [...out.matchAll(/\[([a-z-]+)\]$/gm)].map((m) => m[1]).sort();

test('without a settings file the defaults apply', () => {
  const dir = repo({});
  const r = run(dir, ['lint', 'infra']);
  assert.equal(r.code, 1);
  assert.deepEqual(rules(r.out), ['eniconfig-schema']);
});

test('.eksnet.yaml sets rule levels and other settings, and the command line wins over it', () => {
  const dir = repo({ '.eksnet.yaml': 'rules:\n  eniconfig-schema: warning\nassumeEksVpc: true\n' });
  const r = run(dir, ['lint', 'infra', '--format', 'json']);
  const found = (JSON.parse(r.out) as { findings: { ruleId: string; severity: string }[] }).findings;
  assert.deepEqual(
    found.map((f) => `${f.ruleId}:${f.severity}`),
    ['eniconfig-schema:warning', 'vpc-dns-support-disabled:error'],
  );
  // --rule wins for its rule; the file's other entries stay.
  const flags = run(dir, ['lint', 'infra', '--rule', 'eniconfig-schema=off']);
  assert.deepEqual(rules(flags.out), ['vpc-dns-support-disabled']);
  // Found from a subfolder too: the search goes up to the repository root.
  const sub = run(path.join(dir, 'infra'), ['lint', '.']);
  assert.deepEqual(rules(sub.out), ['eniconfig-schema', 'vpc-dns-support-disabled']);
  assert.equal(sub.code, 1);
});

test("VS Code spellings (eksnet.-prefixed keys) and package.json's eksnet key are read; .eksnet.yaml wins", () => {
  const pkg = JSON.stringify({ name: 'x', eksnet: { 'eksnet.rules': { 'eniconfig-schema': 'off' } } });
  const dir = repo({ 'package.json': pkg });
  assert.deepEqual(rules(run(dir, ['lint', 'infra']).out), []);
  fs.writeFileSync(path.join(dir, '.eksnet.yaml'), 'assumeEksVpc: true\n');
  assert.deepEqual(rules(run(dir, ['lint', 'infra']).out), ['eniconfig-schema', 'vpc-dns-support-disabled']);
});

test('a settings file above the repository root is not used', () => {
  const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-outer-'));
  fs.writeFileSync(path.join(outer, '.eksnet.yaml'), 'rules: {eniconfig-schema: "off"}\n');
  const dir = path.join(outer, 'checkout');
  fs.cpSync(repo({}), dir, { recursive: true });
  assert.deepEqual(rules(run(dir, ['lint', 'infra']).out), ['eniconfig-schema']);
});

test('unknown keys, rules and levels are warned about and skipped; a broken file stops the run', () => {
  const dir = repo({
    '.eksnet.yaml':
      'rulez: {}\nrules: {no-such-rule: "off", eniconfig-schema: warn, vpc-dns-support-disabled: hint}\nassumeEksVpc: "yes"\n',
  });
  const r = run(dir, ['lint', 'infra']);
  assert.match(r.err, /warning: .*\.eksnet\.yaml: unknown setting "rulez"/);
  assert.match(r.err, /rules: unknown rule "no-such-rule"; it is ignored/);
  assert.match(r.err, /rules: "eniconfig-schema" must be off, error, warning, information, hint; it is ignored/);
  assert.match(r.err, /"assumeEksVpc" must be a boolean; it is ignored/);
  assert.equal(r.code, 1);
  assert.deepEqual(rules(r.out), ['eniconfig-schema']);

  fs.writeFileSync(path.join(dir, '.eksnet.yaml'), 'rules: [unclosed\n');
  const broken = run(dir, ['lint', 'infra']);
  assert.equal(broken.code, 2);
  assert.match(broken.err, /\.eksnet\.yaml: not valid YAML/);
});

test('--config names the settings file; model reads the settings too', () => {
  const dir = repo({ 'team.yaml': 'rules: {eniconfig-schema: "off"}\nterraformVarFiles: [prod.tfvars]\n' });
  fs.writeFileSync(
    path.join(dir, 'infra', 'main.tf'),
    'variable "cidr" {\n  default = "10.0.0.0/16"\n}\nresource "aws_vpc" "main" {\n  cidr_block = var.cidr\n}\n',
  );
  fs.writeFileSync(path.join(dir, 'infra', 'prod.tfvars'), 'cidr = "10.9.0.0/16"\n');
  assert.deepEqual(rules(run(dir, ['lint', 'infra', '--config', 'team.yaml']).out), []);
  assert.equal(run(dir, ['lint', 'infra', '--config', 'missing.yaml']).code, 2);
  const model = run(dir, ['model', 'infra', '--config', 'team.yaml']);
  assert.match(model.out, /10\.9\.0\.0\/16/, "the settings file's terraformVarFiles apply to model");
  assert.match(run(dir, ['model', 'infra']).out, /10\.0\.0\.0\/16/);
});
