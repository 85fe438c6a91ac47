import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCapacity } from '../../server/src/cli/capacity';

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCapacity(
    args,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

test('json output has one object per type with the documented fields', () => {
  const { code, stdout, stderr } = run('m5.large', 'm4.4xlarge', '--format', 'json');
  assert.equal(code, 0, stderr);
  const rows = JSON.parse(stdout) as Record<string, unknown>[];
  assert.equal(rows.length, 2);
  assert.deepEqual(Object.keys(rows[0]), [
    'instanceType',
    'maxEnis',
    'ipv4PerEni',
    'hypervisor',
    'vcpus',
    'podIps',
    'maxPods',
    'maxPodsCustomNetworking',
    'maxPodsPrefixDelegation',
    'maxPodsPrefixDelegationUncapped',
    'securityGroupsForPods',
  ]);
  assert.equal(rows[0].maxPods, 29);
  assert.equal(rows[1].podIps, 240);
  assert.equal(rows[1].maxPods, 234);
});

test('flags select the mode and accept --flag=value', () => {
  const pd = JSON.parse(run('m5.large', '--prefix-delegation', '--format=json').stdout) as { maxPods: number }[];
  assert.equal(pd[0].maxPods, 110);
  const cn = JSON.parse(run('m5.large', '--custom-networking', '--format', 'json').stdout) as { maxPods: number }[];
  assert.equal(cn[0].maxPods, 20);
  const limited = JSON.parse(run('m5.large', '--max-eni', '2', '--format', 'json').stdout) as { maxPods: number }[];
  assert.equal(limited[0].maxPods, 20);
});

test('--managed caps every mode at 110/250, as EKS managed node groups do; the JSON fields stay the same', () => {
  const json = (...args: string[]) => JSON.parse(run(...args, '--format', 'json').stdout) as Record<string, unknown>[];
  const [plain] = json('m4.4xlarge');
  const [managed] = json('m4.4xlarge', '--managed');
  assert.deepEqual(Object.keys(managed), Object.keys(plain));
  assert.equal(plain.maxPods, 234);
  assert.equal(managed.maxPods, 110);
  assert.equal(json('m5.24xlarge', '--managed')[0].maxPods, 250);
  // Prefix delegation is capped either way: 434 is never what an m5.large runs.
  assert.equal(json('m5.large', '--prefix-delegation')[0].maxPods, 110);
  assert.equal(json('m5.large', '--prefix-delegation', '--managed')[0].maxPods, 110);
  assert.match(
    run('m4.4xlarge', '--managed').stdout,
    /^Mode: secondary IPs, managed node group\. MAX PODS, CUSTOM NET/m,
  );
});

test('text output is a table and explains the prefix-delegation fallback', () => {
  const { code, stdout } = run('m5.large', 'm4.large', '--prefix-delegation');
  assert.equal(code, 0);
  assert.match(stdout, /^TYPE\s+ENIS\s+IPV4\/ENI\s+POD IPS/m);
  assert.match(stdout, /^m5\.large\s+3\s+10\s+30\s+2\s+nitro\s+110\s+20\s+110\s+434\s+9 pods$/m);
  assert.match(stdout, /m4\.large is not a Nitro or bare-metal instance.*falls back to secondary IPs/);
});

test('unknown type exits 2 with a did-you-mean on stderr', () => {
  const { code, stdout, stderr } = run('m5.larg');
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.equal(stderr, 'unknown instance type "m5.larg"; did you mean "m5.large"?');
});

test('bad usage exits 2 with the usage text', () => {
  for (const args of [
    [],
    ['m5.large', '--bogus'],
    ['m5.large', '--max-eni', '0'],
    ['m5.large', '--max-eni'],
    ['m5.large', '--format', 'yaml'],
  ]) {
    const { code, stderr } = run(...args);
    assert.equal(code, 2, args.join(' '));
    assert.match(stderr, /usage: eksnet capacity TYPE\.\.\./);
  }
  const help = run('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: eksnet capacity/);
});
