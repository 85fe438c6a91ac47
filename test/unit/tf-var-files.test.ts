import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { engineOf } from '../helpers/workspace';

before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const cidrs = (e: ReturnType<typeof engineOf>) =>
  e.analyze().model.subnets.map((s) => (s.cidr?.kind === 'known' ? s.cidr.value : s.cidr?.kind));

const FILES = {
  'ws/main.tf': 'variable "c" {\n  default = "10.0.0.0/24"\n}\nresource "aws_subnet" "s" {\n  cidr_block = var.c\n}\n',
  'ws/terraform.tfvars': 'c = "10.0.1.0/24"\n',
  'ws/env/prod.tfvars': 'c = "10.0.3.0/24"\n',
  'ws/env/qa.tfvars.json': '{"c": "10.0.4.0/24"}',
};

test('*.auto.tfvars override terraform.tfvars, whatever their names sort like', () => {
  assert.deepEqual(cidrs(engineOf({ ...FILES, 'ws/a.auto.tfvars': 'c = "10.0.2.0/24"\n' })), ['10.0.2.0/24']);
  assert.deepEqual(cidrs(engineOf({ ...FILES, 'ws/terraform.tfvars.json': '{"c": "10.0.5.0/24"}' })), ['10.0.5.0/24']);
});

test('terraformVarFiles: paths and globs relative to the root module, later entries win, absolute paths', () => {
  assert.deepEqual(cidrs(engineOf(FILES)), ['10.0.1.0/24']);
  assert.deepEqual(
    cidrs(
      engineOf({ ...FILES, 'ws/a.auto.tfvars': 'c = "10.0.2.0/24"\n' }, { terraformVarFiles: ['env/prod.tfvars'] }),
    ),
    ['10.0.3.0/24'],
  );
  assert.deepEqual(cidrs(engineOf(FILES, { terraformVarFiles: ['./env/prod.tfvars', 'env/*.json'] })), ['10.0.4.0/24']);
  assert.deepEqual(cidrs(engineOf(FILES, { terraformVarFiles: ['env/qa.tfvars.json', 'env/prod.tfvars'] })), [
    '10.0.3.0/24',
  ]);
  assert.deepEqual(cidrs(engineOf(FILES, { terraformVarFiles: ['env/missing.tfvars'] })), ['10.0.1.0/24']);
  const uri = engineOf(
    { 'file:///w%20s/main.tf': FILES['ws/main.tf'], 'file:///w%20s/env/prod.tfvars': FILES['ws/env/prod.tfvars'] },
    { terraformVarFiles: ['/w s/env/prod.tfvars'] },
  );
  assert.deepEqual(cidrs(uri), ['10.0.3.0/24']);
});

test('changing the setting or the var file re-evaluates the module (the cache key includes both)', () => {
  const e = engineOf(FILES);
  assert.deepEqual(cidrs(e), ['10.0.1.0/24']);
  e.setSettings({ terraformVarFiles: ['env/prod.tfvars'] });
  assert.deepEqual(cidrs(e), ['10.0.3.0/24']);
  e.setFile('ws/env/prod.tfvars', 'c = "10.0.9.0/24"\n');
  assert.deepEqual(cidrs(e), ['10.0.9.0/24']);
  e.setSettings({});
  assert.deepEqual(cidrs(e), ['10.0.1.0/24']);
});

test('terraformVarFiles globs find files outside the root folder and in sibling folders sharing its name prefix', () => {
  const files: Record<string, string> = {};
  for (const [id, text] of Object.entries(FILES)) files[`/w/${id}`] = text;
  files['/w/shared/common.tfvars'] = 'c = "10.0.5.0/24"\n';
  files['/w/ws-other/x.tfvars'] = 'c = "10.0.6.0/24"\n';
  files['/w/ws/env/z.tfvars'] = 'c = "10.0.7.0/24"\n';
  // A glob reaching out of the root folder, and braces choosing among siblings (later files win).
  assert.deepEqual(cidrs(engineOf(files, { terraformVarFiles: ['../shared/*.tfvars'] })), ['10.0.5.0/24']);
  assert.deepEqual(cidrs(engineOf(files, { terraformVarFiles: ['env/{z,prod}.tfvars'] })), ['10.0.7.0/24']);
  // `ws-other` starts with `ws` but is not under it: only the root folder's own files match.
  assert.deepEqual(cidrs(engineOf(files, { terraformVarFiles: ['*/z.tfvars'] })), ['10.0.7.0/24']);
  assert.deepEqual(cidrs(engineOf(files, { terraformVarFiles: ['../ws-*/*.tfvars'] })), ['10.0.6.0/24']);
});
