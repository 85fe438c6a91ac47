import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';
import { idShapeAllows, placeholders } from '../../server/src/base/placeholders';

const ENI = `apiVersion: crd.k8s.amazonaws.com/v1alpha1
kind: ENIConfig
metadata:
  name: $AZ_1
spec:
  subnet: \${POD_SUBNET_1}
  securityGroups: [\${NODE_SG}, sg-0123456789abcdef0]
`;

test('placeholders: envsubst, kustomize and Go-template syntaxes, with the variable each needs', () => {
  const got = placeholders('a-${ONE}-$TWO-$(THREE)-{{ .four }}-${FIVE:-x}').map((p) => [p.kind, p.name]);
  assert.deepEqual(got, [
    ['envsubst', 'ONE'],
    ['envsubst', 'TWO'],
    ['kustomize', 'THREE'],
    ['go-template', '.four'],
    ['envsubst', 'FIVE'],
  ]);
  assert.deepEqual(placeholders('subnet-0123abcd'), []);
  assert.deepEqual(placeholders('price: $5'), []);
});

test('idShapeAllows judges only the literal part of a half-placeholder ID', () => {
  const ok = (t: string, prefix: string) => idShapeAllows(t, placeholders(t), prefix);
  assert.equal(ok('subnet-${X}', 'subnet-'), true);
  assert.equal(ok('${X}', 'subnet-'), true);
  assert.equal(ok('${P}net-0123abcd', 'subnet-'), true);
  assert.equal(ok('sg-${X}', 'subnet-'), false);
  assert.equal(ok('subnet-${X}z', 'subnet-'), false, 'z is not a hex digit');
  assert.equal(ok('subnet-0123456789abcdef01${X}', 'subnet-'), false, 'already 18 hex digits');
  assert.equal(ok('sg-0123456789abcdef${X}', 'sg-'), true);
});

test('an envsubst ENIConfig becomes unresolved values that name their variables, in flow lists too', () => {
  const analysis = engineOf({ 'eni.yaml': ENI }).analyze();
  assert.deepEqual(
    analysis.findings.filter((f) => f.ruleId === 'syntax-error'),
    [],
    'a placeholder in a flow list is not a YAML error',
  );
  const [ec] = analysis.model.eniConfigs;
  assert.equal(ec.subnet?.kind, 'unresolved');
  assert.match(ec.subnet?.kind === 'unresolved' ? ec.subnet.why : '', /environment variable POD_SUBNET_1/);
  assert.deepEqual(
    ec.securityGroups.map((v) => v.kind),
    ['unresolved', 'known'],
  );
  assert.match(ec.nameUnknown?.why ?? '', /AZ_1/);
});

test('hover on a placeholder says which variable supplies it', () => {
  const engine = engineOf({ 'eni.yaml': ENI });
  engine.analyze();
  const at = ENI.indexOf('POD_SUBNET_1');
  const h = engine.hover('eni.yaml', at);
  assert.ok(h);
  assert.match(h.contents, /environment variable POD_SUBNET_1 supplies it/);
  assert.equal(ENI.slice(h.span.start, h.span.end), '${POD_SUBNET_1}');
  assert.equal(engine.hover('eni.yaml', ENI.indexOf('sg-0123')), undefined);
});

test('kubectl set env with a shell variable names the variable in the unresolved reason', () => {
  const sh = 'kubectl set env daemonset aws-node -n kube-system WARM_IP_TARGET=$WARM\n';
  const env = engineOf({ 'setup.sh': sh }).analyze().model.awsNode[0];
  const v = env.vars[0].value;
  assert.equal(v?.kind, 'unresolved');
  assert.match(v?.kind === 'unresolved' ? v.why : '', /environment variable WARM/);
});

test('hover on a placeholder in a kubectl set env of a Makefile, runbook or Dockerfile, and not in their prose', () => {
  const cmd = 'kubectl set env daemonset aws-node -n kube-system WARM_IP_TARGET=${WARM}';
  const files: Record<string, string> = {
    Makefile: `cni:\n\t${cmd}\n`,
    'runbook.md': `Set $WARM first.\n\n\`\`\`sh\n${cmd}\n\`\`\`\n`,
    Dockerfile: `FROM alpine\nRUN ${cmd}\n`,
  };
  const engine = engineOf(files);
  engine.analyze();
  for (const [id, text] of Object.entries(files)) {
    const h = engine.hover(id, text.indexOf('${WARM}') + 3);
    assert.ok(h, id);
    assert.match(h.contents, /environment variable WARM supplies it/);
    assert.equal(text.slice(h.span.start, h.span.end), '${WARM}');
  }
  assert.equal(engine.hover('runbook.md', files['runbook.md'].indexOf('$WARM') + 2), undefined);
});
