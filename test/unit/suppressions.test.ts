import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';
import { initHcl } from '../../server/src/parsers/hcl';

const ENI = (extra = '', subnet = 'my-subnet') =>
  `apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: us-west-2a\n${extra}spec:\n  subnet: ${subnet}\n`;

const ids = (text: string, settings?: unknown) =>
  engineOf({ 'a.yaml': text }, settings)
    .analyze()
    .findings.map((f) => f.ruleId);

test('without suppression the finding is reported', () => {
  assert.deepEqual(ids(ENI()), ['eniconfig-schema']);
});

test('`# eksnet-disable-next-line <id>` silences that rule on the next line only', () => {
  const text = ENI().replace('  subnet:', '  # eksnet-disable-next-line eniconfig-schema\n  subnet:');
  assert.deepEqual(ids(text), []);
  const other = ENI().replace('  subnet:', '  # eksnet-disable-next-line subnet-size\n  subnet:');
  assert.deepEqual(ids(other), ['eniconfig-schema']);
  const tooEarly = ENI().replace('spec:', '# eksnet-disable-next-line eniconfig-schema\nkind2: x\nspec:');
  assert.deepEqual(ids(tooEarly), ['eniconfig-schema']);
});

test('comment lines between the directive and its target are skipped', () => {
  const text = ENI().replace(
    '  subnet:',
    '  # eksnet-disable-next-line eniconfig-schema\n  # the subnet is created later\n  subnet:',
  );
  assert.deepEqual(ids(text), []);
});

test('an annotation `eksnet-disable` silences the listed rules for the whole object', () => {
  assert.deepEqual(ids(ENI('  annotations:\n    eksnet-disable: "eniconfig-schema"\n')), []);
  assert.deepEqual(ids(ENI('  annotations:\n    eksnet-disable: "syntax-error, subnet-size"\n')), ['eniconfig-schema']);
});

test('a rule set to off in the settings produces nothing; a severity override applies', () => {
  assert.deepEqual(ids(ENI(), { rules: { 'eniconfig-schema': 'off' } }), []);
  const f = engineOf({ 'a.yaml': ENI() }, { rules: { 'eniconfig-schema': 'hint' } }).analyze().findings[0];
  assert.equal(f.severity, 'hint');
});

test('settings of the wrong type fall back to the defaults instead of failing', () => {
  const e = engineOf({ 'a.yaml': ENI() }, { rules: 'nonsense', clusterName: 42, maxFiles: 'x' });
  assert.equal(e.getSettings().clusterName, '');
  assert.deepEqual(e.getSettings().rules, {});
  assert.equal(e.analyze().findings.length, 1);
});

test('`# eksnet-disable-next-line` and `// eksnet-disable-next-line` work in Terraform files', async () => {
  await initHcl();
  const tf = (directive: string) =>
    `resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n\nresource "aws_subnet" "a" {\n  vpc_id = aws_vpc.main.id\n${directive}  cidr_block = "10.1.0.0/24"\n}\n`;
  const ruleIds = (text: string) =>
    engineOf({ 'main.tf': text })
      .analyze()
      .findings.map((f) => f.ruleId)
      .filter((id) => id === 'subnet-outside-vpc');
  assert.deepEqual(ruleIds(tf('')), ['subnet-outside-vpc']);
  assert.deepEqual(ruleIds(tf('  # eksnet-disable-next-line subnet-outside-vpc\n')), []);
  assert.deepEqual(ruleIds(tf('  // eksnet-disable-next-line subnet-outside-vpc\n')), []);
});
