import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { YamlCache } from '../../server/src/parsers/yaml';
import { buildSourceFile } from '../../server/src/engine/build';
import { analyzeFiles } from '../../server/src/engine/analyze';
import { Evaluators } from '../../server/src/model/evaluation';
import { normalizeSettings } from '../../server/src/base/settings';
import { modelIndex } from '../../server/src/model/lookup';
import { calledFolders, folders } from '../../server/src/model/evaluation/terraformFolders';
import {
  emptyModel,
  type AwsNodeEnv,
  type NetworkModel,
  type NodeGroup,
  type Subnet,
} from '../../server/src/model/types';
import { known, unresolved } from '../../server/src/model/located';
import type { SourceFile } from '../../server/src/model/sourceFile';
import { engineOf } from '../helpers/workspace';
import { cniMode } from '../../server/src/facts/cni/mode';

/**
 * Whole-workspace analysis must stay linear in the number of files: lookups go through the model
 * index, and the Terraform folder grouping is worked out once per analysis. These tests check the
 * structure that keeps it so (no timings: a slow machine must not fail them).
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const at = (file: string, start = 0) => ({ file, span: { start, end: start + 1 } });

function subnet(key: string, extra: Partial<Subnet> = {}): Subnet {
  return { key, name: key, at: at('s.yaml'), source: 'eksctl', tags: {}, ...extra };
}

function nodeGroup(key: string, subnets: string[]): NodeGroup {
  return {
    key,
    name: key,
    at: at('n.yaml'),
    source: 'eksctl',
    managed: true,
    instanceTypes: [],
    subnets,
    availabilityZones: [],
  };
}

function env(key: string, extra: Partial<AwsNodeEnv> = {}): AwsNodeEnv {
  return {
    key,
    file: 'a.yaml',
    at: at('a.yaml'),
    source: 'daemonset',
    container: 'aws-node',
    complete: false,
    vars: [],
    ...extra,
  };
}

test('the model index answers as a scan of the model would, in model order', () => {
  const model: NetworkModel = emptyModel();
  const a1 = subnet('a', { subnetId: known('subnet-1', at('s.yaml', 1)), vpc: 'v' });
  const a2 = subnet('a', { subnetId: known('subnet-2', at('s.yaml', 2)) });
  const b = subnet('b', { subnetId: known('subnet-1', at('s.yaml', 3)), vpc: 'v' });
  const c = subnet('c', { subnetId: unresolved('a parameter', at('s.yaml', 4)), vpc: 'w' });
  model.subnets.push(a1, a2, b, c);
  const g1 = nodeGroup('g1', ['b', 'a', 'b']);
  const g2 = nodeGroup('g2', ['a']);
  model.nodeGroups.push(g1, g2);
  const d1 = env('d1', { workload: 'ds' });
  const i1 = env('i1', { workload: 'ds', container: 'aws-vpc-cni-init' });
  const x = env('x', { cluster: 'k', source: 'addon-config' });
  model.awsNode.push(d1, env('u'), x, i1);

  const index = modelIndex(model);
  // The first item of a key wins, as `find` would answer; an absent or undefined key finds nothing.
  assert.equal(index.subnet('a'), a1);
  assert.equal(index.subnet('z'), undefined);
  assert.equal(index.subnet(undefined), undefined);
  assert.equal(index.nodeGroup('g2'), g2);
  // Only known ids are indexed, each subnet in model order.
  assert.deepEqual(index.subnetsById('subnet-1'), [a1, b]);
  assert.deepEqual(index.subnetsById('a parameter'), []);
  // A node group listing a subnet twice is one user of it.
  assert.deepEqual(index.nodeGroupsInSubnet('a'), [g1, g2]);
  assert.deepEqual(index.nodeGroupsInSubnet('b'), [g1]);
  assert.deepEqual(index.subnetsOfVpc('v'), [a1, b]);
  assert.deepEqual(index.workload('ds'), [d1, i1]);
  assert.deepEqual(index.awsNodeOfCluster('k'), [{ env: x, pos: 2 }]);
  assert.deepEqual(index.awsNodeOfCluster('other'), []);

  // Computed once per model object: another model (the next analysis) gets its own.
  assert.equal(modelIndex(model), index);
  const next = emptyModel();
  assert.notEqual(modelIndex(next), index);
  assert.equal(modelIndex(next).subnet('a'), undefined);
});

/** N root modules, each a copy of one folder with two .tf files. */
function copies(n: number): Map<string, SourceFile> {
  const yaml = new YamlCache();
  const files = new Map<string, SourceFile>();
  for (let i = 0; i < n; i++) {
    const dir = `ws/svc-${i}`;
    const main = `resource "aws_vpc" "main" {\n  cidr_block = "10.${i}.0.0/16"\n}\n`;
    const net = `resource "aws_subnet" "a" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.${i}.1.0/24"\n}\n`;
    for (const [name, text] of [
      ['main.tf', main],
      ['network.tf', net],
    ])
      files.set(`${dir}/${name}`, buildSourceFile(`${dir}/${name}`, text, yaml));
  }
  return files;
}

test('an analysis groups the Terraform folders once, however many folders and files it has', () => {
  const settings = normalizeSettings({});
  for (const n of [1, 25]) {
    let groupings = 0;
    const evaluators = new Evaluators({ terraform: { grouped: () => groupings++ } });
    const files = copies(n);
    const first = analyzeFiles(files, settings, evaluators);
    assert.equal(first.model.subnets.length, n, 'every copy is analysed');
    assert.equal(groupings, 1, `${n} folders: one grouping per analysis`);
    // The next analysis (after an edit, say) groups again, once: the grouping belongs to the analysis.
    analyzeFiles(files, settings, evaluators);
    assert.equal(groupings, 2);
  }
});

test('a folder called as a local module is a child unless it lies on a call cycle with its caller', () => {
  const yaml = new YamlCache();
  const files = new Map<string, SourceFile>();
  const add = (id: string, text: string) => files.set(id, buildSourceFile(id, text, yaml));
  const call = (name: string, source: string) => `module "${name}" {\n  source = "${source}"\n}\n`;
  // root → a → b → c (a chain), and x ⇄ y (a cycle) called from root too, plus a self-call.
  add('w/root/main.tf', call('a', '../a') + call('x', '../x'));
  add('w/a/main.tf', call('b', '../b'));
  add('w/b/main.tf', call('c', '../c'));
  add('w/c/main.tf', 'locals {\n  v = 1\n}\n');
  add('w/x/main.tf', call('y', '../y'));
  add('w/y/main.tf', call('x', '../x'));
  add('w/s/main.tf', call('s', './'));
  const called = calledFolders(folders(files));
  assert.deepEqual([...called].sort(), ['w/a', 'w/b', 'w/c', 'w/x']);
});

test('node groups linked through shared subnets are judged together, listed in the order the walk meets them', () => {
  const group = (name: string, subnets: string) =>
    `  - name: ${name}\n    instanceType: m5.large\n    subnets: [${subnets}]\n    minSize: 1\n    maxSize: 10\n`;
  const config = [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata: { name: demo, region: us-west-2 }',
    'vpc:',
    '  id: vpc-0123456789abcdef0',
    '  subnets:',
    '    private:',
    '      us-west-2a: { id: subnet-0aaaaaaaaaaaaaaa1, cidr: 10.0.0.0/27 }',
    '      us-west-2b: { id: subnet-0bbbbbbbbbbbbbbb2, cidr: 10.0.0.32/27 }',
    '      us-west-2c: { id: subnet-0ccccccccccccccc3, cidr: 10.0.0.64/27 }',
    'nodeGroups:',
    // a and b share nothing directly; c links them; d stands alone.
    group('a', 'us-west-2a'),
    group('b', 'us-west-2b'),
    group('c', 'us-west-2b, us-west-2a'),
    group('d', 'us-west-2c'),
  ].join('\n');
  const findings = engineOf({ 'cluster.yaml': config })
    .analyze()
    .findings.filter((f) => f.ruleId === 'subnet-ip-exhaustion');
  const order = findings.map((f) => [...f.message.matchAll(/`(\w)`:/g)].map((m) => m[1]).join(''));
  // From a: c (through us-west-2a), then from c: b (through us-west-2b); d is a component of its own.
  assert.deepEqual(order, ['acb', 'd']);
});

test("a cluster's mode merges the sources bound to no cluster with its own, the later of equal rank winning", () => {
  const pd = (value: string, start: number) => ({
    name: 'ENABLE_PREFIX_DELEGATION',
    nameAt: at('a.yaml', start),
    entryAt: at('a.yaml', start),
    value: known(value, at('a.yaml', start)),
  });
  const addon = env('addon', { source: 'addon-config', cluster: 'k', vars: [pd('true', 10)] });
  const patch = env('patch', { source: 'patch', vars: [pd('false', 20)] });
  const manifest = env('ds', { complete: true, vars: [pd('true', 30)] });
  const modeOf = (list: AwsNodeEnv[], cluster?: string) => {
    const model = emptyModel();
    model.awsNode.push(...list);
    return cniMode(model, cluster).prefixDelegation.value;
  };
  // Add-on configuration and a patch rank alike: the later one in the model wins for the add-on's cluster.
  assert.equal(modeOf([addon, patch], 'k'), false);
  assert.equal(modeOf([patch, addon], 'k'), true);
  // Another cluster sees only the unbound sources; a complete DaemonSet ranks below both.
  assert.equal(modeOf([patch, addon], 'j'), false);
  assert.equal(modeOf([addon, manifest], 'k'), true);
  assert.equal(modeOf([manifest], 'j'), true);
  assert.equal(modeOf([addon], 'j'), false);
  // Without a cluster every source counts.
  assert.equal(modeOf([patch, addon]), true);
});
