import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../../server/src/parsers/json';
import { getPath } from '../../server/src/parsers/tree';
import { recognizeTemplate } from '../../server/src/evaluators/cloudformation/template';
import { Evaluator } from '../../server/src/evaluators/cloudformation/evaluate';
import { Unknown, Sym, ResRef, type CfnValue } from '../../server/src/evaluators/cloudformation/values';

/**
 * Every intrinsic function in JSON templates, read by the JSON parser that `.json` and `.template`
 * files go through (cfn-eval.test.ts covers the YAML short and long forms). JSON has no tags, so
 * each function is the one-key map `{"Fn::X": ...}`; numbers and booleans arrive as JSON types.
 */
const TEMPLATE = {
  AWSTemplateFormatVersion: '2010-09-09',
  Parameters: {
    VpcBlock: { Type: 'String', Default: '10.0.0.0/16' },
    Bits: { Type: 'Number', Default: 8 },
    Zones: { Type: 'CommaDelimitedList', Default: 'a, b, c' },
    NoDefault: { Type: 'String' },
    Env: { Type: 'String', Default: 'prod' },
    Attr: { Type: 'String', Default: 'CidrBlock' },
  },
  Mappings: { Net: { prod: { Cidr: '10.9.0.0/16', Zones: ['x', 'y'] }, dev: { Cidr: '10.8.0.0/16' } } },
  Conditions: {
    IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
    IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    Either: { 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['x', 'x'] }] },
    Both: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsDev' }] },
    Dynamic: { 'Fn::Equals': [{ Ref: 'NoDefault' }, 'x'] },
    InRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
  },
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: { Ref: 'VpcBlock' } } },
    Subnet: {
      Type: 'AWS::EC2::Subnet',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        CidrBlock: '10.0.1.0/24',
        AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
      },
    },
    Floating: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.2.0/24' } },
  },
};

function evalJson(expr: unknown, overrides: Record<string, string> = {}): CfnValue {
  const text = JSON.stringify({ ...TEMPLATE, Outputs: { X: { Value: expr } } }, null, 2);
  const parsed = parseJson(text);
  assert.deepEqual(parsed.problems, []);
  const t = recognizeTemplate(parsed.documents[0].root)!;
  return new Evaluator(t, new Map(Object.entries(overrides))).eval(getPath(t.root, ['Outputs', 'X', 'Value']));
}

const why = (v: CfnValue) => (v instanceof Unknown ? v.why : `not unknown: ${JSON.stringify(v)}`);
const ref = (name: string) => ({ Ref: name });

describe('JSON: Ref', () => {
  test('a parameter takes its Default, a parameters file overrides it, one without either is unknown', () => {
    assert.equal(evalJson(ref('VpcBlock')), '10.0.0.0/16');
    assert.equal(evalJson(ref('VpcBlock'), { VpcBlock: '10.7.0.0/16' }), '10.7.0.0/16');
    assert.equal(evalJson(ref('NoDefault'), { NoDefault: '10.6.0.0/16' }), '10.6.0.0/16');
    assert.match(why(evalJson(ref('NoDefault'))), /no Default/);
  });
  test('list parameters split on commas (also from a parameters file); resources are references; pseudo parameters are symbolic', () => {
    assert.deepEqual(evalJson(ref('Zones')), ['a', 'b', 'c']);
    assert.deepEqual(evalJson(ref('Zones'), { Zones: 'p,q' }), ['p', 'q']);
    assert.deepEqual(evalJson(ref('Vpc')), new ResRef('Vpc'));
    assert.deepEqual(evalJson(ref('AWS::Region')), new Sym('${AWS::Region}'));
    assert.deepEqual(evalJson(ref('AWS::AccountId')), new Sym('${AWS::AccountId}'));
    // AWS::NoValue removes the element it stands for.
    assert.deepEqual(evalJson(['a', ref('AWS::NoValue'), 'b']), ['a', 'b']);
  });
});

describe('JSON: Fn::GetAtt', () => {
  test('copied properties resolve; ids and deployment-time attributes stay references; absent properties are unknown', () => {
    assert.equal(evalJson({ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }), '10.0.0.0/16');
    assert.equal(evalJson({ 'Fn::GetAtt': ['Vpc', { Ref: 'Attr' }] }), '10.0.0.0/16');
    assert.deepEqual(
      evalJson({ 'Fn::GetAtt': ['Vpc', 'CidrBlockAssociations'] }),
      new ResRef('Vpc', 'CidrBlockAssociations'),
    );
    assert.deepEqual(evalJson({ 'Fn::GetAtt': ['Vpc', 'VpcId'] }), new ResRef('Vpc'));
    assert.deepEqual(evalJson({ 'Fn::GetAtt': ['Subnet', 'AvailabilityZone'] }), new Sym('${AWS::Region}[1]'));
    assert.deepEqual(evalJson({ 'Fn::GetAtt': ['Subnet', 'VpcId'] }), new ResRef('Vpc'));
    assert.match(why(evalJson({ 'Fn::GetAtt': ['Floating', 'AvailabilityZone'] })), /chosen by AWS at deployment/);
    assert.match(why(evalJson({ 'Fn::GetAtt': ['Nope', 'CidrBlock'] })), /not a resource/);
  });
});

describe('JSON: Fn::Cidr', () => {
  test('count blocks of cidrBits host bits from the start, numbers as JSON numbers or strings, IPv6 too', () => {
    assert.deepEqual(evalJson({ 'Fn::Cidr': [{ Ref: 'VpcBlock' }, 3, { Ref: 'Bits' }] }), [
      '10.0.0.0/24',
      '10.0.1.0/24',
      '10.0.2.0/24',
    ]);
    assert.deepEqual(evalJson({ 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, '2', '12'] }), [
      '10.0.0.0/20',
      '10.0.16.0/20',
    ]);
    assert.deepEqual(evalJson({ 'Fn::Cidr': ['2600:1f18::/56', 2, 64] }), ['2600:1f18::/64', '2600:1f18:0:1::/64']);
    assert.match(why(evalJson({ 'Fn::Cidr': ['10.0.0.0/24', 2, 8] })), /do not fit/);
    assert.match(why(evalJson({ 'Fn::Cidr': [{ Ref: 'NoDefault' }, 2, 8] })), /no Default/);
  });
});

describe('JSON: Fn::Select, Fn::Split, Fn::Join', () => {
  test('select by number or numeric string; past the end is unknown', () => {
    assert.equal(evalJson({ 'Fn::Select': [1, ['a', 'b', 'c']] }), 'b');
    assert.equal(evalJson({ 'Fn::Select': ['2', { Ref: 'Zones' }] }), 'c');
    assert.equal(evalJson({ 'Fn::Select': [0, { 'Fn::Cidr': [{ Ref: 'VpcBlock' }, 2, 8] }] }), '10.0.0.0/24');
    assert.match(why(evalJson({ 'Fn::Select': [3, ['a']] })), /past the end/);
  });
  test('split keeps empty pieces, as AWS does', () => {
    assert.deepEqual(evalJson({ 'Fn::Split': ['/', '10.1.0.0/16'] }), ['10.1.0.0', '16']);
    assert.deepEqual(evalJson({ 'Fn::Split': [',', 'a,,b'] }), ['a', '', 'b']);
    assert.match(why(evalJson({ 'Fn::Split': [',', { Ref: 'NoDefault' }] })), /no Default/);
  });
  test('join stringifies numbers and keeps pseudo parameters symbolic', () => {
    assert.equal(evalJson({ 'Fn::Join': ['-', ['a', { Ref: 'Env' }, 3]] }), 'a-prod-3');
    assert.equal(evalJson({ 'Fn::Join': ['', []] }), '');
    assert.deepEqual(
      evalJson({ 'Fn::Join': ['.', ['com.amazonaws', { Ref: 'AWS::Region' }, 'ecr.dkr']] }),
      new Sym('com.amazonaws.${AWS::Region}.ecr.dkr'),
    );
    assert.match(why(evalJson({ 'Fn::Join': ['', [{ Ref: 'NoDefault' }]] })), /no Default/);
  });
});

describe('JSON: Fn::Sub', () => {
  test('the string form: parameters, attributes, pseudo parameters and the ${!Literal} escape', () => {
    assert.equal(evalJson({ 'Fn::Sub': '${Env}-${Vpc.CidrBlock}' }), 'prod-10.0.0.0/16');
    assert.equal(evalJson({ 'Fn::Sub': '${!Literal}-${Env}' }), '${Literal}-prod');
    assert.deepEqual(
      evalJson({ 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' }),
      new Sym('com.amazonaws.${AWS::Region}.s3'),
    );
    assert.match(why(evalJson({ 'Fn::Sub': 'id-${Vpc}' })), /known only after deployment/);
  });
  test('the list form: local variables shadow parameters and may be functions', () => {
    assert.equal(
      evalJson({ 'Fn::Sub': ['${Env}/${B}', { Env: '10.1.0.0', B: { 'Fn::Select': [0, ['20']] } }] }),
      '10.1.0.0/20',
    );
    assert.match(why(evalJson({ 'Fn::Sub': ['${A}', { A: { Ref: 'NoDefault' } }] })), /no Default/);
  });
});

describe('JSON: Fn::FindInMap and Fn::GetAZs', () => {
  test('mappings by known keys, lists included; a region key stays symbolic; a missing key is unknown', () => {
    assert.equal(evalJson({ 'Fn::FindInMap': ['Net', { Ref: 'Env' }, 'Cidr'] }), '10.9.0.0/16');
    assert.equal(evalJson({ 'Fn::FindInMap': ['Net', 'dev', 'Cidr'] }), '10.8.0.0/16');
    assert.deepEqual(evalJson({ 'Fn::FindInMap': ['Net', 'prod', 'Zones'] }), ['x', 'y']);
    assert.deepEqual(
      evalJson({ 'Fn::FindInMap': ['Net', { Ref: 'AWS::Region' }, 'Cidr'] }),
      new Sym('${Fn::FindInMap(Net, ${AWS::Region}, Cidr)}'),
    );
    assert.match(why(evalJson({ 'Fn::FindInMap': ['Net', 'test', 'Cidr'] })), /not in the Mappings/);
    assert.match(why(evalJson({ 'Fn::FindInMap': ['Net', { Ref: 'NoDefault' }, 'Cidr'] })), /known only at deployment/);
  });
  test('zones are symbolic: "" and the stack region are the same list, index 0 differs from index 1', () => {
    const first = evalJson({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    assert.deepEqual(first, new Sym('${AWS::Region}[0]'));
    assert.deepEqual(evalJson({ 'Fn::Select': [0, { 'Fn::GetAZs': { Ref: 'AWS::Region' } }] }), first);
    assert.notDeepEqual(evalJson({ 'Fn::Select': ['1', { 'Fn::GetAZs': '' }] }), first);
    assert.deepEqual(evalJson({ 'Fn::Select': [2, { 'Fn::GetAZs': 'eu-west-1' }] }), new Sym('eu-west-1[2]'));
    assert.match(why(evalJson({ 'Fn::GetAZs': { Ref: 'NoDefault' } })), /unknown region/);
  });
});

describe('JSON: conditions and Fn::If', () => {
  test('Fn::Equals, Fn::Not, Fn::Or, Fn::And and Condition decide static conditions', () => {
    assert.equal(evalJson({ 'Fn::If': ['IsProd', 'p', 'd'] }), 'p');
    assert.equal(evalJson({ 'Fn::If': ['IsDev', 'p', 'd'] }), 'd');
    assert.equal(evalJson({ 'Fn::If': ['Either', 'yes', 'no'] }), 'yes');
    assert.equal(evalJson({ 'Fn::If': ['Both', 'yes', 'no'] }), 'no');
    assert.equal(evalJson({ 'Fn::Equals': [1, '1'] }), true);
    assert.equal(evalJson({ 'Fn::Equals': ['a', 'b'] }), false);
    assert.equal(evalJson({ 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] }), true);
    assert.equal(evalJson({ 'Fn::Or': [{ Condition: 'Dynamic' }, { Condition: 'IsProd' }] }), true);
    assert.equal(evalJson({ 'Fn::And': [{ Condition: 'Dynamic' }, { Condition: 'IsDev' }] }), false);
    assert.equal(evalJson({ Condition: 'IsProd' }), true);
  });
  test('a condition known only at deployment: both branches are considered, only a value they agree on is kept', () => {
    assert.equal(evalJson({ 'Fn::If': ['Dynamic', 'same', 'same'] }), 'same');
    assert.match(why(evalJson({ 'Fn::If': ['Dynamic', 'a', 'b'] })), /condition Dynamic/);
    assert.match(why(evalJson({ 'Fn::If': ['InRegion', 'a', 'b'] })), /condition InRegion/);
    assert.match(
      why(evalJson({ 'Fn::And': [{ Condition: 'Dynamic' }, { Condition: 'IsProd' }] })),
      /known only at deployment/,
    );
    assert.match(why(evalJson({ 'Fn::Not': [{ Condition: 'Dynamic' }] })), /known only at deployment/);
  });
  test('AWS::NoValue in the branch taken removes the element', () => {
    assert.deepEqual(evalJson(['a', { 'Fn::If': ['IsDev', 'b', { Ref: 'AWS::NoValue' }] }]), ['a']);
    assert.deepEqual(evalJson(['a', { 'Fn::If': ['IsProd', 'b', { Ref: 'AWS::NoValue' }] }]), ['a', 'b']);
  });
});

describe('JSON: Fn::Base64 and Fn::ImportValue', () => {
  test('Base64 of known text is encoded as UTF-8; of anything else unknown', () => {
    assert.equal(evalJson({ 'Fn::Base64': 'abc' }), 'YWJj');
    assert.equal(
      evalJson({ 'Fn::Base64': { 'Fn::Sub': '--max-pods=${Bits}' } }),
      Buffer.from('--max-pods=8').toString('base64'),
    );
    assert.match(why(evalJson({ 'Fn::Base64': { Ref: 'NoDefault' } })), /Base64/);
  });
  test('ImportValue reads another stack: unknown, even inside other functions', () => {
    assert.match(why(evalJson({ 'Fn::ImportValue': 'shared-vpc-cidr' })), /another stack/);
    assert.match(why(evalJson({ 'Fn::ImportValue': { 'Fn::Sub': '${Env}-VpcCidr' } })), /another stack/);
    assert.match(
      why(evalJson({ 'Fn::Select': [0, { 'Fn::Cidr': [{ 'Fn::ImportValue': 'x' }, 2, 8] }] })),
      /another stack/,
    );
  });
});
