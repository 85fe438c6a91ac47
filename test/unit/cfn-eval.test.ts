import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/parsers/yaml';
import { parseJson } from '../../server/src/parsers/json';
import { getPath } from '../../server/src/parsers/tree';
import { recognizeTemplate } from '../../server/src/evaluators/cloudformation/template';
import { Evaluator } from '../../server/src/evaluators/cloudformation/evaluate';
import { Unknown, Sym, ResRef, type CfnValue } from '../../server/src/evaluators/cloudformation/values';
import { HEAD } from '../helpers/cfnTemplate';
import { cidrFn } from '../../server/src/evaluators/cloudformation/functions';
import { readParameters } from '../../server/src/model/builders/cloudformation/parameters';

function evalYaml(expr: string, overrides: Record<string, string> = {}): CfnValue {
  const t = recognizeTemplate(parseYaml(`${HEAD}  X:\n    Value: ${expr}\n`).documents[0].root)!;
  return new Evaluator(t, new Map(Object.entries(overrides))).eval(getPath(t.root, ['Outputs', 'X', 'Value']));
}

/** The same template as JSON, so the long forms are tested in JSON syntax too. */
function evalJson(expr: string): CfnValue {
  const text = JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Parameters: {
        VpcBlock: { Type: 'String', Default: '10.0.0.0/16' },
        Env: { Type: 'String', Default: 'prod' },
        NoDefault: { Type: 'String' },
      },
      Mappings: { Net: { prod: { Cidr: '10.9.0.0/16' } } },
      Conditions: {
        IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        Unknown: { 'Fn::Equals': [{ Ref: 'NoDefault' }, 'x'] },
      },
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: { Ref: 'VpcBlock' } } },
        Subnet: {
          Type: 'AWS::EC2::Subnet',
          Properties: { AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': { Ref: 'AWS::Region' } }] } },
        },
      },
      Outputs: { X: { Value: JSON.parse(expr) as unknown } },
    },
    null,
    2,
  );
  // Parsed as the engine parses a .json file (cfn-eval-json.test.ts covers every function in JSON).
  const t = recognizeTemplate(parseJson(text).documents[0].root)!;
  return new Evaluator(t).eval(getPath(t.root, ['Outputs', 'X', 'Value']));
}

const why = (v: CfnValue) => (v instanceof Unknown ? v.why : `not unknown: ${JSON.stringify(v)}`);

describe('Ref and parameters', () => {
  test('a parameter takes its Default, a parameters file overrides it, and one without either is unknown', () => {
    assert.equal(evalYaml('!Ref VpcBlock'), '10.0.0.0/16');
    assert.equal(evalYaml('{Ref: VpcBlock}'), '10.0.0.0/16');
    assert.equal(evalYaml('!Ref VpcBlock', { VpcBlock: '10.7.0.0/16' }), '10.7.0.0/16');
    assert.match(why(evalYaml('!Ref NoDefault')), /no Default/);
    assert.equal(evalJson('{"Ref": "VpcBlock"}'), '10.0.0.0/16');
  });
  test('list parameters split on commas; resources are references; pseudo parameters are symbolic', () => {
    assert.deepEqual(evalYaml('!Ref Zones'), ['a', 'b', 'c']);
    assert.deepEqual(evalYaml('!Ref Vpc'), new ResRef('Vpc'));
    assert.deepEqual(evalYaml('!Ref AWS::Region'), new Sym('${AWS::Region}'));
  });
  test('parameters files: deploy JSON, Key=Value list, CodePipeline template configuration', () => {
    const read = (s: string) => Object.fromEntries(readParameters(parseYaml(s).documents[0].root!));
    assert.deepEqual(
      read('[{"ParameterKey": "A", "ParameterValue": "1"}, {"ParameterKey": "B", "ParameterValue": "x,y"}]'),
      { A: '1', B: 'x,y' },
    );
    assert.deepEqual(read('["A=10.0.0.0/16", "B=c=d"]'), { A: '10.0.0.0/16', B: 'c=d' });
    assert.deepEqual(read('{"Parameters": {"A": "1", "B": 2}}'), { A: '1', B: '2' });
  });
});

describe('Fn::GetAtt', () => {
  test('copied properties resolve in scalar, list and long forms; ids stay references', () => {
    assert.equal(evalYaml('!GetAtt Vpc.CidrBlock'), '10.0.0.0/16');
    assert.equal(evalYaml('!GetAtt [Vpc, CidrBlock]'), '10.0.0.0/16');
    assert.equal(evalYaml("{'Fn::GetAtt': [Subnet, CidrBlock]}"), '10.0.0.0/24');
    assert.deepEqual(evalYaml('!GetAtt Subnet.AvailabilityZone'), new Sym('${AWS::Region}[1]'));
    assert.deepEqual(evalYaml('!GetAtt Vpc.CidrBlockAssociations'), new ResRef('Vpc', 'CidrBlockAssociations'));
    assert.deepEqual(evalYaml('!GetAtt Vpc.VpcId'), new ResRef('Vpc'));
    assert.equal(evalJson('{"Fn::GetAtt": ["Vpc", "CidrBlock"]}'), '10.0.0.0/16');
  });
});

describe('Fn::Cidr', () => {
  test('carves count blocks of cidrBits host bits from the start of the block (IPv4 and IPv6)', () => {
    assert.deepEqual(evalYaml('!Cidr [!Ref VpcBlock, 3, !Ref Bits]'), ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    assert.deepEqual(evalYaml("{'Fn::Cidr': ['192.168.0.0/24', 2, 6]}"), ['192.168.0.0/26', '192.168.0.64/26']);
    assert.deepEqual(cidrFn('2001:db8::/56', 2, 64), ['2001:db8::/64', '2001:db8:0:1::/64']);
    assert.deepEqual(evalJson('{"Fn::Cidr": [{"Fn::GetAtt": ["Vpc", "CidrBlock"]}, 2, "12"]}'), [
      '10.0.0.0/20',
      '10.0.16.0/20',
    ]);
  });
  test('inputs AWS rejects are unknown, never guessed', () => {
    assert.match(why(cidrFn('10.0.0.0/24', 2, 8)), /do not fit/);
    assert.match(why(cidrFn('10.0.0.0/24', 0, 4)), /count/);
    assert.match(why(cidrFn('10.0.0.1/24', 1, 4)), /host bits/);
    assert.match(why(evalYaml('!Cidr [!Ref NoDefault, 2, 8]')), /no Default/);
  });
});

describe('Fn::Select, Fn::Split, Fn::Join, Fn::Sub', () => {
  test('select, split and join in short and long forms', () => {
    assert.equal(evalYaml('!Select [1, !Split [",", "a,b,c"]]'), 'b');
    assert.equal(evalYaml("{'Fn::Select': ['2', {'Fn::Split': ['/', 'x/y/z']}]}"), 'z');
    assert.equal(evalYaml('!Join ["-", [a, !Ref Env, 3]]'), 'a-prod-3');
    assert.deepEqual(
      evalYaml('!Join [".", [com.amazonaws, !Ref AWS::Region, s3]]'),
      new Sym('com.amazonaws.${AWS::Region}.s3'),
    );
    assert.match(why(evalYaml('!Select [5, [a, b]]')), /past the end/);
    assert.match(why(evalYaml('!Join ["", [!Ref NoDefault]]')), /no Default/);
    assert.equal(
      evalJson('{"Fn::Join": ["/", [{"Fn::Select": [0, {"Fn::Split": ["/", "10.1.0.0/16"]}]}, "24"]]}'),
      '10.1.0.0/24',
    );
  });
  test('sub with parameters, attributes, local variables and the ${!Literal} escape', () => {
    assert.equal(evalYaml('!Sub "${Env}-${Vpc.CidrBlock}"'), 'prod-10.0.0.0/16');
    assert.equal(evalYaml('!Sub ["${A}/${B}", {A: 10.1.0.0, B: !Select [0, [20]]}]'), '10.1.0.0/20');
    assert.equal(evalYaml('!Sub "${!Literal}-${Env}"'), '${Literal}-prod');
    assert.deepEqual(
      evalYaml('!Sub "com.amazonaws.${AWS::Region}.ecr.api"'),
      new Sym('com.amazonaws.${AWS::Region}.ecr.api'),
    );
    assert.match(why(evalYaml('!Sub "${NoDefault}"')), /no Default/);
    assert.equal(evalJson('{"Fn::Sub": ["${A}-${Env}", {"A": "x"}]}'), 'x-prod');
  });
});

describe('Fn::GetAZs and Fn::FindInMap', () => {
  test('zones are symbolic: index 0 equals itself and differs from index 1', () => {
    const a = evalYaml("!Select [0, !GetAZs '']");
    const b = evalYaml('!Select [0, !GetAZs {Ref: AWS::Region}]');
    const c = evalYaml("!Select ['1', {'Fn::GetAZs': ''}]");
    assert.deepEqual(a, new Sym('${AWS::Region}[0]'));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.deepEqual(evalYaml('!Select [2, !GetAZs us-west-2]'), new Sym('us-west-2[2]'));
    assert.deepEqual(evalJson('{"Fn::Select": [1, {"Fn::GetAZs": ""}]}'), new Sym('${AWS::Region}[1]'));
  });
  test('mappings by known keys; an unknown key is unknown', () => {
    assert.equal(evalYaml('!FindInMap [Net, !Ref Env, Cidr]'), '10.9.0.0/16');
    assert.equal(evalJson('{"Fn::FindInMap": ["Net", {"Ref": "Env"}, "Cidr"]}'), '10.9.0.0/16');
    // Keyed by the region: one value per deployment, kept symbolic (equal to itself only).
    assert.deepEqual(
      evalYaml('!FindInMap [Net, !Ref AWS::Region, Cidr]'),
      new Sym('${Fn::FindInMap(Net, ${AWS::Region}, Cidr)}'),
    );
    assert.match(why(evalYaml('!FindInMap [Net, !Ref NoDefault, Cidr]')), /keys known only at deployment/);
    assert.match(why(evalYaml('!FindInMap [Net, dev, Cidr]')), /not in the Mappings/);
  });
});

describe('conditions and Fn::If', () => {
  test('static conditions pick a branch; Equals, Not, Or, And, Condition', () => {
    assert.equal(evalYaml('!If [IsProd, 10.0.0.0/16, 10.1.0.0/16]'), '10.0.0.0/16');
    assert.equal(evalYaml('!If [IsDev, a, b]'), 'b');
    assert.equal(evalYaml('!If [Either, a, b]'), 'a');
    assert.equal(evalYaml('!If [Both, a, b]'), 'b');
    assert.equal(evalYaml("{'Fn::If': [IsProd, {'Fn::Equals': [1, '1']}, false]}"), true);
    assert.equal(evalJson('{"Fn::If": ["IsProd", "yes", "no"]}'), 'yes');
  });
  test('a condition known only at deployment keeps a value both branches agree on, else is unknown', () => {
    assert.equal(evalYaml('!If [Unknown, same, same]'), 'same');
    assert.match(why(evalYaml('!If [Unknown, a, b]')), /condition Unknown/);
    assert.match(why(evalJson('{"Fn::If": ["Unknown", "a", "b"]}')), /condition Unknown/);
  });
});

describe('everything else is unknown, with a reason', () => {
  test('ImportValue, Base64 of unknowns, unsupported functions', () => {
    assert.match(why(evalYaml('!ImportValue shared-vpc-cidr')), /another stack/);
    assert.match(why(evalYaml('!Base64 {Ref: NoDefault}')), /Base64/);
    assert.equal(evalYaml('!Base64 abc'), 'YWJj');
    assert.match(why(evalYaml("{'Fn::Transform': {Name: 'AWS::Include'}}")), /not evaluated/);
    assert.match(why(evalYaml('!Ref Missing')), /not a parameter or resource/);
    assert.match(why(evalYaml("'{{resolve:ssm:/network/vpc-cidr}}'")), /dynamic reference/);
  });
});

describe('AWS::LanguageExtensions functions', () => {
  /** A template that declares the transform (as a list, the other accepted shape), with the expression as an output. */
  function evalExt(expr: string, transform = 'Transform: [AWS::LanguageExtensions]\n'): CfnValue {
    const text = `${transform}${HEAD}  X:\n    Value: ${expr}\n`;
    const t = recognizeTemplate(parseYaml(text).documents[0].root)!;
    return new Evaluator(t).eval(getPath(t.root, ['Outputs', 'X', 'Value']));
  }
  test('Fn::Length counts a literal list, a list parameter and the result of a function, even with unknown elements', () => {
    assert.equal(evalExt('!Length [a, b, c]'), 3);
    assert.equal(evalExt('!Length {Ref: Zones}'), 3);
    assert.equal(evalExt('{"Fn::Length": !Cidr [!Ref VpcBlock, 6, 8]}'), 6);
    assert.equal(evalExt('!Length [!Ref NoDefault, x]'), 2);
    assert.match(why(evalExt('!Length {Ref: NoDefault}')), /no Default/);
  });
  test('Fn::ToJsonString writes compact JSON in key order, and only when every part is known', () => {
    assert.equal(evalExt('!ToJsonString {key1: value1, key2: !Ref Env}'), '{"key1":"value1","key2":"prod"}');
    assert.equal(evalExt('!ToJsonString [{key1: value1}, {key2: !Ref Env}]'), '[{"key1":"value1"},{"key2":"prod"}]');
    assert.match(why(evalExt('!ToJsonString {k: !Ref NoDefault}')), /no Default/);
    assert.match(why(evalExt('!ToJsonString {k: !Ref AWS::Region}')), /account and region/);
  });
  test('Fn::FindInMap DefaultValue applies only when the keys are missing', () => {
    assert.equal(evalExt('!FindInMap [Net, prod, Cidr, {DefaultValue: 10.1.0.0/16}]'), '10.9.0.0/16');
    assert.equal(evalExt('!FindInMap [Net, dev, Cidr, {DefaultValue: 10.1.0.0/16}]'), '10.1.0.0/16');
    assert.match(
      why(evalExt('!FindInMap [Net, !Ref NoDefault, Cidr, {DefaultValue: 10.1.0.0/16}]')),
      /known only at deployment/,
    );
  });
  test('without the transform CloudFormation rejects them, so they are unknown and say why', () => {
    for (const expr of ['!Length [a]', '!ToJsonString {a: b}', '!FindInMap [Net, dev, Cidr, {DefaultValue: x}]']) {
      assert.match(why(evalExt(expr, '')), /needs `Transform: AWS::LanguageExtensions`/, expr);
    }
    assert.equal(evalExt('!Length [a]', 'Transform: AWS::LanguageExtensions\n'), 1);
  });
  test('AllowedValues is not a value: a parameter without Default stays unknown', () => {
    const text = `${HEAD.replace('  NoDefault: {Type: String}', '  NoDefault: {Type: String, AllowedValues: [10.0.0.0/16]}')}  X:\n    Value: !Ref NoDefault\n`;
    const t = recognizeTemplate(parseYaml(text).documents[0].root)!;
    assert.match(why(new Evaluator(t).eval(getPath(t.root, ['Outputs', 'X', 'Value']))), /no Default/);
  });
});
