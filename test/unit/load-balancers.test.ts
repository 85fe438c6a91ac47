import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';
import { controllerView } from '../../server/src/facts/subnetDiscovery';
import type { LoadBalancer, NetworkModel } from '../../server/src/model/types';
import { initHcl } from '../../server/src/parsers/hcl';
import { modelToJson } from '../../server/src/engine/modelJson';

// The fix test reads Terraform, which needs the wasm parser.
before(() => initHcl());

/** An eksctl cluster whose public subnet is in one zone: an internet-facing ALB finds one zone. */
const ONE_PUBLIC_ZONE = (name: string) =>
  [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    `metadata: {name: ${name}, region: us-east-1}`,
    'vpc:',
    '  cidr: 10.4.0.0/16',
    '  subnets:',
    '    public:',
    '      us-east-1a: { cidr: 10.4.0.0/24 }',
    '    private:',
    '      us-east-1a: { cidr: 10.4.10.0/24 }',
    '      us-east-1b: { cidr: 10.4.11.0/24 }',
    '',
  ].join('\n');

const INGRESS = [
  'apiVersion: networking.k8s.io/v1',
  'kind: Ingress',
  'metadata:',
  '  name: shop',
  '  annotations:',
  '    alb.ingress.kubernetes.io/scheme: internet-facing',
  'spec:',
  '  ingressClassName: alb',
  '',
].join('\n');

function service(annotations: Record<string, string>, extra = ''): string {
  const lines = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web'];
  if (Object.keys(annotations).length) {
    lines.push('  annotations:');
    for (const [k, v] of Object.entries(annotations)) lines.push(`    ${k}: ${v}`);
  }
  lines.push('spec:', '  type: LoadBalancer', ...(extra ? [extra] : []), '');
  return lines.join('\n');
}

function balancers(files: Record<string, string>, settings?: unknown): { lbs: LoadBalancer[]; model: NetworkModel } {
  const model = engineOf(files, settings).analyze().model;
  return { lbs: model.loadBalancers, model };
}

function ruleFindings(files: Record<string, string>, settings?: unknown): string[] {
  return engineOf(files, settings)
    .analyze()
    .findings.filter((f) => f.ruleId.startsWith('load-balancer-'))
    .map((f) => `${f.file}: ${f.ruleId}`);
}

test('Services: who reconciles them, and the scheme the controller defaults to', () => {
  const view = (ann: Record<string, string>, extra = '') => {
    const { lbs, model } = balancers({ 's.yaml': service(ann, extra) });
    assert.equal(lbs.length, 1);
    return controllerView(lbs[0], model);
  };
  const lbc = view({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' });
  assert.equal(lbc.kind === 'known' && lbc.value.kind, 'nlb');
  assert.equal(lbc.kind === 'known' && lbc.value.scheme.kind === 'known' && lbc.value.scheme.value, 'internal');
  const byClass = view({}, '  loadBalancerClass: service.k8s.aws/nlb');
  assert.equal(byClass.kind, 'known');
  const legacyInternal = view({
    'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb-ip',
    'service.beta.kubernetes.io/aws-load-balancer-internal': '"false"',
  });
  assert.equal(
    legacyInternal.kind === 'known' &&
      legacyInternal.value.scheme.kind === 'known' &&
      legacyInternal.value.scheme.value,
    'internet-facing',
  );
  // The in-tree controller's discovery is not modelled: unresolved, with the reason.
  const inTree = view({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
  assert.equal(inTree.kind, 'unresolved');
  assert.match(inTree.kind === 'unresolved' ? inTree.why : '', /in-tree .*NLB/);
  // A placeholder stays unresolved, never a default.
  const placeholder = view({
    'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
    'service.beta.kubernetes.io/aws-load-balancer-scheme': '${SCHEME}',
  });
  assert.equal(placeholder.kind === 'known' && placeholder.value.scheme.kind, 'unresolved');
  // Another controller's class is not a load balancer of ours.
  assert.equal(balancers({ 's.yaml': service({}, '  loadBalancerClass: example.com/lb') }).lbs.length, 0);
});

test('explicit subnet entries are located on their own text, plain, quoted and in JSON', () => {
  const plainText = service({
    'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
    'service.beta.kubernetes.io/aws-load-balancer-subnets': 'subnet-0a1,  public-b ,subnet-${X}',
  });
  const quoted = plainText.replace('subnet-0a1,  public-b ,subnet-${X}', '"subnet-0a1,  public-b ,subnet-${X}"');
  for (const text of [plainText, quoted]) {
    const [lb] = balancers({ 's.yaml': text }).lbs;
    const entries = lb.subnets!.entries;
    assert.deepEqual(
      entries.map((e) => text.slice(e.at.span.start, e.at.span.end)),
      ['subnet-0a1', 'public-b', 'subnet-${X}'],
    );
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['known', 'known', 'unresolved'],
    );
  }
  const json = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'w', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-subnets': 'a, b' } },
    spec: { type: 'LoadBalancer' },
  });
  const [lb] = balancers({ 's.json': json }).lbs;
  assert.deepEqual(
    lb.subnets!.entries.map((e) => json.slice(e.at.span.start, e.at.span.end)),
    ['a', 'b'],
  );
});

test('cluster scope: the one cluster of the workspace, the folder, the setting, or none', () => {
  // One cluster in the workspace: the manifest is tied to it and the rule speaks.
  assert.deepEqual(ruleFindings({ 'cluster.yaml': ONE_PUBLIC_ZONE('shop'), 'k8s/ingress.yaml': INGRESS }), [
    'k8s/ingress.yaml: load-balancer-no-subnets',
  ]);
  // Two clusters, the manifest in neither's folder: tied to none, silent.
  const two = { 'a/cluster.yaml': ONE_PUBLIC_ZONE('a'), 'b/cluster.yaml': ONE_PUBLIC_ZONE('b') };
  assert.deepEqual(ruleFindings({ ...two, 'ingress.yaml': INGRESS }), []);
  const unbound = balancers({ ...two, 'ingress.yaml': INGRESS }).lbs[0];
  assert.equal(unbound.cluster, undefined);
  // The nearest folder that declares one cluster decides.
  assert.deepEqual(ruleFindings({ ...two, 'a/ingress.yaml': INGRESS }), ['a/ingress.yaml: load-balancer-no-subnets']);
  // The setting names the cluster.
  const set = balancers({ ...two, 'apps/ingress.yaml': INGRESS }, { clusterScopes: { 'apps/**': 'b' } }).lbs[0];
  assert.ok(set.cluster?.startsWith('b/'));
  assert.match(set.scope ?? '', /clusterScopes/);
});

test('hover on the name shows the subnets the controller would pick per zone, or why it cannot tell', () => {
  const engine = engineOf({ 'cluster.yaml': ONE_PUBLIC_ZONE('shop'), 'ingress.yaml': INGRESS });
  engine.analyze();
  const h = engine.hover('ingress.yaml', INGRESS.indexOf('name: shop') + 7);
  assert.ok(h);
  assert.equal(INGRESS.slice(h.span.start, h.span.end), 'shop');
  assert.match(h.contents, /AWS Load Balancer Controller, ALB/);
  assert.match(h.contents, /Scheme: `internet-facing`/);
  assert.match(h.contents, /- us-east-1a: `us-east-1a`/);
  assert.match(h.contents, /cannot be created/);
  // An in-tree Service: the hover says why discovery is not told.
  const svc = service({});
  const e2 = engineOf({ 'cluster.yaml': ONE_PUBLIC_ZONE('shop'), 's.yaml': svc });
  e2.analyze();
  const h2 = e2.hover('s.yaml', svc.indexOf('name: web') + 7);
  assert.match(h2?.contents ?? '', /in-tree cloud provider/);
  assert.match(h2?.contents ?? '', /Scheme \(in-tree\): `internet-facing`/);
  // The legacy internal annotation, any value but "false", makes the in-tree one internal.
  const internal = service({ 'service.beta.kubernetes.io/aws-load-balancer-internal': '0.0.0.0/0' });
  const e3 = engineOf({ 's.yaml': internal });
  e3.analyze();
  assert.match(e3.hover('s.yaml', internal.indexOf('name: web') + 7)?.contents ?? '', /Scheme \(in-tree\): `internal`/);
});

test('the fix adds the role tag to the subnet that fills the missing zone, and the finding goes', () => {
  const tf = [
    'resource "aws_vpc" "main" {',
    '  cidr_block = "10.2.0.0/16"',
    '}',
    'resource "aws_internet_gateway" "igw" {',
    '  vpc_id = aws_vpc.main.id',
    '}',
    'resource "aws_route_table" "public" {',
    '  vpc_id = aws_vpc.main.id',
    '  route {',
    '    cidr_block = "0.0.0.0/0"',
    '    gateway_id = aws_internet_gateway.igw.id',
    '  }',
    '}',
    'resource "aws_subnet" "a" {',
    '  vpc_id            = aws_vpc.main.id',
    '  cidr_block        = "10.2.0.0/24"',
    '  availability_zone = "us-west-2a"',
    '  tags = { "kubernetes.io/role/elb" = "1" }',
    '}',
    'resource "aws_subnet" "b" {',
    '  vpc_id            = aws_vpc.main.id',
    '  cidr_block        = "10.2.1.0/24"',
    '  availability_zone = "us-west-2b"',
    '}',
    'resource "aws_route_table_association" "a" {',
    '  subnet_id      = aws_subnet.a.id',
    '  route_table_id = aws_route_table.public.id',
    '}',
    'resource "aws_route_table_association" "b" {',
    '  subnet_id      = aws_subnet.b.id',
    '  route_table_id = aws_route_table.public.id',
    '}',
    'resource "aws_eks_cluster" "web" {',
    '  name     = "web"',
    '  role_arn = "arn:aws:iam::111122223333:role/eks"',
    '  vpc_config {',
    '    subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]',
    '  }',
    '}',
    '',
  ].join('\n');
  {
    const engine = engineOf({ 'main.tf': tf, 'ingress.yaml': INGRESS });
    const [finding] = engine.analyze().findings.filter((f) => f.ruleId === 'load-balancer-no-subnets');
    assert.ok(finding);
    const [fix] = finding.fixes;
    assert.equal(fix.title, 'Add tag kubernetes.io/role/elb=1 to subnet aws_subnet.b (us-west-2b)');
    assert.ok(fix.edits.every((e) => e.file === 'main.tf'));
    let text = tf;
    for (const e of [...fix.edits].sort((x, y) => y.span.start - x.span.start))
      text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    assert.match(text, /availability_zone = "us-west-2b"\n\s+tags = \{[\s\S]*"kubernetes\.io\/role\/elb" = "1"/);
    engine.setFile('main.tf', text);
    assert.deepEqual(
      engine.analyze().findings.filter((f) => f.ruleId === 'load-balancer-no-subnets'),
      [],
    );
  }
});

test('`model --format json` lists load balancers with their cluster and annotations as written', () => {
  const { model } = balancers({ 'cluster.yaml': ONE_PUBLIC_ZONE('shop'), 'ingress.yaml': INGRESS });
  const json = modelToJson(
    model,
    () => 0,
    (id) => id,
  ) as { loadBalancers: Record<string, unknown>[] };
  assert.deepEqual(json.loadBalancers, [
    {
      object: 'ingress',
      name: 'shop',
      namespace: null,
      file: 'ingress.yaml',
      line: 0,
      cluster: 'shop',
      controller: null,
      ingressClass: 'alb',
      scheme: 'internet-facing',
      subnets: null,
      targetType: null,
      ipAddressType: null,
    },
  ]);
});

test('Ingress classes: the class and its parameters decide, and what cannot be found makes placement unknown', () => {
  const cls = (params: string, extra = '') =>
    [
      'apiVersion: networking.k8s.io/v1',
      'kind: IngressClass',
      'metadata:',
      '  name: edge',
      ...(extra ? [extra] : []),
      'spec:',
      '  controller: ingress.k8s.aws/alb',
      `  parameters: {apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: ${params}}`,
      '',
    ].join('\n');
  const params =
    'apiVersion: elbv2.k8s.aws/v1beta1\nkind: IngressClassParams\nmetadata: {name: edge}\nspec: {scheme: internal}\n';
  const ingress = (spec: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations: {alb.ingress.kubernetes.io/scheme: internet-facing}\nspec: {${spec}}\n`;
  const scheme = (files: Record<string, string>) => {
    const { lbs, model } = balancers(files);
    const v = controllerView(
      lbs.find((l) => l.object === 'ingress')!,
      model,
    );
    return v.kind === 'known' ? (v.value.scheme.kind === 'known' ? v.value.scheme.value : 'unknown') : v.why;
  };
  // The parameters' scheme wins over the annotation.
  assert.equal(
    scheme({ 'c.yaml': cls('edge'), 'p.yaml': params, 'i.yaml': ingress('ingressClassName: edge') }),
    'internal',
  );
  // Parameters the workspace does not declare could say anything.
  assert.match(
    scheme({ 'c.yaml': cls('edge'), 'i.yaml': ingress('ingressClassName: edge') }),
    /IngressClassParams `edge` is not declared/,
  );
  // A class the workspace does not declare: only `alb`, the Helm chart's class, is taken as the controller's.
  assert.match(scheme({ 'i.yaml': ingress('ingressClassName: other') }), /IngressClass `other` is not declared/);
  assert.equal(scheme({ 'i.yaml': ingress('ingressClassName: alb') }), 'internet-facing');
  // No class: the default IngressClass, when it is the controller's.
  const byDefault = cls('edge', '  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}');
  assert.equal(scheme({ 'c.yaml': byDefault, 'p.yaml': params, 'i.yaml': ingress('rules: []') }), 'internal');
  assert.match(scheme({ 'i.yaml': ingress('rules: []') }), /names no class/);
});
