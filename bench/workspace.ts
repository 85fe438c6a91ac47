import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rng, vpcBase } from './workspaceCommon';
import { terraformModule } from './workspaceTerraform';
import { application, awsNodeCniPatch, cloudformationTemplate, eksctlConfig, eniConfigs } from './workspaceYaml';

/**
 * A generated workspace of the kind the workspace-scale benchmarks time: per 1,000 files, 100
 * Terraform root modules of four files each (VPC, subnets and route tables, EKS cluster and node
 * group, variables), 200 CloudFormation VPC templates, 300 Kubernetes manifests (aws-node DaemonSet
 * patches, ENIConfigs, ordinary applications) and eksctl configs for the rest. Each VPC gets its own
 * /20 of 10.0.0.0/8, so the workspace's findings are the few deliberate mistakes (a missing ELB tag,
 * DNS hostnames off, an unknown instance type...) rather than every VPC overlapping every other.
 * Deterministic: the same size and seed write the same bytes.
 */

export interface WorkspaceSpec {
  files: number;
  seed?: number;
}

/** Where a benchmark edits a Terraform file: a subnet CIDR that one character makes overlap its neighbour. */
export interface TfEditTarget {
  file: string;
  /** The text before the edit and the text it becomes: same length, one character apart. */
  from: string;
  to: string;
}

export interface GeneratedWorkspace {
  root: string;
  files: number;
  bytes: number;
  /** The top-level folders, each under the default `eksnet.maxFiles` (5,000) at up to 10,000 files. */
  groups: string[];
  tfEdit: TfEditTarget;
}

/** How many files of each kind a workspace of `n` files holds (per 1,000: 100 modules × 4, 200, 300, rest eksctl). */
export function mix(n: number): { modules: number; cfn: number; k8s: number; eksctl: number } {
  const modules = Math.floor(n / 10);
  const cfn = Math.floor(n / 5);
  const k8s = Math.floor((n * 3) / 10);
  return { modules, cfn, k8s, eksctl: Math.max(0, n - modules * 4 - cfn - k8s) };
}

/** Every file of the workspace as a path relative to its root, in a fixed order. */
export function workspaceFiles(spec: WorkspaceSpec): Map<string, string> {
  const r = rng(spec.seed ?? 1);
  const m = mix(spec.files);
  const files = new Map<string, string>();
  let vpc = 0;
  for (let i = 0; i < m.modules; i++) {
    const dir = `terraform/svc-${String(i).padStart(4, '0')}`;
    for (const [f, text] of terraformModule(i, vpc++, r)) files.set(`${dir}/${f}`, text);
  }
  for (let i = 0; i < m.cfn; i++) {
    files.set(`cloudformation/stack-${String(i).padStart(4, '0')}.yaml`, cloudformationTemplate(i, vpc++, r));
  }
  for (let i = 0; i < m.k8s; i++) {
    const kind = i % 10;
    const dir = `kubernetes/cluster-${String(Math.floor(i / 10)).padStart(4, '0')}`;
    if (kind === 0) files.set(`${dir}/aws-node-patch.yaml`, awsNodeCniPatch(i, r));
    else if (kind === 1 || kind === 2) files.set(`${dir}/eniconfigs-${kind}.yaml`, eniConfigs(i));
    else files.set(`${dir}/app-${kind}.yaml`, application(i, r));
  }
  for (let i = 0; i < m.eksctl; i++) {
    files.set(`eksctl/cluster-${String(i).padStart(4, '0')}.yaml`, eksctlConfig(i, vpc++, r));
  }
  return files;
}

/**
 * The Terraform edit the keystroke benchmarks make: in a module near the middle of the workspace,
 * zone 1's private subnet moves onto zone 0's (`10.b.6.0/23` -> `10.b.4.0/23`), which adds an
 * overlap finding; undoing it removes the finding. Modules whose VPC starts at 10.b.0.0 (every
 * 16th) make this a one-character edit.
 */
export function tfEditTarget(root: string, n: number): TfEditTarget {
  const i = Math.floor(mix(n).modules / 2 / 16) * 16;
  const { b, c } = vpcBase(i);
  return {
    file: path.join(root, 'terraform', `svc-${String(i).padStart(4, '0')}`, 'network.tf'),
    from: `"10.${b}.${c + 6}.0/23"`,
    to: `"10.${b}.${c + 4}.0/23"`,
  };
}

/**
 * Writes the workspace under `root` and returns what the benchmarks need to know. A stamp file
 * holds the hash of everything written, so an unchanged workspace is not rewritten (benchmarks run
 * one after another reuse it). The one-character edit is checked here so that a change to the
 * generator cannot silently make the keystroke benchmarks edit nothing.
 */
export function writeWorkspace(root: string, spec: WorkspaceSpec): GeneratedWorkspace {
  const files = workspaceFiles(spec);
  const hash = createHash('sha256');
  let bytes = 0;
  for (const [rel, text] of files) {
    hash.update(`${rel}\0${text}\0`);
    bytes += Buffer.byteLength(text);
  }
  const digest = hash.digest('hex');
  const stamp = path.join(root, '.generated');
  let current = '';
  try {
    current = fs.readFileSync(stamp, 'utf8');
  } catch {
    // Not generated yet.
  }
  if (current !== digest) {
    fs.rmSync(root, { recursive: true, force: true });
    const dirs = new Set<string>();
    for (const [rel, text] of files) {
      const abs = path.join(root, rel);
      const dir = path.dirname(abs);
      if (!dirs.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        dirs.add(dir);
      }
      fs.writeFileSync(abs, text);
    }
    fs.writeFileSync(stamp, digest);
  }
  const tfEdit = tfEditTarget(root, spec.files);
  const text = files.get(path.relative(root, tfEdit.file).split(path.sep).join('/')) ?? '';
  const diff = [...tfEdit.from].filter((ch, j) => ch !== tfEdit.to[j]).length;
  if (!text.includes(tfEdit.from) || tfEdit.from.length !== tfEdit.to.length || diff !== 1) {
    throw new Error(`generated workspace: the Terraform edit ${tfEdit.from} -> ${tfEdit.to} is not one character`);
  }
  const groups = [...new Set([...files.keys()].map((f) => f.split('/')[0]))].map((g) => path.join(root, g));
  return { root, files: files.size, bytes, groups, tfEdit };
}

/** The default place for generated workspaces: .cache/bench/ws-<n> in the repository (gitignored). */
export function workspaceDir(repo: string, n: number, seed = 1): string {
  return path.join(repo, '.cache', 'bench', `ws-${n}${seed === 1 ? '' : `-s${seed}`}`);
}
