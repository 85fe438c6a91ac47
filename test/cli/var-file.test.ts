import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { initHcl } from '../../server/src/parsers/hcl';
import { REPO, fixturePath } from '../helpers/workspace';

before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

/** Runs the CLI in-process from the fixture folder, as a user in their root module would. */
const run = (args: string[]) => runCli(args, fixturePath('cli', 'terraform-var-file'));

test('lint --var-file applies the file over terraform.tfvars, relative to the working directory', () => {
  assert.equal(run(['lint', '.']).code, 0);
  const r = run(['lint', '.', '--var-file', 'env/prod.tfvars']);
  assert.equal(r.code, 1);
  assert.match(r.out, /^env\/prod\.tfvars:1:15 error Subnet 10\.9\.1\.0\/24 is not inside any block of its VPC/m);
  // Several files apply in order; a .tfvars.json file works the same way.
  assert.equal(run(['lint', '.', '--var-file', 'env/prod.tfvars', '--var-file', 'env/prod-vpc.tfvars.json']).code, 0);
});

test('model --var-file shows the values from the file; a missing file is a usage error', () => {
  const r = run([
    'model',
    'main.tf',
    'terraform.tfvars',
    '--var-file',
    path.join(REPO, 'test/fixtures/cli/terraform-var-file/env/prod.tfvars'),
  ]);
  assert.equal(r.code, 0);
  const m = JSON.parse(r.out) as { subnets: { name: string; cidr: string | null }[] };
  assert.deepEqual(
    m.subnets.map((s) => [s.name, s.cidr]),
    [['aws_subnet.a', '10.9.1.0/24']],
  );
  const bad = run(['model', '.', '--var-file', 'env/nope.tfvars']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /no such var file: env\/nope\.tfvars/);
});

test('lint --terraform-plan reads a plan JSON from outside PATH; a file that is not a plan is a usage error', () => {
  const plan = path.join(REPO, 'test', 'fixtures', 'terraform-plan', 'plan.tfplan.json');
  const r = run(['lint', 'env', '--terraform-plan', plan, '--format', 'json']);
  assert.equal(r.code, 1, r.err);
  const ruleIds = (JSON.parse(r.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
  assert.ok(ruleIds.includes('vpc-dns-hostnames-disabled'), ruleIds.join(', '));
  const bad = run(['lint', 'env', '--terraform-plan', 'env/prod.tfvars']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /is not a plan in JSON/);
});
