import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/parsers/yaml';
import { getPath } from '../../server/src/parsers/tree';
import { recognizeTemplate } from '../../server/src/evaluators/cloudformation/template';
import { Evaluator } from '../../server/src/evaluators/cloudformation/evaluate';
import { Unknown, Sym, ResRef, type CfnValue } from '../../server/src/evaluators/cloudformation/values';
import { HEAD } from '../helpers/cfnTemplate';

/**
 * The YAML long forms (`Fn::X:` keys) written in block style, and short-form tags on block
 * sequences and mappings: the shapes cfn-eval.test.ts (flow style) and cfn-eval-json.test.ts (JSON)
 * do not reach.
 */
const why = (v: CfnValue) => (v instanceof Unknown ? v.why : `not unknown: ${JSON.stringify(v)}`);

describe('YAML long forms in block style', () => {
  /** The expression as block YAML under `Value:` (each line indented beneath it). */
  function evalBlock(...lines: string[]): CfnValue {
    const text = `${HEAD}  X:\n    Value:\n${lines.map((l) => `      ${l}\n`).join('')}`;
    const t = recognizeTemplate(parseYaml(text).documents[0].root)!;
    return new Evaluator(t).eval(getPath(t.root, ['Outputs', 'X', 'Value']));
  }
  test('Ref, Fn::GetAtt, Fn::Cidr, Fn::Select, Fn::Split and Fn::Join as `Fn::X:` keys', () => {
    assert.equal(evalBlock('Ref: VpcBlock'), '10.0.0.0/16');
    assert.deepEqual(evalBlock('Ref: AWS::Region'), new Sym('${AWS::Region}'));
    assert.equal(evalBlock('Fn::GetAtt:', '  - Vpc', '  - CidrBlock'), '10.0.0.0/16');
    assert.deepEqual(evalBlock('Fn::GetAtt: [Subnet, AvailabilityZone]'), new Sym('${AWS::Region}[1]'));
    assert.deepEqual(evalBlock('Fn::GetAtt: [Vpc, CidrBlockAssociations]'), new ResRef('Vpc', 'CidrBlockAssociations'));
    assert.deepEqual(evalBlock('Fn::Cidr:', '  - Ref: VpcBlock', '  - 2', '  - Ref: Bits'), [
      '10.0.0.0/24',
      '10.0.1.0/24',
    ]);
    assert.equal(evalBlock('Fn::Select:', "  - '1'", '  - Fn::Split: [",", "a,b,c"]'), 'b');
    assert.equal(evalBlock('Fn::Join:', '  - "-"', '  - - a', '    - Ref: Env'), 'a-prod');
  });
  test('Fn::Sub in both forms, Fn::FindInMap and Fn::GetAZs as keys', () => {
    assert.equal(evalBlock('Fn::Sub: "${Env}-${Vpc.CidrBlock}"'), 'prod-10.0.0.0/16');
    assert.equal(evalBlock('Fn::Sub:', '  - "${A}/${Bits}"', '  - A: !GetAtt Vpc.CidrBlock'), '10.0.0.0/16/8');
    assert.equal(evalBlock('Fn::FindInMap:', '  - Net', '  - Ref: Env', '  - Cidr'), '10.9.0.0/16');
    assert.deepEqual(
      evalBlock('Fn::Select:', '  - 0', '  - Fn::GetAZs:', '      Ref: AWS::Region'),
      new Sym('${AWS::Region}[0]'),
    );
  });
  test('Fn::If, Fn::Equals, Fn::And, Fn::Or, Fn::Not and Condition as keys; static and deployment-time conditions', () => {
    assert.equal(evalBlock('Fn::If:', '  - IsProd', '  - a', '  - b'), 'a');
    assert.equal(evalBlock('Fn::If:', '  - IsDev', '  - a', '  - b'), 'b');
    assert.match(why(evalBlock('Fn::If:', '  - Unknown', '  - a', '  - b')), /condition Unknown/);
    assert.equal(evalBlock('Fn::And:', '  - Condition: IsProd', '  - Fn::Not: [{Condition: IsDev}]'), true);
    assert.equal(evalBlock('Fn::Or:', '  - Condition: Unknown', '  - Fn::Equals: [a, a]'), true);
    assert.match(
      why(evalBlock('Fn::Or:', '  - Condition: Unknown', '  - Condition: IsDev')),
      /known only at deployment/,
    );
    assert.equal(evalBlock('Condition: Both'), false);
  });
  test('Fn::Base64 and Fn::ImportValue as keys', () => {
    assert.equal(evalBlock('Fn::Base64:', '  Fn::Sub: "${Env}"'), Buffer.from('prod').toString('base64'));
    assert.match(why(evalBlock('Fn::ImportValue:', '  Fn::Sub: "${Env}-VpcCidr"')), /another stack/);
  });
  test('short-form tags on block sequences and mappings', () => {
    assert.equal(evalBlock('!Join', '  - "/"', '  - [!Select [0, !Split ["/", !Ref VpcBlock]], "20"]'), '10.0.0.0/20');
    assert.equal(evalBlock('!Base64', '  Fn::Sub: "${Env}"'), Buffer.from('prod').toString('base64'));
    assert.equal(evalBlock('!And', '  - !Condition IsProd', '  - !Not [!Condition IsDev]'), true);
    assert.match(why(evalBlock('!ImportValue', '  Fn::Sub: "${Env}-VpcCidr"')), /another stack/);
  });
});
