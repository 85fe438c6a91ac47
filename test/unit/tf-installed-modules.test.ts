import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initHcl } from '../../server/src/parsers/hcl';
import { Engine } from '../../server/src/engine';
import { discoverFiles } from '../../server/src/workspace/discover';

/**
 * Modules `terraform init` installed (issue 11): a call whose source is git or a private registry is
 * followed into the folder `.terraform/modules/modules.json` names for it, like a local module.
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const ROOT = `module "network" {
  source     = "git::https://example.com/platform/network.git?ref=v1.2.0"
  cidr       = "10.0.0.0/16"
  subnet_cidr = "192.168.1.0/24"
}
`;

const NETWORK = `variable "cidr" {}
variable "subnet_cidr" {}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.this.id
  cidr_block = var.subnet_cidr
  tags = {
    Name = "a"
  }
}

output "vpc_id" {
  value = aws_vpc.this.id
}
`;

const MANIFEST = JSON.stringify({
  Modules: [
    { Key: '', Source: '', Dir: '.' },
    {
      Key: 'network',
      Source: 'git::https://example.com/platform/network.git?ref=v1.2.0',
      Dir: '.terraform/modules/network',
    },
  ],
});

function engineWith(files: Record<string, string>): Engine {
  const e = new Engine();
  for (const [id, text] of Object.entries(files)) e.setFile(id, text);
  return e;
}

test('a git module installed by terraform init is evaluated with the caller inputs', () => {
  const engine = engineWith({
    '/w/main.tf': ROOT,
    '/w/.terraform/modules/modules.json': MANIFEST,
    '/w/.terraform/modules/network/main.tf': NETWORK,
  });
  const { model, findings } = engine.analyze();
  assert.deepEqual(
    model.vpcs.map((v) => v.name),
    ['module.network.aws_vpc.this'],
  );
  const subnet = model.subnets.find((s) => s.name === 'module.network.aws_subnet.a');
  assert.ok(subnet, 'the installed module subnet is in the model');
  assert.equal(subnet.vpc, model.vpcs[0].key);
  // The CIDR is the caller input, so the finding is at that argument in the calling file.
  const outside = findings.find((f) => f.ruleId === 'subnet-outside-vpc');
  assert.ok(outside, 'the subnet outside its VPC is reported');
  assert.equal(outside.file, '/w/main.tf');
  assert.equal(ROOT.slice(outside.span.start, outside.span.end), '"192.168.1.0/24"');
  // Nothing is offered as a fix inside the installed copy.
  for (const f of findings)
    for (const fix of f.fixes) assert.ok(fix.edits.every((e) => !e.file.includes('.terraform')));
});

test('without the manifest the call stays unevaluated; an edit to the installed module is seen', () => {
  const none = engineWith({ '/w/main.tf': ROOT, '/w/.terraform/modules/network/main.tf': NETWORK }).analyze();
  assert.equal(none.model.vpcs.length, 0);
  const engine = engineWith({
    '/w/main.tf': ROOT,
    '/w/.terraform/modules/modules.json': MANIFEST,
    '/w/.terraform/modules/network/main.tf': NETWORK,
  });
  assert.equal(engine.analyze().model.subnets.length, 1);
  engine.setFile(
    '/w/.terraform/modules/network/main.tf',
    NETWORK.replace('resource "aws_subnet" "a"', 'resource "aws_subnet" "b"'),
  );
  assert.deepEqual(
    engine.analyze().model.subnets.map((s) => s.name),
    ['module.network.aws_subnet.b'],
  );
  engine.setFile('/w/.terraform/modules/modules.json', JSON.stringify({ Modules: [] }));
  assert.equal(engine.analyze().model.subnets.length, 0, 'a manifest without the call installs nothing');
});

test('discovery reads modules.json and the folders it lists inside .terraform/modules, nothing else', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-installed-'));
  try {
    const w = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    w('main.tf', ROOT);
    w('.terraform/modules/modules.json', MANIFEST);
    w('.terraform/modules/network/main.tf', NETWORK);
    w('.terraform/modules/stale/main.tf', NETWORK);
    w('.terraform/providers/registry/x.tf', NETWORK);
    w('.terraform/modules/network/examples/e.yaml', 'a: 1');
    const found = discoverFiles(root, { maxFiles: 100, maxFileSizeKb: 1024 })
      .files.map((f) => path.relative(root, f).split(path.sep).join('/'))
      .sort();
    assert.deepEqual(found, ['.terraform/modules/modules.json', '.terraform/modules/network/main.tf', 'main.tf']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
