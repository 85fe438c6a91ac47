import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { initHcl } from '../../server/src/parsers/hcl';
import { REPO, fixturePath } from '../helpers/workspace';
import { allText, elements, parseXml } from '../helpers/xml';

before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const run = (args: string[]) => runCli(args);

const FIX = path.relative(REPO, fixturePath('cli', 'map'));

interface Json {
  version: number;
  vpcs: {
    name: string;
    cidrs: string[];
    free: string[];
    subnets: { name: string; cidr: string | null; overlapping: boolean; outside: boolean }[];
  }[];
}

test('map --format json follows the version 1 contract: blocks, subnets by address with 0-based lines, free blocks', () => {
  const r = run(['map', FIX, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out) as Json & { vpcs: Record<string, unknown>[] };
  assert.equal(json.version, 1);
  const [vpc] = json.vpcs;
  assert.deepEqual(Object.keys(vpc).sort(), ['cidrs', 'file', 'free', 'line', 'name', 'subnets', 'unresolvedCidrs']);
  assert.deepEqual(vpc.cidrs, ['10.0.0.0/16', '100.64.0.0/20']);
  const a = (vpc.subnets as Record<string, unknown>[])[0];
  assert.deepEqual(a, {
    name: 'SubnetA',
    cidr: '10.0.0.0/24',
    ipv6Cidr: null,
    zone: 'eu-west-1a <&> "quoted"',
    role: 'private',
    file: 'test/fixtures/cli/map/vpc.yaml',
    // `  SubnetA:` is the 14th line of the file.
    line: 13,
    need: null,
    usable: 251,
    overlapping: true,
    outside: false,
    clusters: [],
    nodeGroups: [],
    tags: {},
  });
  assert.deepEqual(
    vpc.subnets.map((s) => [s.name, s.cidr, s.overlapping, s.outside]),
    [
      ['SubnetA', '10.0.0.0/24', true, false],
      ['SubnetB', '10.0.0.128/25', true, false],
      ['Pods', '100.64.4.0/22', false, false],
      ['Stray', '172.16.0.0/24', false, true],
    ],
  );
  assert.deepEqual(vpc.free, [
    '10.0.1.0/24',
    '10.0.2.0/23',
    '10.0.4.0/22',
    '10.0.8.0/21',
    '10.0.16.0/20',
    '10.0.32.0/19',
    '10.0.64.0/18',
    '10.0.128.0/17',
    '100.64.0.0/22',
    '100.64.8.0/21',
  ]);
});

/** Every CIDR of the JSON (blocks, subnets, free blocks) must be in the drawing's text. */
function assertDrawingCarries(svg: string, json: Json): void {
  const root = parseXml(svg);
  assert.equal(root.name, 'svg');
  assert.equal(root.attrs.xmlns, 'http://www.w3.org/2000/svg');
  const text = allText(root).join('\n');
  for (const vpc of json.vpcs) {
    for (const c of [...vpc.cidrs, ...vpc.free]) assert.ok(text.includes(c), `the drawing names ${c}`);
    for (const s of vpc.subnets) {
      if (s.cidr) assert.ok(text.includes(`${s.name} ${s.cidr}`), `the drawing names ${s.name} ${s.cidr}`);
    }
  }
}

test('map --format svg is well-formed XML whose text carries every block, subnet and free CIDR', () => {
  const json = JSON.parse(run(['map', FIX]).out) as Json;
  const r = run(['map', FIX, '--format', 'svg']);
  assert.equal(r.code, 0, r.err);
  assertDrawingCarries(r.out, json);
  const root = parseXml(r.out);
  const subnets = elements(root, (e) => (e.attrs.class ?? '').split(' ').includes('subnet'));
  assert.deepEqual(
    subnets.map((e) => [e.attrs['data-cidr'], e.attrs['data-line'], e.attrs.tabindex]),
    [
      ['10.0.0.0/24', '13', '0'],
      ['10.0.0.128/25', '19', '0'],
      ['100.64.4.0/22', '25', '0'],
      ['172.16.0.0/24', '31', '0'],
    ],
  );
  // Overlapping subnets are hatched; the one outside the VPC is listed apart, marked.
  const hatched = subnets.filter((e) => e.children.some((c) => c.attrs.class === 'hatched'));
  assert.deepEqual(
    hatched.map((e) => e.attrs['data-cidr']),
    ['10.0.0.0/24', '10.0.0.128/25'],
  );
  assert.ok(subnets[3].attrs.class.includes('outside'));
  // Each zone has its own colour class.
  const zones = subnets.map((e) => e.attrs.class.split(' ').find((c) => c.startsWith('zone-')));
  assert.equal(new Set(zones).size, 3);
  assert.equal(zones[1], zones[2], 'SubnetB and Pods are both in eu-west-1b');
});

test('map --format html is the same drawing in a page that loads nothing from the network', () => {
  const svg = run(['map', FIX, '--format', 'svg']).out;
  const html = run(['map', FIX, '--format', 'html']).out;
  assert.ok(html.includes(svg.trim()), 'the SVG is inline');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  assert.doesNotMatch(html, /<script|(src|href)\s*=\s*["']?(https?:)?\/\//i);
});

test('the drawing stays well-formed and complete for the examples and for a /16 with 200 subnets', () => {
  const ex = ['examples/eksctl', 'examples/cloudformation', 'examples/terraform'];
  assertDrawingCarries(run(['map', ...ex, '--format', 'svg']).out, JSON.parse(run(['map', ...ex]).out) as Json);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-map-'));
  try {
    const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  Vpc:', '    Type: AWS::EC2::VPC'];
    lines.push('    Properties:', '      CidrBlock: 10.0.0.0/16');
    for (let i = 0; i < 200; i++) {
      // Every fourth /24 is left free, and a few /28s sit in the free space.
      const third = Math.floor(i / 3) * 4 + (i % 3);
      const cidr = i < 190 ? `10.0.${third}.0/24` : `10.0.255.${(i - 190) * 16}/28`;
      lines.push(`  Subnet${i}:`, '    Type: AWS::EC2::Subnet', '    Properties:', '      VpcId: !Ref Vpc');
      lines.push(`      CidrBlock: ${cidr}`, `      AvailabilityZone: us-east-1${'abc'[i % 3]}`);
    }
    fs.writeFileSync(path.join(dir, 'vpc.yaml'), lines.join('\n') + '\n');
    const json = JSON.parse(run(['map', dir]).out) as Json;
    assert.equal(json.vpcs[0].subnets.length, 200);
    const svg = run(['map', dir, '--format', 'svg']).out;
    assertDrawingCarries(svg, json);
    // Readable: the /24s are wide enough to be labelled in place, and the page stays a few screens tall.
    const labels = elements(parseXml(svg), (e) => e.name === 'text').map((e) => e.text);
    assert.ok(labels.includes('10.0.0.0/24') && labels.includes('Subnet0'));
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    assert.ok(height < 4000, `height ${height}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('map rejects an unknown format with exit code 2', () => {
  const r = run(['map', FIX, '--format', 'png']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown format "png" for map/);
});

test("the README's picture is what `eksnet map examples/eksctl --format svg` draws today", () => {
  // The picture is regenerated by hand (README says how); this says when it has gone stale.
  const r = run(['map', 'examples/eksctl', '--format', 'svg']);
  assert.equal(r.code, 0, r.err);
  const committed = fs.readFileSync(path.join(REPO, 'docs', 'address-map.svg'), 'utf8');
  assert.equal(r.out.trimEnd(), committed.trimEnd(), 'docs/address-map.svg is stale: regenerate it as README says');
});
