import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Engine, initHcl, type Finding } from '../../server/src/engine';
import { REPO } from '../helpers/workspace';

/**
 * The incremental engine (engine/incremental.ts) against the one thing that defines it: after any
 * sequence of edits, additions and deletions, an engine that has analysed every step gives exactly
 * the findings (messages, positions, related locations and fixes) that a fresh engine gives for the
 * final texts; and an edit leaves what it cannot reach untouched, by identity.
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

/**
 * Every example workspace side by side, plus a Terraform root with a local module and a tfvars, and
 * a template with its parameters file.
 */
const kustomization = (rest: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${rest}`;
const KZ_BASE = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata: {name: aws-node, namespace: kube-system}',
  'spec:',
  '  selector: {matchLabels: {k8s-app: aws-node}}',
  '  template:',
  '    metadata: {labels: {k8s-app: aws-node}}',
  '    spec:',
  '      containers:',
  '        - name: aws-node',
  '          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.23.1',
  '          env:',
  '            - {name: WARM_ENI_TARGET, value: "1"}',
  '',
].join('\n');
const KZ_PATCH = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata: {name: aws-node, namespace: kube-system}',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: aws-node',
  '          env:',
  '            - {name: ENABLE_IPv4, value: "true"}',
  '',
].join('\n');

function workspace(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.md'))
        out.set(path.relative(REPO, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(REPO, 'examples'));
  out.set(
    'extra/root/main.tf',
    [
      'module "net" {',
      '  source = "../modules/net"',
      '  cidr   = var.cidr',
      '}',
      'variable "cidr" {}',
      'resource "aws_eks_cluster" "c" {',
      '  name     = "extra"',
      '  role_arn = "arn:aws:iam::111122223333:role/eks"',
      '  vpc_config {',
      '    subnet_ids = module.net.subnet_ids',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  out.set('extra/root/terraform.tfvars', 'cidr = "10.40.0.0/16"\n');
  out.set(
    'extra/modules/net/main.tf',
    [
      'variable "cidr" {}',
      'resource "aws_vpc" "v" {',
      '  cidr_block = var.cidr',
      '}',
      'resource "aws_subnet" "a" {',
      '  vpc_id            = aws_vpc.v.id',
      '  cidr_block        = cidrsubnet(var.cidr, 8, 1)',
      '  availability_zone = "us-east-1a"',
      '}',
      'resource "aws_subnet" "b" {',
      '  vpc_id            = aws_vpc.v.id',
      '  cidr_block        = cidrsubnet(var.cidr, 8, 1)',
      '  availability_zone = "us-east-1a"',
      '}',
      'output "subnet_ids" {',
      '  value = [aws_subnet.a.id, aws_subnet.b.id]',
      '}',
      '',
    ].join('\n'),
  );
  out.set(
    'extra/cfn/net.yaml',
    [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      '  Block: {Type: String, Default: 10.50.0.0/16}',
      '  Sub: {Type: String, Default: 10.50.1.0/24}',
      'Resources:',
      '  Vpc:',
      '    Type: AWS::EC2::VPC',
      '    Properties: {CidrBlock: !Ref Block}',
      '  S1:',
      '    Type: AWS::EC2::Subnet',
      '    Properties: {VpcId: !Ref Vpc, CidrBlock: !Ref Sub, AvailabilityZone: us-east-1a}',
      '  S2:',
      '    Type: AWS::EC2::Subnet',
      '    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.50.2.0/24, AvailabilityZone: us-east-1b}',
      '',
    ].join('\n'),
  );
  // A two-cluster monorepo: the apps folder's aws-node patch applies to apps alone (awsNodeScope),
  // unless the tools kustomization that deploys it says tools; edits that rename, add or remove a
  // cluster or change the kustomization re-bind it.
  const eksctl = (name: string) =>
    `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: ${name}\n  region: us-west-2\nmanagedNodeGroups:\n  - name: ${name}-ng\n    instanceType: m5.large\n`;
  out.set('extra/mono/apps/cluster.yaml', eksctl('apps'));
  out.set('extra/mono/tools/cluster.yaml', eksctl('tools'));
  out.set(
    'extra/mono/tools/kustomization.yaml',
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../apps/cni/aws-node.yaml\n',
  );
  out.set(
    'extra/mono/apps/cni/aws-node.yaml',
    [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata: {name: aws-node, namespace: kube-system}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: aws-node',
      '          env:',
      '            - {name: AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG, value: "true"}',
      '',
    ].join('\n'),
  );
  // Load balancers: an Ingress the apps folder ties to the apps cluster, whose IngressClass and
  // parameters (the global part, like ENIConfigs) sit at the monorepo's root.
  out.set(
    'extra/mono/apps/ingress.yaml',
    [
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata:',
      '  name: web',
      '  annotations: {alb.ingress.kubernetes.io/subnets: "subnet-0a, subnet-0b"}',
      'spec: {ingressClassName: edge}',
      '',
    ].join('\n'),
  );
  out.set(
    'extra/mono/ingress-class.yaml',
    [
      'apiVersion: networking.k8s.io/v1',
      'kind: IngressClass',
      'metadata: {name: edge}',
      'spec:',
      '  controller: ingress.k8s.aws/alb',
      '  parameters: {apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: edge}',
      '---',
      'apiVersion: elbv2.k8s.aws/v1beta1',
      'kind: IngressClassParams',
      'metadata: {name: edge}',
      'spec: {scheme: internet-facing}',
      '',
    ].join('\n'),
  );
  // A kustomize base without an IP family and the overlay patch that sets one: the base's verdict
  // (aws-node-ip-family-missing) depends on the patch file and the kustomizations.
  out.set('extra/kz/base/aws-node.yaml', KZ_BASE);
  out.set('extra/kz/base/kustomization.yaml', kustomization('resources:\n  - aws-node.yaml\n'));
  out.set(
    'extra/kz/overlay/kustomization.yaml',
    kustomization('resources:\n  - ../base\npatches:\n  - path: patch.yaml\n'),
  );
  out.set('extra/kz/overlay/patch.yaml', KZ_PATCH);
  // A template whose conditions decide which subnets coexist (CloudFormation scenarios).
  out.set(
    'extra/cfn/cond.yaml',
    [
      'Parameters:',
      '  Env: {Type: String, AllowedValues: [dev, prod]}',
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      '  IsDev: !Not [!Condition IsProd]',
      'Resources:',
      '  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.60.0.0/16}}',
      '  A: {Type: AWS::EC2::Subnet, Condition: IsProd, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.60.0.0/24}}',
      '  B: {Type: AWS::EC2::Subnet, Condition: IsDev, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.60.0.0/24}}',
      '  C: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.60.0.0/25}}',
      '',
    ].join('\n'),
  );
  out.set(
    'extra/cfn/net.parameters.json',
    '[{"ParameterKey": "Sub", "ParameterValue": "10.50.2.0/24"}, {"ParameterKey": "Block", "ParameterValue": "10.50.0.0/16"}]\n',
  );
  return out;
}

/** What a user sees of a finding: everything, fixes included (they are written lazily). */
function seen(f: Finding) {
  return { ...f, fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits })) };
}

function allFindings(e: Engine, ids: Iterable<string>) {
  return [...new Set(ids)].sort().map((id) => [id, e.findings(id).map(seen)] as const);
}

const BASE = workspace();
/** Words of the workspace (CIDRs, zones, booleans, names, paths): swapping one for another makes edits that matter. */
const WORDS = [...new Set([...BASE.values()].flatMap((t) => t.match(/[A-Za-z0-9][A-Za-z0-9./_:-]*/g) ?? []))].filter(
  (w) => w.length > 1,
);
const IDS = [...BASE.keys()].sort();

type Step =
  | { kind: 'swap'; file: number; at: number; word: number }
  | { kind: 'char'; file: number; at: number; text: string; remove: number }
  | { kind: 'drop'; file: number }
  | { kind: 'restore'; file: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('swap' as const), file: fc.nat(), at: fc.nat(), word: fc.nat() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('char' as const),
      file: fc.nat(),
      at: fc.nat(),
      text: fc.constantFrom('', 'x', '1', ' ', '\n', '"', '{', ':', '- '),
      remove: fc.nat({ max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), file: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), file: fc.nat() }) },
);

function apply(e: Engine, s: Step): void {
  const id = IDS[s.file % IDS.length];
  const text = e.text(id);
  if (s.kind === 'drop') {
    e.deleteFile(id);
    return;
  }
  if (s.kind === 'restore') {
    if (text === undefined) e.setFile(id, BASE.get(id)!);
    return;
  }
  if (text === undefined) return;
  if (s.kind === 'char') {
    const at = s.at % (text.length + 1);
    e.setFile(id, text.slice(0, at) + s.text + text.slice(at + s.remove));
    return;
  }
  const words = [...text.matchAll(/[A-Za-z0-9][A-Za-z0-9./_:-]*/g)];
  if (!words.length) return;
  const w = words[s.at % words.length];
  const start = w.index;
  e.setFile(id, text.slice(0, start) + WORDS[s.word % WORDS.length] + text.slice(start + w[0].length));
}

test('after random edits, deletions and re-additions across files, the findings are those of a fresh analysis', () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
      const engine = new Engine();
      for (const [id, text] of BASE) engine.setFile(id, text);
      engine.analyze();
      for (const s of steps) {
        apply(engine, s);
        engine.analyze();
      }
      const fresh = new Engine();
      for (const id of engine.fileIds().sort()) fresh.setFile(id, engine.text(id)!);
      assert.deepEqual(allFindings(engine, IDS), allFindings(fresh, IDS));
    }),
    { numRuns: 40 },
  );
});

test('with one tree kept (the others dropped and made again when read), random edits give the findings of a fresh analysis', () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
      const engine = new Engine(undefined, { residentFiles: 1 });
      for (const [id, text] of BASE) engine.setFile(id, text);
      engine.analyze();
      for (const s of steps) {
        apply(engine, s);
        engine.analyze();
      }
      assert.ok(engine.syntaxResidency().reparses > 0, 'trees were dropped and made again');
      const fresh = new Engine();
      for (const id of engine.fileIds().sort()) fresh.setFile(id, engine.text(id)!);
      assert.deepEqual(allFindings(engine, IDS), allFindings(fresh, IDS));
    }),
    { numRuns: 25 },
  );
});

test('an edit in one module leaves the findings and model items of every other module untouched, by identity', () => {
  const engine = new Engine();
  for (const [id, text] of BASE) engine.setFile(id, text);
  const first = engine.analyze();
  const tfFile = 'examples/terraform/main.tf';
  const cfnFile = 'examples/cloudformation/eks-vpc.yaml';
  const before = new Map(IDS.map((id) => [id, first.byFile.get(id)]));
  assert.ok(before.get(tfFile)?.length, 'the Terraform example has findings');
  assert.ok(before.get(cfnFile)?.length, 'the CloudFormation example has findings');
  const itemsOf = (file: string) => first.model.subnets.filter((s) => s.at.file === file);
  const tfSubnets = itemsOf(tfFile);
  assert.ok(tfSubnets.length > 0);

  // The module's subnet moves out of its VPC: the extra module's and the examples' findings stay.
  const main = 'extra/modules/net/main.tf';
  engine.setFile(main, engine.text(main)!.replace('cidrsubnet(var.cidr, 8, 1)', '"192.168.0.0/24"'));
  const second = engine.analyze();
  assert.ok(second.changed.has(main), 'the edited file is re-assembled');
  // The other modules' files (every example: their networks share nothing with the edited one, and
  // the workspace-wide ENIConfig check that re-ran, since the module holds a cluster, came to the
  // same verdict) keep their very findings lists.
  for (const id of IDS) {
    if (id.startsWith('extra/')) continue;
    assert.ok(!second.changed.has(id), `${id} is not re-assembled`);
    assert.equal(second.byFile.get(id), before.get(id), `${id}: the same findings list`);
  }
  const sameObjects = second.model.subnets.filter((s) => s.at.file === tfFile);
  assert.equal(sameObjects.length, tfSubnets.length);
  sameObjects.forEach((s, i) => assert.equal(s, tfSubnets[i], 'the other module was not re-evaluated'));
  assert.notDeepEqual(
    second.byFile.get(main)?.map((f) => f.ruleId),
    first.byFile.get(main)?.map((f) => f.ruleId),
    'the edited module was re-checked',
  );

  // A parameters file reaches its template and nothing else.
  const params = 'extra/cfn/net.parameters.json';
  engine.setFile(params, engine.text(params)!.replace('10.50.2.0/24', '10.50.3.0/24'));
  const third = engine.analyze();
  assert.deepEqual([...third.changed].sort(), ['extra/cfn/net.yaml']);
  for (const id of IDS) if (id !== 'extra/cfn/net.yaml') assert.equal(third.byFile.get(id), second.byFile.get(id));
});

test('an edit to a file that declares nothing re-checks nothing', () => {
  const engine = new Engine();
  for (const [id, text] of BASE) engine.setFile(id, text);
  const first = engine.analyze();
  const declaring = new Set<string>();
  for (const list of Object.values(first.model))
    for (const item of list as { at?: { file: string }; value?: { at: { file: string } } }[])
      declaring.add((item.at ?? item.value!.at).file);
  const id = IDS.find((i) => /\.ya?ml$/.test(i) && !declaring.has(i) && !first.byFile.has(i));
  assert.ok(id, 'the examples hold a YAML file eksnet reads nothing from');
  engine.setFile(id, `# note\n${engine.text(id)!}`);
  const second = engine.analyze();
  assert.equal(second.changed.size, 0);
  for (const other of IDS) assert.equal(second.byFile.get(other), first.byFile.get(other));
});

test('an edit to the global part re-runs the rules that read it, and files whose verdicts stay keep their findings', () => {
  const engine = new Engine();
  for (const [id, text] of BASE) engine.setFile(id, text);
  const first = engine.analyze();
  // A comment in the ENIConfigs: their items are new objects with the same values. (The aws-node
  // manifest beside them is no longer global: it is tied to the folder's one cluster.)
  const id = 'examples/custom-networking/eniconfigs.yaml';
  assert.ok(engine.text(id));
  engine.setFile(id, `# note\n${engine.text(id)!}`);
  const second = engine.analyze();
  const fresh = new Engine();
  for (const f of engine.fileIds().sort()) fresh.setFile(f, engine.text(f)!);
  assert.deepEqual(allFindings(engine, IDS), allFindings(fresh, IDS));
  // A file gets a new list only when what it shows changed (a related location in the manifest
  // moved down a line) or when it has fixes (which belong to the run that made them).
  const plainView = (fs: readonly Finding[] | undefined) => (fs ?? []).map((f) => ({ ...f, fixes: f.fixes.length }));
  for (const other of second.changed) {
    const list = second.byFile.get(other) ?? [];
    const moved = JSON.stringify(plainView(list)) !== JSON.stringify(plainView(first.byFile.get(other)));
    assert.ok(moved || list.some((f) => f.fixes.length > 0), `${other} changed for no reason`);
  }
  const untouched = IDS.filter((f) => !second.changed.has(f) && first.byFile.has(f));
  assert.ok(untouched.length > 0, 'some files keep their findings');
  for (const f of untouched) assert.equal(second.byFile.get(f), first.byFile.get(f));
});

test('a kustomize base is judged with the patch its overlay applies, and re-judged when the patch changes', () => {
  const engine = new Engine();
  for (const [id, text] of BASE) engine.setFile(id, text);
  engine.analyze();
  const family = () =>
    engine.findings('extra/kz/base/aws-node.yaml').filter((f) => f.ruleId === 'aws-node-ip-family-missing');
  assert.equal(family().length, 0);
  engine.setFile('extra/kz/overlay/patch.yaml', KZ_PATCH.replace('ENABLE_IPv4', 'WARM_IP_TARGET'));
  engine.analyze();
  assert.equal(family().length, 1);
  engine.setFile('extra/kz/overlay/patch.yaml', KZ_PATCH);
  engine.analyze();
  assert.equal(family().length, 0);
});
