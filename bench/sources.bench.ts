import { performance } from 'node:perf_hooks';
import { Engine } from '../server/src/engine';
import { initHcl } from '../server/src/parsers/hcl';
import { cloudformationJson, cloudformationYaml, eksctlConfig, terraformModule } from './inputs';

/**
 * The engine on large inputs of every source format (bench/inputs.ts): a cold load (setFile of
 * every file, then analyze), a one-character edit in one file followed by analyze (what a
 * keystroke costs before the server converts diagnostics), and hovers. Prints one line per figure;
 * docs/performance.md records them.
 */

interface Case {
  name: string;
  files: Map<string, string>;
  /** The file a keystroke edits and the text just before the edited character. */
  edit: { file: string; after: string };
  hovers: { file: string; at: string }[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function ms(x: number): string {
  return `${x.toFixed(1)} ms`;
}

function load(files: Map<string, string>): Engine {
  const e = new Engine();
  for (const [id, text] of files) e.setFile(id, text);
  e.analyze();
  return e;
}

function run(c: Case): void {
  const kib = [...c.files.values()].reduce((n, t) => n + t.length, 0) / 1024;
  console.log(`${c.name} (${c.files.size} files, ${kib.toFixed(0)} KiB):`);
  let t = performance.now();
  const engine = load(c.files);
  const first = performance.now() - t;
  const findings = engine.analyze().findings.length;
  const loads: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    load(c.files);
    loads.push(performance.now() - t);
  }
  console.log(`  cold setFile + analyze (first):      ${ms(first)} (${findings} findings)`);
  console.log(`  setFile + analyze, new engine:       ${ms(median(loads))} (median of 3)`);

  // A keystroke: one character in the middle of one file, alternating between two texts so that
  // every setFile is a real change.
  const original = c.files.get(c.edit.file)!;
  const at = original.indexOf(c.edit.after) + c.edit.after.length;
  if (at < c.edit.after.length) throw new Error(`${c.name}: edit anchor not found`);
  const edited = original.slice(0, at) + (original[at] === 'x' ? 'y' : 'x') + original.slice(at + 1);
  const edits: number[] = [];
  for (let i = 0; i < 9; i++) {
    t = performance.now();
    engine.setFile(c.edit.file, i % 2 === 0 ? edited : original);
    engine.analyze();
    edits.push(performance.now() - t);
  }
  console.log(`  one-character edit + analyze:        ${ms(median(edits))} (median of 9)`);

  for (const h of c.hovers) {
    const text = c.files.get(h.file)!;
    const offset = text.indexOf(h.at);
    if (offset < 0) throw new Error(`${c.name}: hover anchor ${h.at} not found`);
    const times: number[] = [];
    let answered = false;
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      answered = !!engine.hover(h.file, offset + 1);
      times.push(performance.now() - t);
    }
    console.log(
      `  hover at ${JSON.stringify(h.at)}: ${' '.repeat(Math.max(0, 22 - h.at.length))}${ms(median(times))} (median of 5${answered ? '' : ', no hover'})`,
    );
  }
}

async function main(): Promise<void> {
  if (!(await initHcl())) throw new Error('tree-sitter did not load');
  const tf = terraformModule('/ws/terraform');
  const cfnYaml = cloudformationYaml();
  const cfnJson = cloudformationJson();
  const eksctl = eksctlConfig();
  const tfHovers = [
    { file: '/ws/terraform/tier-3.tf', at: 'cidrsubnet(var.vpc_cidr, 8, 54' },
    { file: '/ws/terraform/tier-3.tf', at: 'aws_subnet.tier18_pods' },
    { file: '/ws/terraform/locals.tf', at: 'cidrsubnet(var.pod_cidr, 8, 30' },
  ];
  const tfEdit = { file: '/ws/terraform/tier-3.tf', after: 'node_group_name = "tier1' };
  const cfnHovers = (file: string) => [
    { file, at: '"Subnet060": {' },
    { file, at: '"Fn::Cidr"' },
  ];
  const cases: Case[] = [
    { name: 'terraform root module', files: tf, edit: tfEdit, hovers: tfHovers },
    {
      name: 'cloudformation YAML template',
      files: new Map([['/ws/cfn/vpc.yaml', cfnYaml]]),
      edit: { file: '/ws/cfn/vpc.yaml', after: '${AWS::StackName}-subnet-06' },
      hovers: [
        { file: '/ws/cfn/vpc.yaml', at: '!Select [60, !Cidr' },
        { file: '/ws/cfn/vpc.yaml', at: 'Subnet060:' },
      ],
    },
    {
      name: 'cloudformation JSON template',
      files: new Map([['/ws/cfn/vpc.json', cfnJson]]),
      edit: { file: '/ws/cfn/vpc.json', after: '${AWS::StackName}-subnet-06' },
      hovers: cfnHovers('/ws/cfn/vpc.json'),
    },
    {
      name: 'eksctl config, 200 node groups',
      files: new Map([['/ws/eksctl/cluster.yaml', eksctl]]),
      edit: { file: '/ws/eksctl/cluster.yaml', after: 'name: ng-100\n    instanceTypes: [' },
      hovers: [
        { file: '/ws/eksctl/cluster.yaml', at: 'm5.large' },
        { file: '/ws/eksctl/cluster.yaml', at: '10.40.64.0/19' },
      ],
    },
  ];
  const all = new Map<string, string>([
    ...tf,
    ['/ws/cfn/vpc.yaml', cfnYaml],
    ['/ws/cfn/vpc.json', cfnJson],
    ['/ws/eksctl/cluster.yaml', eksctl],
  ]);
  cases.push({
    name: 'workspace of all of them, Terraform edit',
    files: all,
    edit: tfEdit,
    hovers: tfHovers.slice(0, 1),
  });
  cases.push({ name: 'workspace of all of them, eksctl edit', files: all, edit: cases[3].edit, hovers: [] });
  for (const c of cases) run(c);
}

void main();
