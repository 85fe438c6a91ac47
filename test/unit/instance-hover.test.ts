import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';
import { awsNodePatch } from '../helpers/manifests';
import { runCapacity } from '../../server/src/cli/capacity';

const AWS_NODE = awsNodePatch;

const SELECTOR = (type: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      nodeSelector:
        node.kubernetes.io/instance-type: ${type}
      containers:
        - name: web
          image: nginx
`;

function hoverOn(files: Record<string, string>, file: string, needle: string) {
  const engine = engineOf(files);
  const text = files[file];
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in ${file}`);
  return engine.hover(file, at + 1);
}

test('hover on a node selector type shows limits, default-mode max pods and the other modes', () => {
  const h = hoverOn({ 'deploy.yaml': SELECTOR('m5.large') }, 'deploy.yaml', 'm5.large');
  assert.ok(h);
  const c = h.contents;
  assert.match(c, /\*\*m5\.large\*\*: Nitro, 2 vCPUs/);
  assert.match(c, /ENIs: 3/);
  assert.match(c, /IPv4 addresses per ENI: 10/);
  assert.match(c, /Pod IPs \(ENIs x IPs per ENI\): 30/);
  assert.match(c, /\*\*Max pods: 29\*\* with secondary IPs: 3 ENIs x \(10 IPs - 1\) \+ 2 = 29/);
  assert.match(c, /No aws-node configuration in the workspace/);
  assert.match(c, /Custom networking: 20/);
  // The other modes give what a node runs, as the capacity CLI does, and the address limit beside a cap.
  assert.match(c, /Prefix delegation: 110, uncapped 434 \(with custom networking 110, uncapped 290\)/);
  assert.match(c, /cap max pods at 110/);
  assert.match(c, /Security groups for pods: supported, 9 branch ENIs/);
  // The hover covers exactly the value.
  const text = SELECTOR('m5.large');
  assert.deepEqual(h.span, { start: text.indexOf('m5.large'), end: text.indexOf('m5.large') + 'm5.large'.length });
});

test('the mode comes from aws-node env in another file, with file and line', () => {
  const files = {
    'aws-node.yaml': AWS_NODE({ ENABLE_PREFIX_DELEGATION: 'true' }),
    'deploy.yaml': SELECTOR('m5.large'),
  };
  const c = hoverOn(files, 'deploy.yaml', 'm5.large')!.contents;
  // The raw prefix value is never what a node runs: max-pods-calculator.sh and managed node groups cap it.
  assert.match(
    c,
    /\*\*Max pods: 110\*\* with prefix delegation: 3 ENIs x \(10 IPs - 1\) x 16 \+ 2 = 434, capped at 110/,
  );
  // ENABLE_PREFIX_DELEGATION's value is on line 13 of aws-node.yaml.
  assert.match(c, /`ENABLE_PREFIX_DELEGATION=true` at `aws-node\.yaml:13`/);
});

test('custom networking and MAX_ENI change the max pods; URIs become links', () => {
  const files = {
    'file:///w/aws-node.yaml': AWS_NODE({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true', MAX_ENI: '2' }),
    'file:///w/deploy.yaml': SELECTOR('m5.large'),
  };
  const c = hoverOn(files, 'file:///w/deploy.yaml', 'm5.large')!.contents;
  assert.match(
    c,
    /\*\*Max pods: 11\*\* with custom networking \(secondary IPs\): \(2 ENIs - 1\) x \(10 IPs - 1\) \+ 2 = 11/,
  );
  assert.match(c, /\[aws-node\.yaml:13\]\(file:\/\/\/w\/aws-node\.yaml#L13\)/);
  assert.match(c, /`MAX_ENI=2` at \[aws-node\.yaml:15\]/);
});

test('prefix delegation on a Xen type says it falls back; no security groups for pods on t-family', () => {
  const files = {
    'aws-node.yaml': AWS_NODE({ ENABLE_PREFIX_DELEGATION: 'true' }),
    'a.yaml': SELECTOR('m4.large'),
    'b.yaml': SELECTOR('t3.large'),
  };
  const m4 = hoverOn(files, 'a.yaml', 'm4.large')!.contents;
  assert.match(m4, /Xen \(not Nitro\)/);
  assert.match(m4, /\*\*Max pods: 20\*\* with secondary IPs, the fallback/);
  assert.match(m4, /Prefix delegation: not supported/);
  const t3 = hoverOn(files, 'b.yaml', 't3.large')!.contents;
  assert.match(t3, /Security groups for pods: not supported/);
});

test('an unknown type gets a did-you-mean; hovering elsewhere gives nothing', () => {
  const c = hoverOn({ 'deploy.yaml': SELECTOR('m5.larg') }, 'deploy.yaml', 'm5.larg')!.contents;
  assert.match(c, /Not an EC2 instance type eksnet knows; did you mean `m5\.large`\?/);
  assert.equal(hoverOn({ 'deploy.yaml': SELECTOR('m5.large') }, 'deploy.yaml', 'image'), undefined);
});

const EKSCTL = (section: string, type: string) => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: demo
  region: us-west-2
${section}:
  - name: ng
    instanceTypes: [${type}]
`;

/** The capacity CLI's maxPods for one type, from its JSON output. */
function cliMaxPods(...args: string[]): number {
  const out: string[] = [];
  assert.equal(
    runCapacity([...args, '--format', 'json'], (s) => out.push(s), assert.fail),
    0,
  );
  return (JSON.parse(out.join('')) as { maxPods: number }[])[0].maxPods;
}

const headline = (contents: string) => Number(/\*\*Max pods: (\d+)\*\*/.exec(contents)?.[1]);

test('hover works on eksctl node group types; a managed group shows the 250 cap in secondary-IP mode too', () => {
  const c = hoverOn(
    { 'cluster.yaml': EKSCTL('managedNodeGroups', 'm5.24xlarge') },
    'cluster.yaml',
    'm5.24xlarge',
  )!.contents;
  assert.match(c, /\*\*Max pods: 250\*\* with secondary IPs: 15 ENIs x \(50 IPs - 1\) \+ 2 = 737, capped at 250/);
  assert.match(c, /cap max pods at 250/);
  assert.match(c, /Custom networking: 250, uncapped 688/);
  assert.equal(headline(c), cliMaxPods('m5.24xlarge', '--managed'));
  // A self-managed group's bootstrap reads the uncapped eni-max-pods.txt value.
  const self = hoverOn({ 'cluster.yaml': EKSCTL('nodeGroups', 'm5.24xlarge') }, 'cluster.yaml', 'm5.24xlarge')!;
  assert.match(self.contents, /\*\*Max pods: 737\*\* with secondary IPs: 15 ENIs x \(50 IPs - 1\) \+ 2 = 737\n/);
  assert.equal(headline(self.contents), cliMaxPods('m5.24xlarge'));
});

test("the hover headline equals the capacity CLI's max pods for the node group's mode", () => {
  const pd = { 'aws-node.yaml': AWS_NODE({ ENABLE_PREFIX_DELEGATION: 'true' }) };
  const cases: [string, string, string[]][] = [
    ['managedNodeGroups', 'm5.large', ['--prefix-delegation', '--managed']],
    ['nodeGroups', 'm5.large', ['--prefix-delegation']],
    ['managedNodeGroups', 'm4.large', ['--prefix-delegation', '--managed']],
    ['managedNodeGroups', 'm5.24xlarge', ['--prefix-delegation', '--managed']],
  ];
  for (const [section, type, flags] of cases) {
    const c = hoverOn({ ...pd, 'cluster.yaml': EKSCTL(section, type) }, 'cluster.yaml', type)!.contents;
    assert.equal(headline(c), cliMaxPods(type, ...flags), `${section} ${type}`);
  }
  // The example: m5.large with prefix delegation is 110 in both, not the raw 434.
  const m5 = hoverOn({ ...pd, 'cluster.yaml': EKSCTL('managedNodeGroups', 'm5.large') }, 'cluster.yaml', 'm5.large')!;
  assert.equal(headline(m5.contents), 110);
  assert.equal(cliMaxPods('m5.large', '--prefix-delegation'), 110);
});

test('an unresolved mode setting is not guessed', () => {
  const aws = AWS_NODE({}).replace(
    'env:\n',
    'env:\n            - name: ENABLE_PREFIX_DELEGATION\n              valueFrom:\n                configMapKeyRef: { name: x, key: y }\n',
  );
  const c = hoverOn({ 'aws-node.yaml': aws, 'deploy.yaml': SELECTOR('m5.large') }, 'deploy.yaml', 'm5.large')!.contents;
  assert.match(c, /cannot resolve/);
  assert.doesNotMatch(c, /\*\*Max pods: \d/);
});
