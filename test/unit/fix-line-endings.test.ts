import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturePath, readFixture, engineWith } from '../helpers/workspace';
import { applyFix } from '../helpers/fixes';
import type { Finding } from '../../server/src/engine';
import { initHcl } from '../../server/src/parsers/hcl';

/**
 * Every fix writes the line endings of the file it edits and keeps whether the file ends with a
 * line break. Each golden fixture with a fix is re-read with CRLF line endings, and again without
 * its final line break: it must offer the same fixes as the LF original, and applying each one
 * must add no bare `\n`, keep the final-line-break state, and remove the finding it was offered on.
 */
before(() => initHcl());

const ROOT = fixturePath('rules');
const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
const noFinalBreak = (s: string) => s.replace(/(\r?\n)+$/, '');
const bareLf = (s: string) => /(^|[^\r])\n/.test(s);

interface Case {
  rule: string;
  name: string;
  files: Map<string, string>;
  settings: unknown;
}

function casesWithFixes(): Case[] {
  const out: Case[] = [];
  for (const rule of fs.readdirSync(ROOT)) {
    const dir = path.join(ROOT, rule, 'invalid');
    if (!fs.existsSync(dir)) continue;
    for (const c of fs.readdirSync(dir)) {
      if (c.endsWith('.snap') || c.endsWith('.settings.json')) continue;
      if (!/\n {2}fix: /.test(fs.readFileSync(path.join(dir, `${c}.snap`), 'utf8'))) continue;
      const target = path.join(dir, c);
      const base = fs.statSync(target).isDirectory() ? target : dir;
      const settingsFile = `${target.replace(/\.[^./]+$/, '')}.settings.json`;
      const settings: unknown = fs.existsSync(settingsFile)
        ? JSON.parse(fs.readFileSync(settingsFile, 'utf8'))
        : undefined;
      out.push({ rule, name: `${rule}/${c}`, files: readFixture(target, base), settings });
    }
  }
  return out;
}

const fixed = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule && f.fixes.length);
const count = (findings: Finding[], f: Finding) =>
  findings.filter((x) => x.ruleId === f.ruleId && x.messageId === f.messageId && x.file === f.file).length;

/** Applies every fix of the case's rule to `files`; returns the names of files a multi-line edit touched. */
function checkFixes(c: Case, files: Map<string, string>, expectedFixes: number): string[] {
  const engine = engineWith(files, c.settings);
  const findings = engine.analyze().findings;
  const mine = fixed(findings, c.rule);
  assert.equal(
    mine.reduce((n, f) => n + f.fixes.length, 0),
    expectedFixes,
    `${c.name}: the same fixes as with LF line endings`,
  );
  const multiLine: string[] = [];
  for (const f of mine) {
    for (const fix of f.fixes) {
      const after = applyFix(files, fix);
      for (const e of fix.edits) {
        const before = files.get(e.file)!;
        const text = after.get(e.file)!;
        const where = `${c.name}: "${fix.title}" in ${e.file}`;
        if (!bareLf(before)) assert.ok(!bareLf(text), `${where} adds a bare \\n`);
        if (!before.includes('\r')) assert.ok(!text.includes('\r'), `${where} adds a \\r`);
        assert.equal(/\n$/.test(text), /\n$/.test(before), `${where} changes the final line break`);
        if (/\n/.test(e.newText) || /\n/.test(before.slice(e.span.start, e.span.end))) multiLine.push(e.file);
      }
      const again = engineWith(after, c.settings).analyze().findings;
      assert.ok(count(again, f) < count(findings, f), `${c.name}: "${fix.title}" removes its finding`);
    }
  }
  return multiLine;
}

test('fixes keep CRLF line endings and the final line break in every format', () => {
  const cases = casesWithFixes();
  const multiLine = new Set<string>();
  for (const c of cases) {
    const lf = fixed(engineWith(c.files, c.settings).analyze().findings, c.rule).reduce(
      (n, f) => n + f.fixes.length,
      0,
    );
    const variants = [
      new Map([...c.files].map(([k, v]) => [k, crlf(v)])),
      new Map([...c.files].map(([k, v]) => [k, noFinalBreak(crlf(v))])),
      new Map([...c.files].map(([k, v]) => [k, noFinalBreak(v)])),
    ];
    for (const files of variants) for (const f of checkFixes(c, files, lf)) multiLine.add(`${c.name}:${f}`);
  }
  // Each syntax's edit layer was exercised by an edit that writes or removes a line break.
  const covered = (re: RegExp) => [...multiLine].some((m) => re.test(m));
  assert.ok(covered(/^aws-node-ip-family-missing\/.*\.yaml$/), 'a Kubernetes manifest');
  assert.ok(covered(/^aws-node-env-deprecated\/.*\.yaml$/), 'an entry removed from a YAML env');
  assert.ok(covered(/^subnet-missing-elb-tag\/block\.yaml/), 'a CloudFormation YAML template');
  assert.ok(covered(/^subnet-missing-elb-tag\/json\.json/), 'a CloudFormation JSON template');
  assert.ok(covered(/\.tf$/), 'a Terraform file');
});

test('an eksctl config with CRLF line endings gets fixes that keep them', () => {
  const config = [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata:',
    '  name: demo',
    '  region: eu-west-1',
    'vpc:',
    '  cidr: 10.0.1.0/16',
    'managedNodeGroups:',
    '  - name: ng',
    '    instanceType: m5.larg',
    'addons:',
    '  - name: vpc-cni',
    '    configurationValues: |',
    '      env:',
    '        ENABLE_PREFIX_DELEGATION: "true"',
    '        AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER: "false"',
    '        WARM_PREFIX_TARGETS: "1"',
    '',
  ].join('\r\n');
  const rules = ['cidr-invalid', 'instance-type-unknown', 'aws-node-env-deprecated', 'aws-node-env-unknown'];
  for (const text of [config, noFinalBreak(config)]) {
    const files = new Map([['cluster.yaml', text]]);
    const findings = engineWith(files)
      .analyze()
      .findings.filter((f) => rules.includes(f.ruleId));
    assert.deepEqual(
      findings
        .filter((f) => f.fixes.length)
        .map((f) => f.ruleId)
        .sort(),
      [...rules].sort(),
      'every rule offers its fix',
    );
    for (const f of findings) {
      for (const fix of f.fixes) {
        const after = applyFix(files, fix).get('cluster.yaml')!;
        assert.ok(!bareLf(after), `${f.ruleId}: no bare \\n`);
        assert.equal(after.endsWith('\r\n'), text.endsWith('\r\n'), `${f.ruleId}: final line break kept`);
        const again = engineWith(new Map([['cluster.yaml', after]])).analyze().findings;
        assert.ok(count(again, f) < count(findings, f), `${f.ruleId}: the fix removes its finding`);
      }
    }
  }
});

test('removing the last line of a file without a final line break leaves the file without one', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = ['env:', '  ENABLE_PREFIX_DELEGATION: "true"', '  AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER: "false"'].join(
      eol,
    );
    const files = new Map([['values.yaml', text]]);
    const f = engineWith(files)
      .analyze()
      .findings.find((x) => x.ruleId === 'aws-node-env-deprecated');
    assert.ok(f?.fixes[0], 'the deprecated variable has a fix');
    const after = applyFix(files, f.fixes[0]).get('values.yaml');
    assert.equal(after, `env:${eol}  ENABLE_PREFIX_DELEGATION: "true"`);
  }
});
