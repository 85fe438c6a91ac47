import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';

/**
 * The language server reads the repository's `.eksnet.yaml` at the workspace folder's root, under
 * the editor's settings: an editor setting wins where the user set it (differs from the default),
 * `rules` merge per rule id, and a change to the file on disk applies at once.
 */
const ENI_MISSING_SUBNET =
  'apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: us-west-2a\nspec:\n  securityGroups: [sg-0123456789abcdef0]\n';

/** A VPC of a cluster with DNS resolution off: reported whatever the settings file says. */
const VPC = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  Vpc:',
  '    Type: AWS::EC2::VPC',
  '    Properties:',
  '      CidrBlock: 10.0.0.0/16',
  '      EnableDnsSupport: false',
  '      EnableDnsHostnames: true',
  '      Tags: [{Key: kubernetes.io/cluster/demo, Value: owned}]',
  '',
].join('\n');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-settings-'));
const client = new LspClient();
after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('.eksnet.yaml applies in the editor, under the editor settings, and follows changes on disk', async () => {
  const eni = path.join(dir, 'eni.yaml');
  const settings = path.join(dir, '.eksnet.yaml');
  fs.writeFileSync(eni, ENI_MISSING_SUBNET);
  fs.writeFileSync(settings, 'rules:\n  eniconfig-schema: "off"\n');
  // VS Code sends every setting, defaults included: those must not hide the file's.
  client.config = { rules: {}, clusterName: '', assumeEksVpc: false, maxFiles: 5000 };
  const vpc = path.join(dir, 'vpc.yaml');
  fs.writeFileSync(vpc, VPC);
  await client.initialize(dir);
  // Once vpc.yaml is published the workspace is indexed; the rule is off, so eni.yaml has nothing.
  await client.waitFor((get) => get(vpc).length > 0);
  assert.deepEqual(client.diagnostics(eni), []);

  // A rule the user sets in the editor wins over the file.
  client.config = { rules: { 'eniconfig-schema': 'warning' } };
  void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await client.waitFor((get) => get(eni).some((d) => d.severity === 2));

  // Back to defaults in the editor; then the file changes on disk and the watcher reports it.
  client.config = { rules: {} };
  void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await client.waitFor((get) => get(eni).length === 0);
  fs.writeFileSync(settings, 'rules:\n  eniconfig-schema: hint\n');
  void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(settings), type: 2 }] });
  await client.waitFor((get) => get(eni).some((d) => d.severity === 4));
  fs.unlinkSync(settings);
  void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(settings), type: 3 }] });
  await client.waitFor((get) => get(eni).some((d) => d.severity === 1));
});
