import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';
import { awsNodePatch } from '../helpers/manifests';

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
  assert.match(c, /Prefix delegation: 434 \(with custom networking 290\)/);
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
  assert.match(c, /\*\*Max pods: 434\*\* with prefix delegation: 3 ENIs x \(10 IPs - 1\) x 16 \+ 2 = 434/);
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

test('hover works on eksctl node group types, and big types show the 250 cap', () => {
  const cfg = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: demo
  region: us-west-2
managedNodeGroups:
  - name: big
    instanceTypes: [m5.24xlarge]
`;
  const c = hoverOn({ 'cluster.yaml': cfg }, 'cluster.yaml', 'm5.24xlarge')!.contents;
  assert.match(c, /\*\*Max pods: 737\*\*/);
  assert.match(c, /cap max pods at 250/);
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
