import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';
import { LineIndex } from '../../server/src/engine';

/**
 * Terraform over stdio: a .tf file's diagnostics, the HCL quick fixes (a DNS attribute inserted with
 * fmt alignment, a tag added to a literal map) applied like an editor applies them, and the hover
 * that shows what a cidrsubnet(...) expression evaluates to for each instance.
 */
const MAIN = `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags       = { Name = "main" }
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}

resource "aws_subnet" "public" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = element(["us-west-2a", "us-west-2b"], count.index)

  tags = {
    Name = "public"
  }
}

resource "aws_route_table_association" "public" {
  count          = 2
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_eks_cluster" "demo" {
  name     = "demo"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids = aws_subnet.public[*].id
  }
}
`;

interface Pos {
  line: number;
  character: number;
}
interface Action {
  title: string;
  edit: { changes: Record<string, { range: { start: Pos; end: Pos }; newText: string }[]> };
}

let dir: string;
let file: string;
let client: LspClient;
let text = MAIN;
let version = 1;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-tf-'));
  file = path.join(dir, 'main.tf');
  fs.writeFileSync(file, MAIN);
  client = new LspClient();
  await client.initialize(dir);
  client.open(file, MAIN, 'terraform');
  await client.waitFor(
    (get) =>
      get(file).some((d) => d.code === 'vpc-dns-hostnames-disabled') &&
      get(file).some((d) => d.code === 'subnet-missing-elb-tag'),
  );
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function applyFix(rule: string): Promise<void> {
  const diag = client.diagnostics(file).find((d) => d.code === rule);
  assert.ok(diag, `${rule} reported`);
  const actions = await client.conn.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: diag.range,
    context: { diagnostics: [diag], only: ['quickfix'] },
  });
  assert.equal(actions.length, 1, `${rule}: one quick fix, got ${actions.map((a) => a.title).join(' | ')}`);
  const idx = new LineIndex(text);
  const edits = [...actions[0].edit.changes[uri(file)]].sort(
    (a, b) => idx.offset(b.range.start) - idx.offset(a.range.start),
  );
  for (const e of edits)
    text = text.slice(0, idx.offset(e.range.start)) + e.newText + text.slice(idx.offset(e.range.end));
  client.change(file, text, ++version);
  await client.waitFor((get) => !get(file).some((d) => d.code === rule));
}

test('a Terraform diagnostic names the attribute as HCL spells it and sits on the resource', () => {
  const d = client.diagnostics(file).find((x) => x.code === 'vpc-dns-hostnames-disabled');
  assert.ok(d);
  assert.match(d.message, /does not set enable_dns_hostnames/);
  assert.deepEqual(d.range.start, { line: 0, character: 0 });
});

test("hover on cidrsubnet(...) in a counted subnet lists each instance's block", async () => {
  const at = new LineIndex(text).position(text.indexOf('cidrsubnet(') + 3);
  const h = await client.conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri: uri(file) },
    position: at,
  });
  assert.ok(h);
  assert.ok(h.contents.value.includes('`aws_subnet.public[0]` = `10.0.0.0/24`'), h.contents.value);
  assert.ok(h.contents.value.includes('`aws_subnet.public[1]` = `10.0.1.0/24`'), h.contents.value);
});

test('quick fixes round trip: enable_dns_hostnames inserted and aligned, the ELB tag added to the tags map', async () => {
  await applyFix('vpc-dns-hostnames-disabled');
  assert.ok(
    text.includes(
      'resource "aws_vpc" "main" {\n  cidr_block           = "10.0.0.0/16"\n  tags                 = { Name = "main" }\n  enable_dns_hostnames = true\n}',
    ),
    text,
  );
  await applyFix('subnet-missing-elb-tag');
  assert.ok(
    text.includes('  tags = {\n    Name                     = "public"\n    "kubernetes.io/role/elb" = "1"\n  }'),
    text,
  );
  // Both subnets share the block, so one edit fixed both instances.
  assert.equal(client.diagnostics(file).filter((d) => d.code === 'subnet-missing-elb-tag').length, 0);
});
