import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';
import { awsNodePatch } from '../helpers/manifests';

/** Instance-type hover and completion over stdio, in every source format that names instance types. */
const AWS_NODE = awsNodePatch({ ENABLE_PREFIX_DELEGATION: 'true' });
const EKSCTL = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: demo
  region: us-west-2
managedNodeGroups:
  - name: general
    instanceType: m5.large
  - name: typing
    instanceType: 
`;
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  nodeSelector:
    node.kubernetes.io/instance-type: c5.xlarge
  containers: []
`;
const TF = `resource "aws_eks_node_group" "general" {
  cluster_name   = "demo"
  node_role_arn  = "arn:aws:iam::111122223333:role/node"
  subnet_ids     = ["subnet-0aaaaaaaaaaaaaaa1"]
  instance_types = ["m5.xlarge"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }
}
`;

let dir: string;
let client: LspClient;
const files: Record<string, string> = {};

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-instance-'));
  for (const [name, text] of Object.entries({
    'aws-node.yaml': AWS_NODE,
    'cluster.yaml': EKSCTL,
    'pod.yaml': POD,
    'main.tf': TF,
  })) {
    files[name] = path.join(dir, name);
    fs.writeFileSync(files[name], text);
  }
  client = new LspClient();
  const r = await client.initialize(dir);
  assert.ok(r.capabilities.completionProvider, 'completion is advertised');
  client.open(files['cluster.yaml'], EKSCTL);
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function hoverAt(name: string, text: string, needle: string): Promise<string> {
  const off = text.indexOf(needle) + 1;
  const before = text.slice(0, off).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  // The server indexes the folder asynchronously; retry briefly until the model has the file.
  for (let i = 0; i < 50; i++) {
    const h = await client.conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: uri(files[name]) },
      position,
    });
    if (h && /Max pods/.test(h.contents.value) && /prefix delegation/.test(h.contents.value)) return h.contents.value;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no instance-type hover in ${name}`);
}

test('hover in eksctl, a Kubernetes node selector and Terraform uses the workspace mode and says where', async () => {
  const eksctl = await hoverAt('cluster.yaml', EKSCTL, 'm5.large');
  assert.match(eksctl, /\*\*Max pods: 110\*\* with prefix delegation: .* = 434, capped at 110/);
  assert.match(eksctl, /`ENABLE_PREFIX_DELEGATION=true` at \[aws-node\.yaml:13\]\(file:/);
  const pod = await hoverAt('pod.yaml', POD, 'c5.xlarge');
  assert.match(pod, /\*\*c5\.xlarge\*\*: Nitro/);
  const tf = await hoverAt('main.tf', TF, 'm5.xlarge');
  assert.match(tf, /\*\*m5\.xlarge\*\*: Nitro, 4 vCPUs/);
});

test('completion offers instance types at an empty eksctl instanceType', async () => {
  const lines = EKSCTL.split('\n');
  const line = lines.findIndex((l) => l === '    instanceType: ');
  const r = await client.conn.sendRequest<{
    items: { label: string; detail?: string; textEdit?: { range: { start: { line: number; character: number } } } }[];
  } | null>('textDocument/completion', {
    textDocument: { uri: uri(files['cluster.yaml']) },
    position: { line, character: lines[line].length },
  });
  assert.ok(r);
  const m5 = r.items.find((i) => i.label === 'm5.large');
  assert.equal(m5?.detail, '110 max pods, 3 ENIs x 10 IPs');
  assert.deepEqual(m5?.textEdit?.range.start, { line, character: lines[line].length });
});
