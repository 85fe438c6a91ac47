import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { initHcl, parseHcl } from '../../server/src/parsers/hcl';
import { parseWhole } from '../../server/src/parsers/yaml';
import { Engine, type Finding } from '../../server/src/engine';
import { RULES } from '../../server/src/rules/registry';
import { BUILDERS } from '../../server/src/model/builders';
import { emptyModel, mergeInto } from '../../server/src/model/types';
import { overlapGroups } from '../../server/src/model/overlap';
import { cidrOf } from '../../server/src/base/cidr';
import { MAX_FINDINGS_PER_RULE_AND_FILE } from '../../server/src/engine/findingCap';
import { code, codeBlock, escape, link } from '../../server/src/base/markdown';
import { describeError } from '../../server/src/base/messages';
import { exercise } from '../helpers/robustness';
import { CASES } from '../helpers/hostileChild';

/**
 * The defects of the "hostile input" issue, one test each: a stack overflow that took the server
 * down, pairwise findings that ran it out of memory, quadratic YAML aliases, nested count that
 * silently dropped subnets, raw stack-overflow messages, megabyte values repeated in messages.
 * Cases that once took minutes or crashed run in a child process with a deadline (hostileChild.ts),
 * so a regression fails here instead of hanging the suite or ending it.
 */
before(async () => assert.ok(await initHcl(), 'the wasm HCL parser loads'));

interface Summary {
  subnets: number;
  instanceTypeRefs: number;
  bytes: number;
  findings: { ruleId: string; messageId: string; message: string; file: string; related: string[] }[];
}

const CHILD = path.join(__dirname, '..', 'helpers', 'hostileChild.js');

/** Runs a case of hostileChild.ts in its own process; fails when it crashes or passes the deadline. */
function inChild(name: keyof typeof CASES, deadlineMs = 45_000): Promise<Summary> {
  assert.ok(CASES[name]);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CHILD, name],
      { timeout: deadlineMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err)
          reject(new Error(`${name}: ${err.killed ? `no answer within ${deadlineMs} ms` : err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as Summary);
      },
    );
  });
}

const noInternalErrors = (s: Summary) =>
  assert.deepEqual(
    s.findings.filter((f) => f.messageId === 'internal' || /internal error|call stack/i.test(f.message)),
    [],
  );

// The child processes run side by side; each test awaits its own.
const runs = {
  sameCidr: inChild('same-cidr-terraform'),
  identical: inChild('identical-cloudformation-subnets'),
  longList: inChild('long-instance-type-list'),
  aliases: inChild('yaml-aliases'),
  nested: inChild('nested-count'),
  bigValues: inChild('megabyte-values'),
  duplicateEnv: inChild('duplicate-env'),
  nodeGroups: inChild('many-node-groups'),
};
for (const p of Object.values(runs)) p.catch(() => undefined);

test('130,000 instance types in one eksctl node group are read; merging them does not overflow the stack', async () => {
  const s = await runs.longList;
  noInternalErrors(s);
  assert.equal(s.instanceTypeRefs, 130_001);
  // The model merge itself, with a fragment far past what a spread into push() survives.
  const model = emptyModel();
  const from = emptyModel();
  from.instanceTypeRefs = Array.from({ length: 300_000 }, () => from.instanceTypeRefs[0]);
  mergeInto(model, from);
  assert.equal(model.instanceTypeRefs.length, 300_000);
});

test('1,000 Terraform subnets with one block are one subnet-overlap finding, not 499,500', async () => {
  const s = await runs.sameCidr;
  noInternalErrors(s);
  const overlaps = s.findings.filter((f) => f.ruleId === 'subnet-overlap');
  assert.equal(overlaps.length, 1);
  assert.match(overlaps[0].message, /is one of 1000 subnets of the same VPC whose blocks overlap/);
  assert.equal(overlaps[0].related.length, 21, 'twenty listed, then how many more');
  assert.equal(overlaps[0].related[20], '…and 979 more overlapping subnets not listed.');
  assert.ok(s.bytes < 20_000, `${s.bytes} bytes of findings`);
});

test('3,000 identical CloudFormation subnets are analysed without running out of memory', async () => {
  const s = await runs.identical;
  noInternalErrors(s);
  assert.equal(s.subnets, 3000);
  const overlaps = s.findings.filter((f) => f.ruleId === 'subnet-overlap');
  assert.equal(overlaps.length, 1);
  assert.match(overlaps[0].message, /^Private subnet S2999 \(10\.0\.1\.0\/24\) is one of 3000 subnets/);
  assert.ok(s.bytes < 200_000, `${s.bytes} bytes of findings`);
});

test('YAML aliases resolve in one walk: 10,000 aliases in a 200,000-node document finish', async () => {
  const s = await runs.aliases;
  noInternalErrors(s);
  // Each alias still reads as the node its anchor names, the last one before it.
  const doc = parseWhole('a: &x 1\nb: *x\nc: &x [2]\nd: *x\ne: [*x, *nope]\n').documents[0].root!;
  assert.equal(doc.kind, 'map');
  const entries = doc.kind === 'map' ? doc.entries : [];
  const value = (k: string) => entries.find((e) => e.key.value === k)!.value;
  assert.equal(value('b'), value('a'));
  assert.equal(value('d'), value('c'), 'shared, not copied');
  const e = value('e');
  assert.ok(e.kind === 'seq' && e.items[0] === value('c') && e.items[1].kind === 'scalar');
  // The alias cap is said once, not once per alias past it.
  const capped = parseWhole(`a: &a 1\nb: [${'*a, '.repeat(10_050)}*a]\n`);
  assert.equal(capped.problems.filter((p) => /More than 10000 aliases/.test(p.message)).length, 1);
});

test('module count = 1000 calling module count = 1000 is a warning naming the limit, never a silent drop', async () => {
  const s = await runs.nested;
  noInternalErrors(s);
  const limit = s.findings.find((f) => /would have 1000000 instances in all/.test(f.message));
  assert.ok(limit, JSON.stringify(s.findings.map((f) => f.message)));
  assert.equal(limit.file, '/ws/main.tf');
  assert.match(limit.message, /module\.a\[\*\]\.module\.b would have 1000000 instances in all.*at most 10000/);
  // A product under the limit still expands.
  const e = new Engine();
  e.setFile('/ws/main.tf', CASES['nested-count']()['/ws/main.tf'].replace('count = 1000', 'count = 3'));
  e.setFile('/ws/a/main.tf', CASES['nested-count']()['/ws/a/main.tf'].replace('count = 1000', 'count = 4'));
  e.setFile('/ws/a/b/main.tf', CASES['nested-count']()['/ws/a/b/main.tf']);
  assert.equal(e.analyze().model.subnets.length, 12);
});

test('messages cut megabyte values to a readable length; a megabyte variable name is no slower', async () => {
  const s = await runs.bigValues;
  noInternalErrors(s);
  assert.ok(s.findings.length >= 4, JSON.stringify(s.findings.map((f) => f.ruleId)));
  for (const f of s.findings) {
    assert.ok(f.message.length < 600, `${f.ruleId}: ${f.message.length} characters`);
    for (const r of f.related) assert.ok(r.length <= 300, `${f.ruleId} related: ${r.length} characters`);
  }
  assert.ok(s.findings.some((f) => /x… \(1000000 characters\)/.test(f.message)));
});

test('20,000 entries of one aws-node variable are checked in one pass and capped at 200 findings', async () => {
  const s = await runs.duplicateEnv;
  noInternalErrors(s);
  const dup = s.findings.filter((f) => f.ruleId === 'aws-node-env-conflict');
  assert.equal(dup.length, 201);
  assert.match(dup.find((f) => f.messageId === 'more')!.message, /^19799 more aws-node-env-conflict findings/);
});

test('800 node groups on 800 subnets: the zones of each group are found without a search per subnet', async () => {
  const s = await runs.nodeGroups;
  noInternalErrors(s);
  assert.equal(s.subnets, 800);
  const missing = s.findings.filter((f) => f.ruleId === 'eniconfig-missing-for-az');
  assert.deepEqual(missing.map((f) => f.message.match(/run in (\S+),/)?.[1]).sort(), ['us-east-1b', 'us-east-1c']);
});

function engineWith(files: Record<string, string>): Engine {
  const e = new Engine();
  for (const [id, t] of Object.entries(files)) e.setFile(id, t);
  return e;
}

test('a rule or builder that throws is an internal-error finding with its id where it failed; the rest of the analysis stands', () => {
  const rule = RULES.find((r) => r.id === 'vpc-cidr-public-range')!;
  const check = rule.check.bind(rule);
  const refine = {
    name: 'broken',
    refine: (f: { id: string }) => {
      if (f.id === '/ws/b.yaml') throw new RangeError('Maximum call stack size exceeded');
      return undefined;
    },
  };
  rule.check = () => {
    throw new TypeError('x is undefined');
  };
  BUILDERS.unshift(refine);
  try {
    const eksctl =
      'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: x, region: us-east-1}\nvpc:\n  cidr: 10.0.0.0/8\n';
    const found = engineWith({ '/ws/a.yaml': eksctl, '/ws/b.yaml': eksctl.replace('name: x', 'name: y') }).analyze()
      .findings;
    const internal = found.filter((f) => f.messageId === 'internal');
    assert.deepEqual(
      internal.map((f) => [f.ruleId, f.file]),
      [
        ['vpc-cidr-public-range', '/ws/a.yaml'],
        ['syntax-error', '/ws/b.yaml'],
        // A file rule runs per file, so each file it could not check says so.
        ['vpc-cidr-public-range', '/ws/b.yaml'],
      ],
    );
    assert.match(internal[0].message, /Rule vpc-cidr-public-range failed \(internal error: x is undefined\)/);
    assert.match(internal[1].message, /nested or repeated more deeply than eksnet can follow/);
    assert.ok(!found.some((f) => /Maximum call stack/.test(f.message)));
    // Other rules still ran, on both files: the one whose refine failed keeps the fragment built from it alone.
    assert.deepEqual(
      found.filter((f) => f.ruleId === 'vpc-cidr-size').map((f) => f.file),
      ['/ws/a.yaml', '/ws/b.yaml'],
    );
  } finally {
    rule.check = check;
    BUILDERS.splice(BUILDERS.indexOf(refine), 1);
  }
});

test('a rule shows at most 200 findings per file, then one saying how many more, at the most severe level', () => {
  const tf = `resource "aws_vpc" "v" {\n  cidr_block = "172.16.0.0/12"\n}\nresource "aws_subnet" "s" {\n  count = 300\n  vpc_id = aws_vpc.v.id\n  cidr_block = cidrsubnet("172.17.0.0/16", 9, count.index)\n}\n`;
  const found = engineWith({ '/ws/main.tf': tf })
    .analyze()
    .findings.filter((f: Finding) => f.ruleId === 'docker-bridge-overlap');
  assert.equal(MAX_FINDINGS_PER_RULE_AND_FILE, 200);
  assert.equal(found.length, 201);
  const more = found.filter((f) => f.messageId === 'more');
  assert.equal(more.length, 1);
  assert.equal(more[0].severity, 'warning');
  assert.match(more[0].message, /^100 more docker-bridge-overlap findings in this file, the first here, are not shown/);
});

test('overlap groups: chains join, touching blocks do not, IPv4 and IPv6 never mix', () => {
  const items = [
    '10.0.0.0/16',
    '10.0.1.0/24',
    '10.0.200.0/24',
    '10.1.0.0/16',
    '10.2.0.0/24',
    '10.2.0.0/24',
    '::/0',
  ].map((t, i) => ({ cidr: cidrOf(t), item: i }));
  items.push({ cidr: cidrOf('10.0.0.0/8'), item: 7 }, { cidr: cidrOf('2001:db8::/32'), item: 8 });
  assert.deepEqual(overlapGroups(items), [
    [0, 1, 2, 3, 4, 5, 7],
    [6, 8],
  ]);
  assert.deepEqual(overlapGroups(items.slice(0, 4)), [[0, 1, 2]]);
  assert.deepEqual(overlapGroups(['10.0.0.0/24', '10.0.1.0/24'].map((t, i) => ({ cidr: cidrOf(t), item: i }))), []);
});

test('vpc-cidr-overlap and service-cidr-overlap group what would be many findings at one place', () => {
  const eksctl = `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: x, region: us-east-1}\nkubernetesNetworkConfig:\n  serviceIPv4CIDR: 10.0.0.0/8\nvpc:\n  cidr: 10.0.0.0/16\n  extraCIDRs: ["10.0.0.0/17", "10.0.128.0/17"]\n`;
  const found = engineWith({ '/ws/c.yaml': eksctl }).analyze().findings;
  const vpc = found.filter((f) => f.ruleId === 'vpc-cidr-overlap');
  assert.deepEqual(
    vpc.map((f) => f.message),
    [
      'VPC block 10.0.128.0/17 is one of 3 blocks of the same VPC that overlap; AWS refuses to associate each one that overlaps a block associated before it.',
    ],
  );
  assert.equal(vpc[0].related.length, 2);
  const svc = found.filter((f) => f.ruleId === 'service-cidr-overlap');
  assert.equal(svc.length, 1);
  assert.match(svc[0].message, /Service CIDR 10\.0\.0\.0\/8 overlaps 3 blocks and subnets of its VPC/);
});

test('deep YAML nesting is reported once in words, before the parser can exhaust the stack', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: ${'!Select [0, '.repeat(20_000)}x${']'.repeat(20_000)}\n`;
  const found = exercise(new Map([['/ws/t.yaml', text]]), '/ws/t.yaml', { deadlineMs: 20_000 });
  const deep = found.filter((f) => f.ruleId === 'syntax-error');
  assert.deepEqual(
    deep.map((f) => f.message),
    ['YAML nested more than 500 levels deep (counting indentation and brackets); eksnet does not read this document.'],
  );
  // 1,265 compact sequences (`- - - ...`) once made the bundled CLI abort in V8's regexp compiler.
  const compact = `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n${'- '.repeat(1265)}x\n`;
  const found2 = exercise(new Map([['/ws/c.yaml', compact]]), '/ws/c.yaml');
  assert.match(found2.find((f) => f.ruleId === 'syntax-error')?.message ?? '', /nested more than 500 levels deep/);
  // Stack exhaustion that still happens somewhere is said in words.
  assert.equal(
    describeError(new RangeError('Maximum call stack size exceeded')),
    'the input is nested or repeated more deeply than eksnet can follow',
  );
});

test('HCL numbers with an exponent and no fraction are numbers, as in Terraform', () => {
  const forms: [string, number][] = [
    ['1', 1],
    ['1.5', 1.5],
    ['1e1', 10],
    ['1E+10', 1e10],
    ['1.5e-3', 0.0015],
    ['2e-3', 0.002],
    ['0.5E2', 50],
    ['12E3', 12000],
  ];
  for (const [written, value] of forms) {
    const p = parseHcl(`locals {\n  a = ${written}\n  b = [${written}, -${written}]\n  c = "\${${written}}"\n}\n`)!;
    assert.deepEqual(p.problems, [], written);
    const attrs = p.body.blocks[0].body.attributes;
    assert.deepEqual(attrs[0].expr, { t: 'lit', value, span: { start: 15, end: 15 + written.length } }, written);
    const b = attrs[1].expr;
    assert.ok(b.t === 'tuple' && b.items[0].t === 'lit' && b.items[0].value === value, written);
    const c = attrs[2].expr;
    assert.ok(c.t === 'tpl' && c.parts[0] && typeof c.parts[0] !== 'string' && c.parts[0].t === 'lit', written);
  }
  // Text that only looks like one stays text; identifiers that contain one stay identifiers.
  const p = parseHcl('locals {\n  s = "1e1"\n  h = <<EOT\n1e1\nEOT\n  v = a-1e1\n}\n# 1e1\n')!;
  assert.deepEqual(p.problems, []);
  const [s, h, v] = p.body.blocks[0].body.attributes.map((a) => a.expr);
  assert.deepEqual(s, { t: 'lit', value: '1e1', span: { start: 15, end: 20 } });
  assert.ok(h.t === 'tpl' && h.parts[0] === '1e1\n');
  assert.ok(v.t === 'var' && v.name === 'a-1e1');
  // End to end: count = 1e1 makes ten subnets instead of a syntax error that drops the block.
  const e = engineWith({
    '/ws/main.tf': `resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_subnet" "s" {\n  count = 1e1\n  vpc_id = aws_vpc.v.id\n  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)\n}\n`,
  });
  assert.equal(e.analyze().model.subnets.length, 10);
  assert.deepEqual(
    e.analyze().findings.filter((f) => f.ruleId === 'syntax-error'),
    [],
  );
});

test('a Terraform file too large for the wasm parser is reported and not parsed, and the parser keeps working', () => {
  const big = 'x'.repeat(4_500_000);
  const huge = `resource "aws_vpc" "v" {\n  cidr_block = "${big}"\n  tags = { a = "${big}" }\n}\n`;
  const found = engineWith({ '/ws/huge.tf': huge }).analyze().findings;
  assert.ok(
    found.some((f) => f.ruleId === 'syntax-error' && /eksnet parses Terraform files of at most/.test(f.message)),
  );
  const after = engineWith({ '/ws/main.tf': 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/8"\n}\n' }).analyze();
  assert.equal(after.model.vpcs.length, 1);
});

/**
 * The Markdown left once escapes and code spans (CommonMark: a run of n backticks closes at the next
 * run of n) are removed.
 */
function outsideCode(md: string): string {
  const noEscapes = md.replace(/\\[\s\S]/g, '');
  let out = '';
  let i = 0;
  while (i < noEscapes.length) {
    if (noEscapes[i] !== '`') {
      out += noEscapes[i++];
      continue;
    }
    let n = 0;
    while (noEscapes[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let close = -1;
    for (let j = noEscapes.indexOf(fence, i + n); j >= 0; j = noEscapes.indexOf(fence, j + 1)) {
      if (noEscapes[j - 1] !== '`' && noEscapes[j + n] !== '`') {
        close = j;
        break;
      }
      while (noEscapes[j + 1] === '`') j++;
    }
    if (close < 0) {
      out += fence;
      i += n;
    } else i = close + n;
  }
  return out;
}

test('hover Markdown keeps workspace values inert: backticks, brackets and ]( cannot make a link or an image', () => {
  const evil = 'x`` ` ](https://evil.example/i.png) ![a](https://evil.example/x.png) [b](c) <img src=d>';
  const tf = `locals {\n  v = "${evil.replace(/"/g, '\\"')}"\n  w = local.v\n}\nresource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  tags = { Name = local.v }\n}\n`;
  const cfn = `AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  P:\n    Type: String\n    Default: '${evil.replace(/'/g, "''")}'\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      Tags: [{Key: Name, Value: !Sub "\${P}"}]\n`;
  const eksctl = `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: x, region: us-east-1}\nmanagedNodeGroups:\n  - name: ng\n    instanceType: "${evil.replace(/"/g, '\\"')}"\n`;
  // Values shown as code must stay inside their span; values in prose are escaped instead.
  const cases: [string, string, string, 'code' | 'escaped'][] = [
    ['/ws/main.tf', tf, 'local.v', 'code'],
    ['/ws/t.yaml', cfn, '!Sub', 'code'],
    ['/ws/c.yaml', eksctl, 'x``', 'escaped'],
  ];
  for (const [id, text, needle, how] of cases) {
    const h = engineWith({ [id]: text }).hover(id, text.indexOf(needle) + 1);
    assert.ok(h, `${id}: a hover at ${needle}`);
    const outside = outsideCode(h.contents);
    assert.ok(!/\]\(|!\[|<img/.test(outside), `${id}: Markdown syntax outside code:\n${h.contents}`);
    if (how === 'code')
      assert.ok(!/evil\.example/.test(outside), `${id}: the value leaks out of its code span:\n${h.contents}`);
  }
});

test('the Markdown helpers: fences longer than any backtick run, escapes, links only to docs and workspace files', () => {
  assert.equal(code('a`b'), '``a`b``');
  assert.equal(code('`x`'), '`` `x` ``');
  assert.equal(code('a\n# b'), '`a # b`');
  assert.equal(outsideCode(code('x```](u) ![i](u)')), '');
  assert.equal(escape('![a](u) [b](c) <i> aws_vpc _x_'), '\\!\\[a\\](u) \\[b\\](c) \\<i\\> aws_vpc \\_x\\_');
  assert.equal(escape('# not a heading'), '\\# not a heading');
  assert.equal(link('a](x)', 'file:///w/a(1).yaml#L3'), '[a\\](x)](file:///w/a%281%29.yaml#L3)');
  assert.equal(link('x', 'javascript:alert(1)'), '`javascript:alert(1)`');
  assert.equal(
    link('rule', 'https://example.invalid/docs/rules/x.md'),
    '[rule](https://example.invalid/docs/rules/x.md)',
  );
  assert.ok(codeBlock('a ```` b').startsWith('`````\n'));
});
