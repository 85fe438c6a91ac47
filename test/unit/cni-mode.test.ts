import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';
import { cniMode } from '../../server/src/facts/cni/mode';

const DS = (env: string, image = true) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
spec:
${image ? '  selector:\n    matchLabels: { k8s-app: aws-node }\n' : ''}  template:
${image ? '    metadata:\n      labels: { k8s-app: aws-node }\n' : ''}    spec:
      containers:
        - name: aws-node
${image ? '          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0\n' : ''}          env:
${env}`;
const v = (name: string, value: string) => `            - name: ${name}\n              value: "${value}"\n`;

function modeOf(files: Record<string, string>) {
  return cniMode(engineOf(files).analyze().model);
}

test('no aws-node configuration: CNI defaults with manifest warm targets', () => {
  const m = modeOf({ 'x.yaml': 'a: 1\n' });
  assert.equal(m.configured, false);
  assert.equal(m.prefixDelegation.value, false);
  assert.equal(m.customNetworking.value, false);
  assert.equal(m.warmEniTarget.value, 1);
  assert.equal(m.warmPrefixTarget.value, 1);
  assert.equal(m.eniConfigLabelDef.value, 'k8s.amazonaws.com/eniConfig');
  assert.equal(m.prefixDelegation.at, undefined);
});

test('Go ParseBool spellings; anything else keeps the default but records where', () => {
  assert.equal(modeOf({ 'a.yaml': DS(v('ENABLE_PREFIX_DELEGATION', 'True')) }).prefixDelegation.value, true);
  assert.equal(modeOf({ 'a.yaml': DS(v('ENABLE_PREFIX_DELEGATION', '1')) }).prefixDelegation.value, true);
  const yes = modeOf({ 'a.yaml': DS(v('ENABLE_PREFIX_DELEGATION', 'yes')) }).prefixDelegation;
  assert.equal(yes.value, false);
  assert.ok(yes.at);
});

test('integers: MAX_ENI below 1 is ignored, negative warm targets fall back, a complete DaemonSet uses code defaults', () => {
  const m = modeOf({ 'a.yaml': DS(v('MAX_ENI', '0') + v('WARM_ENI_TARGET', '-1') + v('WARM_IP_TARGET', 'abc')) });
  assert.equal(m.maxEni.value, undefined);
  assert.equal(m.warmEniTarget.value, 1);
  assert.equal(m.warmIpTarget.value, undefined);
  assert.equal(
    m.warmPrefixTarget.value,
    0,
    'WARM_PREFIX_TARGET absent from a complete DaemonSet takes the code default 0',
  );
});

test('a patch wins over the complete DaemonSet, whatever the file order', () => {
  const full = DS(v('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', 'false'));
  const patch = DS(v('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', 'true'), false);
  assert.equal(modeOf({ 'a.yaml': patch, 'b.yaml': full }).customNetworking.value, true);
  assert.equal(modeOf({ 'a.yaml': full, 'b.yaml': patch }).customNetworking.value, true);
  assert.equal(modeOf({ 'a.yaml': full, 'b.yaml': patch }).customNetworking.at?.file, 'b.yaml');
});

test('valueFrom is unresolved, and the init container does not count', () => {
  const from = DS(
    '            - name: ENABLE_POD_ENI\n              valueFrom:\n                configMapKeyRef: { name: x, key: y }\n',
  );
  assert.equal(modeOf({ 'a.yaml': from }).podEni.unresolved, true);
  const init = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
spec:
  template:
    spec:
      initContainers:
        - name: aws-vpc-cni-init
          env:
${v('ENABLE_PREFIX_DELEGATION', 'true')}`;
  assert.equal(modeOf({ 'a.yaml': init }).prefixDelegation.value, false);
});
