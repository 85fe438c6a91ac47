// Extension tests for @vscode/test-electron (loaded by VS Code as extensionTestsPath).
// Mocha-free: run() resolves when every check passed and rejects on the first failure.
// Waits on vscode.languages.onDidChangeDiagnostics; the only timer is an upper bound.
'use strict';
const vscode = require('vscode');
const assert = require('node:assert/strict');

const TIMEOUT_MS = Number(process.env.EKSNET_ELECTRON_TIMEOUT_MS || 60000);
const ENICONFIG_RULE = process.env.EKSNET_ENICONFIG_RULE || 'eniconfig-schema';
const AWS_NODE_RULE = process.env.EKSNET_AWS_NODE_RULE || 'aws-node-env-invalid';
// The env entry's name (the fixture's header comment mentions the variable too).
const ENV_ENTRY = /name:\s*AWS_VPC_K8S_CNI_EXTERNALSNAT\b/;

/** Diagnostic.code is a string/number, or {value, target} when the server sends codeDescription. */
function codeOf(d) {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

/** Resolves with uri's diagnostics once predicate(diagnostics) holds; rejects after TIMEOUT_MS. */
function diagnosticsFor(uri, predicate, what) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diags = vscode.languages.getDiagnostics(uri);
      if (predicate(diags)) {
        sub.dispose();
        clearTimeout(timer);
        resolve(diags);
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      const now = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}: ${d.message}`);
      reject(
        new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what}; diagnostics now: ${JSON.stringify(now)}`),
      );
    }, TIMEOUT_MS);
    check();
  });
}

async function open(name) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'no workspace folder open');
  const uri = vscode.Uri.joinPath(folder.uri, name);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

const checks = [
  [
    'ENIConfig without spec.subnet gets ' + ENICONFIG_RULE,
    async () => {
      const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'eniconfig-missing-subnet.yaml');
      const pending = diagnosticsFor(uri, (ds) => ds.some((d) => codeOf(d) === ENICONFIG_RULE), ENICONFIG_RULE);
      await open('eniconfig-missing-subnet.yaml');
      const diags = await pending;
      const d = diags.find((x) => codeOf(x) === ENICONFIG_RULE);
      assert.match(d.message, /subnet/i);
    },
  ],
  [
    'aws-node AWS_VPC_K8S_CNI_EXTERNALSNAT="yes" gets ' + AWS_NODE_RULE,
    async () => {
      const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'aws-node.yaml');
      const pending = diagnosticsFor(uri, (ds) => ds.some((d) => codeOf(d) === AWS_NODE_RULE), AWS_NODE_RULE);
      const doc = await open('aws-node.yaml');
      const diags = await pending;
      const line = doc
        .getText()
        .split(/\r?\n/)
        .findIndex((l) => ENV_ENTRY.test(l));
      assert.ok(
        diags.some(
          (d) => codeOf(d) === AWS_NODE_RULE && (d.range.start.line === line || d.range.start.line === line + 1),
        ),
        `no ${AWS_NODE_RULE} diagnostic on line ${line + 1} or ${line + 2}`,
      );
    },
  ],
  [
    'hover on AWS_VPC_K8S_CNI_EXTERNALSNAT describes SNAT',
    async () => {
      const doc = await open('aws-node.yaml');
      const entry = ENV_ENTRY.exec(doc.getText());
      const offset = entry.index + entry[0].indexOf('AWS_VPC_K8S_CNI_EXTERNALSNAT') + 5;
      const hovers = await vscode.commands.executeCommand(
        'vscode.executeHoverProvider',
        doc.uri,
        doc.positionAt(offset),
      );
      const text = (hovers || [])
        .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
        .join('\n');
      assert.match(text, /\bSNAT\b/, `hover text: ${JSON.stringify(text)}`);
    },
  ],
];

exports.run = async function run() {
  let failed = 0;
  for (const [name, fn] of checks) {
    try {
      await fn();
      console.log(`ok   ${name}`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${name}\n     ${e && e.message}`);
    }
  }
  console.log(`electron suite: ${checks.length - failed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} electron check(s) failed`);
};
