import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/parsers/yaml';
import { recognizeTemplate } from '../../server/src/evaluators/cloudformation/template';
import { conditionScenarios, MAX_SCENARIOS } from '../../server/src/evaluators/cloudformation/scenarios';

function template(text: string) {
  const t = recognizeTemplate(parseYaml(text).documents[0].root);
  assert.ok(t);
  return t;
}

const ENV = `
Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
  Never: !And [!Condition IsProd, !Condition IsDev]
Resources:
  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
`;

test('a parameter compared with literals takes each literal and any other value, not only its default', () => {
  const s = conditionScenarios(template(ENV), new Map());
  assert.equal(s.count, 3);
  assert.equal(s.holds('IsProd').length, 1);
  assert.equal(s.holds('IsDev').length, 1);
  assert.notDeepEqual(s.holds('IsProd'), s.holds('IsDev'));
  assert.deepEqual(s.holds('Never'), []);
});

test('a parameters file fixes the value: one scenario', () => {
  const s = conditionScenarios(template(ENV), new Map([['Env', 'prod']]));
  assert.equal(s.count, 1);
  assert.deepEqual(s.holds('IsProd'), [0]);
  assert.deepEqual(s.holds('IsDev'), []);
});

test('AllowedValues are the values a parameter takes', () => {
  const s = conditionScenarios(
    template(ENV.replace('Default: dev}', 'Default: dev, AllowedValues: [dev, test, prod, qa]}')),
    new Map(),
  );
  assert.equal(s.count, 4);
});

test(`past ${MAX_SCENARIOS} scenarios conditions on enumerated parameters may always hold`, () => {
  const params = Array.from({ length: 8 }, (_, i) => `  P${i}: {Type: String, AllowedValues: [a, b]}`).join('\n');
  const conds = Array.from({ length: 8 }, (_, i) => `  C${i}: !Equals [!Ref P${i}, a]`).join('\n');
  const s = conditionScenarios(
    template(`Parameters:\n${params}\nConditions:\n${conds}\nResources:\n  V: {Type: AWS::EC2::VPC}\n`),
    new Map(),
  );
  assert.equal(s.count, 1);
  assert.deepEqual(s.holds('C0'), [0]);
});
