import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWhole } from '../../server/src/parsers/yaml';
import { parseDirect } from '../../server/src/parsers/yamlDirect';
import { maskPlaceholders } from '../../server/src/parsers/yamlScalars';
import { Interner } from '../../server/src/parsers/interner';
import type { ParsedYaml } from '../../server/src/parsers/yamlTypes';
import { rng } from '../../bench/workspaceCommon';
import { CORE_SCALAR_FORMS, corpus, mutate } from '../helpers/yamlCorpus';

/**
 * The direct YAML path (yamlDirect.ts) reads text with no lexer, so every span is worked out anew;
 * it must give exactly what the yaml package's Composer path gives, or nothing. Whenever it
 * answers, its answer is compared with the Composer path's (every node, span, tag, style, value
 * and problem) over real files, their random mutations and edge cases.
 */

function composer(text: string): ParsedYaml {
  return parseWhole(text, new Interner(), { composer: true });
}

function direct(text: string): ParsedYaml | undefined {
  return parseDirect(maskPlaceholders(text), new Interner());
}

/**
 * The documents of a text as parseYaml hands them to parseWhole: split before every column-0
 * `---` (parseDirect reads one document; a text of several is declined whole).
 */
function chunks(text: string): string[] {
  const starts = [0];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m.index > 0) starts.push(m.index);
  return starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length));
}

/** Compares the two paths on every document of a text; counts the documents the direct path read. */
function same(text: string, label: string): { taken: number; all: number } {
  let taken = 0;
  const parts = chunks(text);
  for (const part of parts) {
    const d = direct(part);
    if (!d) continue;
    taken++;
    assert.deepStrictEqual(d, composer(part), `${label}: ${JSON.stringify(part.slice(0, 300))}`);
    // parseWhole takes the direct path by default here; it must hand the same result on.
    assert.deepStrictEqual(parseWhole(part), d, label);
  }
  return { taken, all: parts.length };
}

test('the direct path equals the Composer path on every fixture, example and generated file', () => {
  let taken = 0;
  let all = 0;
  for (const { label, text } of corpus()) {
    const r = same(text, label);
    taken += r.taken;
    all += r.all;
  }
  // Fixtures hold every YAML feature on purpose; most documents must still be read directly.
  assert.ok(taken / all > 0.5, `direct path taken for ${taken} of ${all} documents`);
});

/** Texts the direct path must read itself, each compared with the Composer path (and again with CRLF). */
const DIRECT: string[] = [
  // Every plain scalar form of the core schema, a 21-digit integer, and plain scalars with indicators inside.
  ...[
    ...CORE_SCALAR_FORMS,
    '123456789012345678901',
    ...['a#b', 'a:b', 'x,y', 'b[a]', 'x}y', 'b]', 'AWS::Region', '-a', '-1', '10.0.0.0/16', 'é', "'x' # c"],
  ].map((v) => `a: ${v}\n`),
  '- 1\n- -2.5\n- .NaN\n- ~\n- true\n- "true"\n- \'1\'\n- 0x10\n',
  // Quoted keys and values.
  "\"a\": 'b'\n'c d': \"e f\"\n'it''s': ''\n\"\": \"\"\n\"1\": '2'\n",
  // Tags on scalars (they stay strings), on collections, and alone.
  'a: !Ref 123\nb: !Ref true\nc: !Ref ~\nd: !Ref\ne: !Sub "x-${AWS::Region}"\nf: !GetAtt a.b\n',
  'Zones: !Select [0, !GetAZs ""]\nName: !Join ["", [a, !Ref B, c]]\nX: !If [Cond, {Ref: x}, !Ref AWS::NoValue]\n',
  'a: !Foo\n  b: c\nd: !Bar\n  - e\n  - !Baz f\n',
  '- !Ref\n- !Sub\n  - "${A}"\n  - {A: !Ref B}\n',
  // Flow collections, nested, empty, with quoted keys.
  'a: {b: 1, c: [x, y], d: {}, e: []}\n',
  'Tags: [{Key: Name, Value: x}, {Key: "k", Value: \'v\'}]\nc: [[1, 2], [], {}]\n',
  'a: {"json": [1, 2.5, true, null, "x"], "nested": {"k": "v"}}\n',
  'a: [ x ,  y ]   \n',
  'securityGroups: [${NODE_SG}]\nname: ${CLUSTER}-x\n',
  // Comments in the positions the subset reads.
  '# head\n\n# more\na: 1 # after\n# between\nb:\n  c: 2 # c\n  # inside\n  d: [x]  # c\n# trailing\n',
  '- a # c\n# c\n- b\n',
  'a:\n  b: 1\n# c\n\n',
  // Empty values at the end, before dedents and between siblings; trailing spaces; blank lines.
  'a:',
  'a:\n',
  'a:   \n',
  'a:\n\n\n',
  'a:\n  b:\nc: 1\n',
  'x:\n  a:\n\n',
  '-\n- \n-\n',
  'a: 1   \nb: x  \n',
  'a: 1\n\nb:\n  c: 2\n\n  d: 3\n\ne: 4\n',
  'a: 1\n   \nb: 2\n',
  // Compact maps and sequences in sequences, sequences at their key's column.
  '- a: 1\n  b: 2\n- c: 3\n- - x\n  - y\n-   e: 3\n',
  'a:\n- x\n- y\nb: z\n',
  '- a:\n  - x\n  b: 1\n',
  '-\n  a: 1\n-\n  - b\n',
  // Documents: a leading marker, a marker with a comment, an indented root, leading comments.
  '---\na: 1\n',
  '--- # c\na: 1\n',
  '  a: 1\n  b: 2\n',
  '  # c\n\n  a: 1',
  '# c\n\na: 1',
  // Comment lines between an indicator and the block below it.
  'a:\n  # c\n  b: 1\n',
  'a:\n# c\n- x\n',
  '-\n  # c\n\n  a: 1\n',
  'a: !Foo\n  # c\n  - x\nb:\n  # c\n  # d\n  c: [x]\n',
  // Comment lines before a dedent, at the indentation of what follows.
  'a:\n  b: 1\n# c\nd: 2\n',
  'a:\n  b:\n    c: 1\n  # x\n  d: 2\n',
  '---   \na: 1\n',
  'a: !Ref',
  'a: !Ref   \n',
  'a:b: c\n',
  // Indicators inside scalars, where they mean nothing; backslashes outside double quotes.
  "a: b>c\nd: x|y # z\ne: \"a'b `c` @d\"\nf: b &c *d ?e %f\ng: 'back\\slash'\nh: C:\\path\ni: [x>y, a|b]\n",
  // Keys with flow indicators inside, which block context reads as plain text.
  'a[0]: x\na,b: c\nx{y}: z\n',
  // Duplicate keys are kept, keys of every scalar type.
  'a: 1\na: 2\n1: x\ntrue: y\n~: z\n',
  '名前: 値\nü: [é, ß]\n',
];

/** Texts at the subset's borders: compared with the Composer path whenever the direct path reads them. */
const BORDER: string[] = [
  '-: 1\n',
  'a:\n     \n  b: 1\n',
  'a: !Foo\n- x\n',
  '- !Foo\n  a: 1\n',
  '<<: {a: 1}\n',
  'a: `x`\nb: @x\n',
  'a: [*x]\nb: {?x: 1}\n',
  '- >\n- |\n- &a\n',
  '- %x\n',
  'a: [a b, c d ]\n',
  '{a: 1}\n',
  '- [a]\n- {b: c}\n',
  'a:  \n  - x\n',
  'a: x\n\n\n',
  'a: "x"\n  \n',
  'a: 1\n  \n  \nb: 2',
  '- a:\n    b: 1\n  c: 2\n',
  'k: -.5\nl: +1\nm: 0.\n',
  "a: ''''\nb: 'x''y'\n",
  'a: "#"\nb: x#y # z\n',
  // An empty last item after comment lines, which the Composer ends after its line break.
  '- x\n# c\n-\n',
  '- x\n# c\n- !Ref\n\n',
  'a:\n  - x\n  # c\n  -\nb: 1\n',
  // A `-` before a flow indicator, which the Lexer reads as a sequence indicator.
  'c: [[1, 2], [-], {a: -}, [-,a], [-a]]\n',
];

/** Texts outside the subset (or with errors): the direct path must decline them. */
const DECLINED: string[] = [
  'a: &x 1\nb: *x\n',
  '%YAML 1.2\n---\na: 1\n',
  '? a\n: b\n',
  'a:\n\tb: 1\n',
  'a: !!str 1\n',
  'a: ! 1\n',
  'a: !<tag:x> 1\n',
  'a: |\n  x\n',
  'a: >-\n  x\n',
  'a: b\n  c\n',
  'a: "b\n  c"\n',
  'a: [1,\n  2]\n',
  'a: "x\\ty"\n',
  'a: 1\n...\n',
  'a: 1\n---\nb: 2\n',
  'a: b: c\n',
  'a: [1, 2\n',
  'a: # c\n',
  'a:\n# c\nb: 1\n',
  'a:\n  b:\n  # c\n  c: 1\n',
  'a: 1\n    # c\nb: 2\n',
  '[a, b]: 1\n',
  'a: [b: c]\n',
  'a: [a, , b]\n',
  'a: 1\n b: 2\n',
  '- a\nb: 1\n',
  '\uFEFFa: 1\n',
  'a: 1\r',
  '--- a\n',
  '---\n',
  '',
  '# only\n',
  'plain scalar\n',
  'a: -\n',
  'a: :x\n',
  'a: x:\n',
  'a: "x"y\n',
  "a: 'x'y\n",
  'a: [x]y\n',
];

test('edge cases of the subset are read by the direct path, exactly as by the Composer', () => {
  for (const text of DIRECT) {
    assert.equal(same(text, 'edge case').taken, 1, `direct path declined ${JSON.stringify(text)}`);
    assert.equal(same(text.replaceAll('\n', '\r\n'), 'edge case, CRLF').taken, 1, JSON.stringify(text));
  }
});

test('texts at the borders of the subset are read exactly or declined', () => {
  for (const text of BORDER) {
    same(text, 'border case');
    same(text.replaceAll('\n', '\r\n'), 'border case, CRLF');
  }
});

test('the direct path declines what it does not read: anchors, directives, block scalars, multi-line nodes, errors', () => {
  for (const text of DECLINED) assert.equal(direct(text), undefined, JSON.stringify(text));
  // parseWhole then gives the yaml package's answer, problems included.
  assert.deepStrictEqual(parseWhole('a: b: c\n'), composer('a: b: c\n'));
  assert.ok(composer('a: b: c\n').problems.length > 0);
});

const KUBERNETES = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  labels: {app: web, tier: "frontend"}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      hostNetwork: false
      # Pods spread over zones.
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
              protocol: TCP
          env:
            - name: AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG
              value: "true"
            - name: EMPTY
              value: ''
          resources: {}
`;

const EKSCTL = `---
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod
  region: us-west-2
  tags: {team: platform}
vpc:
  cidr: 10.0.0.0/16
  subnets:
    private:
      us-west-2a: { id: subnet-0a }
      us-west-2b: { id: subnet-0b }
  clusterEndpoints:
    publicAccess: true
    privateAccess: true
managedNodeGroups:
  - name: ng-1
    instanceTypes: [m5.large, m6i.large]
    desiredCapacity: 3
    privateNetworking: true
    maxPodsPerNode: 29
    labels:
      role: worker
`;

const CLOUDFORMATION = `AWSTemplateFormatVersion: "2010-09-09"
Description: A VPC for EKS
Parameters:
  Cidr:
    Type: String
    Default: 10.0.0.0/16
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref Cidr
      EnableDnsSupport: true
      Tags:
        - Key: Name
          Value: !Sub "\${AWS::StackName}-vpc"
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      AvailabilityZone: !Select [0, !GetAZs ""]
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 12]]
      MapPublicIpOnLaunch: false
      Tags: [{Key: Name, Value: x}]
Outputs:
  SubnetIds:
    Value: !Join [",", [!Ref Subnet]]
    Export:
      Name: !Sub '\${AWS::StackName}-subnets'
`;

test('realistic files take the direct path: a Kubernetes manifest, an eksctl config, a CloudFormation template', () => {
  for (const [name, text] of [
    ['kubernetes', KUBERNETES],
    ['eksctl', EKSCTL],
    ['cloudformation', CLOUDFORMATION],
  ])
    assert.equal(same(text, name).taken, 1, `${name} was declined`);
  const cfn = JSON.stringify(direct(CLOUDFORMATION)!.documents[0].root);
  assert.ok(cfn.includes('"tag":"!GetAZs"') && cfn.includes('"tag":"!Sub"'), cfn.slice(0, 200));
});

/** Edits that keep a text near the subset's edges: comments, indicators, tags, quotes, indentation. */
const NEAR = [' #', ' # c', '\n# c\n', '\n  # c\n', '  ', ': ', '- ', "''", '""', '!Ref ', ', ', ':', '\n\n', '\n  \n'];

function mutateNear(text: string, next: () => number): string {
  if (next() < 0.7) return mutate(text, next);
  const at = Math.floor(next() * (text.length + 1));
  return text.slice(0, at) + NEAR[Math.floor(next() * NEAR.length)] + text.slice(at);
}

test('the direct path equals the Composer path on thousands of random mutations', () => {
  // Small files mutate into more different shapes per parse than large ones; the edge cases and
  // realistic files below are in the subset, so their mutations probe its borders.
  const texts = corpus()
    .map((c) => c.text)
    .filter((t) => t.length < 6000)
    .concat(DIRECT, BORDER, KUBERNETES, EKSCTL, CLOUDFORMATION);
  const next = rng(12);
  let cases = 0;
  let taken = 0;
  for (let round = 0; round < 3; round++) {
    for (const original of texts) {
      let text = original;
      // Chains of edits: a text several edits away from valid YAML, as while typing.
      for (let i = 0; i < 4; i++) {
        text = mutateNear(text, next);
        cases++;
        const r = same(text, `mutation ${cases}`);
        if (r.taken === r.all) taken++;
      }
    }
  }
  assert.ok(cases >= 3000, `${cases} cases`);
  // Both outcomes must be exercised: many mutations stay in the subset, many leave it.
  assert.ok(taken > cases / 10 && taken < cases, `direct path taken for ${taken} of ${cases} mutations`);
});
