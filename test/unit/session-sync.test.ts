import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { Session } from '../../server/src/lsp/session';

/**
 * Edits wait in the session until the analysis runs; a request gives the engine its own file's
 * edits only, so a hover in one file answers from the last complete analysis while another file's
 * keystrokes are still pending, and a request in the edited file sees the text as last changed.
 */
const quiet = {
  console: { warn() {}, info() {}, log() {}, error() {} },
  sendDiagnostics: () => Promise.resolve(),
  sendNotification: () => Promise.resolve(),
} as unknown as Connection;

const ENI = (name: string, subnet: string) =>
  `apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: ${name}\nspec:\n  subnet: ${subnet}\n  securityGroups: [sg-0123456789abcdef0]\n`;

test('a request flushes its own file only; the analysis flushes every edited buffer', () => {
  const session = new Session(quiet);
  const a = 'file:///ws/a.yaml';
  const b = 'file:///ws/b.yaml';
  session.openOrChange(a, ENI('us-west-2a', 'subnet-0123456789abcdef0'));
  session.openOrChange(b, ENI('us-west-2b', 'subnet-0123456789abcdef1'));
  session.publishAll();
  const before = session.engine.analyze();
  // `subnet-0123…` becomes `xsubnet-0123…` on line 5, character 10.
  const at = { line: 5, character: 10 };
  session.change(a, [{ range: { start: at, end: at }, text: 'x' }]);
  assert.ok(session.analysisPending);

  session.requestFile(b);
  assert.equal(session.engine.analyze(), before, 'the analysis made before the edit still answers');
  assert.match(session.engine.text(a)!, /subnet: subnet-/);

  session.requestFile(a);
  assert.match(session.engine.text(a)!, /subnet: xsubnet-/);
  assert.notEqual(session.engine.analyze(), before);

  session.change(b, [{ range: { start: at, end: at }, text: 'y' }]);
  session.publishAll();
  assert.match(session.engine.text(b)!, /subnet: ysubnet-/);
  assert.ok(session.engine.findings(b).some((f) => /ysubnet/.test(f.message)));
});
