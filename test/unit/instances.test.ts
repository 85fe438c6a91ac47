import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  allInstanceTypes,
  getInstanceType,
  InstanceInfo,
  managedNodeGroupCap,
  maxPodsCustomNetworking,
  maxPodsPrefixDelegation,
  maxPodsSecondaryIp,
  podIps,
  suggestInstanceType,
  supportsPrefixDelegation,
} from '../../server/src/catalog/instances';
import { capacity } from '../../server/src/facts/cni/capacityRow';

// Compiled to out/test/unit, so the repo root is three levels up and ../shared sits next to it.
const SHARED_DATA = path.resolve(__dirname, '../../../../shared/data');

function info(name: string): InstanceInfo {
  const found = getInstanceType(name);
  assert.ok(found, `${name} should be in the table`);
  return found;
}

test('secondary-IP max pods matches the CNI eni-max-pods table for every instance type', () => {
  const rows = readFileSync(path.join(SHARED_DATA, 'eni-max-pods.tsv'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('instance_type\t'))
    .map((line) => line.split('\t'));
  assert.ok(rows.length > 1000, 'the TSV should have been read');
  const mismatches = rows.filter(([name, maxPods]) => {
    const found = getInstanceType(name);
    return !found || maxPodsSecondaryIp(found) !== Number(maxPods);
  });
  assert.deepEqual(mismatches, []);
  assert.deepEqual(allInstanceTypes(), rows.map(([name]) => name).sort());
});

test('known values from the EKS docs', () => {
  const m5 = info('m5.large');
  assert.equal(maxPodsSecondaryIp(m5), 29);
  assert.equal(maxPodsCustomNetworking(m5), 20);
  assert.equal(maxPodsPrefixDelegation(m5), 434);
  // BPG custom networking: m5.large with custom networking and prefix delegation gives 290.
  assert.equal(maxPodsPrefixDelegation(m5, { customNetworking: true }), 290);
  assert.equal(podIps(m5), 30);

  const m4 = info('m4.4xlarge');
  assert.equal(podIps(m4), 240);
  assert.equal(maxPodsSecondaryIp(m4), 234);
});

test('capacity(): secondary-IP values uncapped, prefix-delegation values capped like managed node groups', () => {
  assert.deepEqual(capacity('m5.large', { prefixDelegation: true }), {
    instanceType: 'm5.large',
    maxEnis: 3,
    ipv4PerEni: 10,
    hypervisor: 'nitro',
    vcpus: 2,
    podIps: 30,
    maxPods: 110,
    maxPodsCustomNetworking: 20,
    maxPodsPrefixDelegation: 110,
    maxPodsPrefixDelegationUncapped: 434,
    securityGroupsForPods: { supported: true, branchInterfaces: 9 },
  });
  assert.equal(capacity('m5.large')?.maxPods, 29);
  assert.equal(capacity('m5.large', { customNetworking: true })?.maxPods, 20);
  // The issue fixes m4.4xlarge's max pods at 234 (eni-max-pods.txt), not the 110 a managed node group would cap it to.
  const m4 = capacity('m4.4xlarge');
  assert.equal(m4?.podIps, 240);
  assert.equal(m4?.maxPods, 234);
  assert.equal(capacity('m5.24xlarge')?.maxPods, 737);
  assert.equal(capacity('m5.24xlarge', { customNetworking: true })?.maxPodsCustomNetworking, 688);
  // With prefix delegation maxPods is the capped prefix value: 250 for 96 vCPUs, not the raw 11,762.
  const pd = capacity('m5.24xlarge', { prefixDelegation: true });
  assert.equal(pd?.maxPods, 250);
  assert.equal(pd?.maxPods, pd?.maxPodsPrefixDelegation);
  assert.equal(pd?.maxPodsPrefixDelegationUncapped, 11762);
  assert.equal(capacity('no.such'), undefined);
});

test('prefix delegation falls back to secondary IPs on Xen and counts bare metal as capable', () => {
  const m4 = capacity('m4.large', { prefixDelegation: true });
  assert.equal(supportsPrefixDelegation(info('m4.large')), false);
  assert.equal(m4?.maxPods, maxPodsSecondaryIp(info('m4.large')));
  assert.equal(m4?.maxPodsPrefixDelegation, null);
  assert.equal(m4?.maxPodsPrefixDelegationUncapped, null);
  const metal = info('c5.metal');
  assert.equal(metal.hypervisor, 'unknown');
  assert.equal(supportsPrefixDelegation(metal), true);
});

test('maxEni limits the ENIs every formula uses', () => {
  const m5 = info('m5.large');
  assert.equal(maxPodsSecondaryIp(m5, { maxEni: 1 }), 11);
  assert.equal(maxPodsSecondaryIp(m5, { maxEni: 10 }), 29);
  assert.equal(maxPodsCustomNetworking(m5, { maxEni: 2 }), 11);
  assert.equal(maxPodsPrefixDelegation(m5, { maxEni: 2 }), 290);
  assert.equal(capacity('m5.large', { maxEni: 2 })?.maxPods, 20);
  assert.throws(() => maxPodsSecondaryIp(m5, { maxEni: 0 }), RangeError);
});

test('managed node group cap: 110 below 30 vCPUs, 250 from 30, none when unknown', () => {
  const base = info('m5.large');
  assert.equal(managedNodeGroupCap({ ...base, vcpus: 29 }).cap, 110);
  // The user guide's "less than 30" wording: exactly 30 gets 250 (max-pods-calculator.sh would say 110).
  assert.equal(managedNodeGroupCap({ ...base, vcpus: 30 }).cap, 250);
  const unknown = managedNodeGroupCap({ ...base, vcpus: null });
  assert.equal(unknown.cap, null);
  assert.match(unknown.reason, /vCPU count .* not in the instance table/);
  const noVcpus = allInstanceTypes().find((n) => info(n).vcpus === null);
  assert.ok(noVcpus);
  const uncapped = capacity(noVcpus);
  assert.equal(uncapped?.maxPods, maxPodsSecondaryIp(info(noVcpus)));
});

test('lookups ignore the provenance header and are exact', () => {
  assert.equal(getInstanceType('_provenance'), undefined);
  assert.equal(getInstanceType('M5.large'), undefined);
  assert.equal(info('t3.medium').trunking, false);
  assert.ok(allInstanceTypes().length > 1000);
});

test('did-you-mean suggestions for typical typos', () => {
  assert.equal(suggestInstanceType('m5.larg'), 'm5.large');
  assert.equal(suggestInstanceType('m5.xlarg'), 'm5.xlarge');
  assert.equal(suggestInstanceType('t3.meduim'), 't3.medium');
  assert.equal(suggestInstanceType('M5.Large'), 'm5.large');
  // m5a.large is real, so it needs no suggestion, and a typo in it stays in its own family.
  assert.ok(getInstanceType('m5a.large'));
  assert.equal(suggestInstanceType('m5a.large'), undefined);
  assert.equal(suggestInstanceType('m5a.larg'), 'm5a.large');
  assert.equal(suggestInstanceType('banana'), undefined);
  assert.equal(suggestInstanceType(''), undefined);
});
