import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';

/** Completion at the `|` in the text (the marker is removed). */
function complete(text: string, others: Record<string, string> = {}) {
  const at = text.indexOf('|');
  assert.ok(at >= 0);
  const clean = text.slice(0, at) + text.slice(at + 1);
  const engine = engineOf({ ...others, 'f.yaml': clean });
  return { result: engine.completions('f.yaml', at), at, clean };
}

const EKSCTL = (body: string) => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: demo
  region: us-west-2
managedNodeGroups:
  - name: ng
${body}`;

test('completes an empty eksctl instanceType value, with max pods and ENIs as detail', () => {
  const { result, at } = complete(EKSCTL('    instanceType: |\n'));
  assert.ok(result, 'an empty value being typed must get completion');
  assert.deepEqual(result.span, { start: at, end: at });
  const m5 = result.items.find((i) => i.label === 'm5.large');
  assert.ok(m5);
  assert.equal(m5.detail, '29 max pods, 3 ENIs x 10 IPs');
  assert.ok(result.items.length > 1000);
});

test('completes a partly typed value and replaces the whole word', () => {
  const { result, clean } = complete(EKSCTL('    instanceType: m5.l|\n'));
  assert.ok(result);
  assert.equal(clean.slice(result.span.start, result.span.end), 'm5.l');
});

test('the value without a space after the colon, and list items of instanceTypes', () => {
  assert.ok(complete(EKSCTL('    instanceType:|\n')).result);
  assert.ok(complete(EKSCTL('    instanceTypes:\n      - m5.large\n      - |\n')).result);
  const flow = complete(EKSCTL('    instanceTypes: [m5.large, "c5.x|"]\n'));
  assert.ok(flow.result);
  // Quotes stay outside the replaced range.
  assert.equal(flow.clean.slice(flow.result.span.start, flow.result.span.end), 'c5.x');
});

test('node selectors and matchExpressions / Karpenter requirement values', () => {
  const selector = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  nodeSelector:
    node.kubernetes.io/instance-type: |
  containers: []
`;
  assert.ok(complete(selector).result);
  const pool = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: general
spec:
  template:
    spec:
      requirements:
        - key: node.kubernetes.io/instance-type
          operator: In
          values: [|]
        - key: topology.kubernetes.io/zone
          operator: In
          values: [us-west-2a, |]
`;
  const first = pool.replace(/\[us-west-2a, \|\]/, '[us-west-2a]');
  assert.ok(complete(first).result);
  const zone = pool.replace('values: [|]', 'values: [m5.large]');
  assert.equal(complete(zone).result, undefined, 'values of another label are not instance types');
});

test('no completion on keys or unrelated values', () => {
  assert.equal(complete(EKSCTL('    instance|Type: m5.large\n')).result, undefined);
  assert.equal(complete(EKSCTL('    instanceType: m5.large\n    desiredCapacity: |\n')).result, undefined);
  assert.equal(complete(EKSCTL('    name2: |\n')).result, undefined);
});

test('the detail uses the mode the workspace configures', () => {
  const aws = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
spec:
  template:
    spec:
      containers:
        - name: aws-node
          env:
            - name: AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG
              value: "true"
`;
  const { result } = complete(EKSCTL('    instanceType: |\n'), { 'aws-node.yaml': aws });
  assert.equal(result?.items.find((i) => i.label === 'm5.large')?.detail, '20 max pods, 3 ENIs x 10 IPs');
});
