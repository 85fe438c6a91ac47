import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';
import { awsNodePatch } from '../helpers/manifests';

/**
 * Findings that span files: custom networking is switched on in the aws-node manifest, and the
 * problem shows in the eksctl config whose node group keeps the default max pods. Editing the
 * manifest (never opening the eksctl file) must refresh the eksctl file's diagnostics.
 */
const AWS_NODE = (on: boolean) => awsNodePatch({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: String(on) });
const CLUSTER =
  'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: demo\n  region: us-west-2\nmanagedNodeGroups:\n  - name: workers\n    instanceType: m5.large\n    maxSize: 3\n';

let dir: string;
let client: LspClient;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-xfile-'));
  fs.writeFileSync(path.join(dir, 'aws-node.yaml'), AWS_NODE(true));
  fs.writeFileSync(path.join(dir, 'cluster.yaml'), CLUSTER);
  client = new LspClient();
  await client.initialize(dir);
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a finding in one file points at the file that causes it', async () => {
  const cluster = path.join(dir, 'cluster.yaml');
  await client.waitFor((get) => get(cluster).some((d) => d.code === 'custom-networking-max-pods'));
  const d = client.diagnostics(cluster).find((x) => x.code === 'custom-networking-max-pods')!;
  assert.ok(
    d.relatedInformation?.some((r) => r.location.uri === uri(path.join(dir, 'aws-node.yaml'))),
    JSON.stringify(d.relatedInformation),
  );
});

test('editing one file refreshes the diagnostics of another', async () => {
  const awsNode = path.join(dir, 'aws-node.yaml');
  const cluster = path.join(dir, 'cluster.yaml');
  client.open(awsNode, AWS_NODE(true));
  client.change(awsNode, AWS_NODE(false));
  await client.waitFor((get) => !get(cluster).some((d) => d.code === 'custom-networking-max-pods'));
  client.change(awsNode, AWS_NODE(true), 3);
  await client.waitFor((get) => get(cluster).some((d) => d.code === 'custom-networking-max-pods'));
});
