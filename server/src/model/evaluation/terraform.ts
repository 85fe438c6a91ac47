import type { SourceFile } from '../sourceFile';
import type { Problem } from '../../base/problem';
import type { Expr } from '../../parsers/hclAst';
import { attr } from '../../parsers/hclAst';
import { evaluate, type Env } from '../../evaluators/terraform/evaluate';
import { TfModule, type ModuleHost, type TfFile } from '../../evaluators/terraform/module';
import { exprPath, siteAt, type HclSite } from '../../evaluators/terraform/locate';
import { asString, type TfValue } from '../../evaluators/terraform/values';
import { isVpcModule, vpcModuleOutputs } from '../builders/terraformVpcModule';
import { isEksModule } from '../builders/terraformEksSource';
import {
  dirOf,
  isAutoVars,
  isInstalled,
  isTf,
  joinDir,
  layoutOf,
  layoutPlan,
  sameFiles,
  type Layout,
  type LayoutPlan,
} from './terraformFolders';
import { autoVarsOrder } from '../builders/terraformVarFiles';
import { memoOn } from '../../base/memo';
import type { EvaluatedAt, EvaluatorService, WorkspaceView } from './service';

/**
 * The Terraform evaluator service. Evaluation is per module: a folder's .tf files plus
 * terraform.tfvars / *.auto.tfvars and the `terraformVarFiles` setting. A root folder's evaluation is
 * cached on this service (so on its Engine) by the identity of the folder's SourceFile objects (the
 * engine replaces a SourceFile when its text changes), so a keystroke in one .tf re-evaluates only
 * that folder. Folders called as local modules are evaluated only as children, with the caller's inputs.
 */
export interface TerraformEvaluation {
  dir: string;
  /** The folder's Terraform files (.tf, .tf.json, .tfvars), sorted by name. */
  files: SourceFile[];
  module: TfModule;
  /** Local module folders the evaluation read, with the files they had. */
  deps: Map<string, SourceFile[]>;
  /** The root's `.terraform/modules/modules.json` when the evaluation read one (installed modules). */
  manifest?: SourceFile;
  /** The `terraformVarFiles` setting and the files it named when the module was evaluated. */
  varPatterns: string;
  varFiles: SourceFile[];
  /** True once every local is evaluated and the module's problems are on its files (`settle`). */
  settled: boolean;
}

/** Roots of references worth showing even when their value is not a CIDR. */
const REF_ROOTS = new Set(['var', 'local', 'module', 'data', 'count', 'each']);

/** What a test may count: the workspace groupings a service computes (one per analysis or request). */
export interface TerraformProbe {
  grouped?(): void;
}

const LAYOUT = Symbol('terraform layout');

/**
 * How many root folders keep their whole evaluation (every value it computed). A keystroke
 * re-evaluates its own folder, and a hover reads the evaluation of its file's; the others are kept
 * only as what the builder read from them (`reads`). All of a 10,000-file workspace's evaluations
 * took about 30 MB (docs/performance.md).
 */
const ROOTS_KEPT = 16;

export class TerraformService implements EvaluatorService<TfValue> {
  readonly name = 'terraform';
  /** Root folder → its evaluation, for the ROOTS_KEPT most recently used; replaced when inputs change. */
  private readonly roots = new Map<string, TerraformEvaluation>();
  /**
   * Root folder → what its last evaluation read and what `readRoot` made of it, kept after the
   * evaluation goes: an analysis that regroups the workspace asks every folder again, and gets its
   * fragments from here without evaluating anything while no input changed.
   */
  private readonly reads = new Map<string, { inputs: EvaluationInputs; values: Map<symbol, unknown> }>();
  /** The grouping of the last view, kept while the view's `structure` stays the same. */
  private plan: { structure: object; patterns: string; plan: LayoutPlan } | undefined;

  constructor(private readonly probe: TerraformProbe = {}) {}

  /**
   * What `read` (the builder's model mapping) makes of a folder evaluated as a root module, computed
   * once per evaluation: the evaluation is cached until the folder's files, its local modules' files
   * or its var files change. Undefined when the folder has no Terraform or another folder calls it as
   * a local module (then it is evaluated only as that call's child). The module's problems go on its
   * files after the first read, so that they include what reading the resources found.
   */
  readRoot<T>(ws: WorkspaceView, dir: string, key: symbol, read: (ev: TerraformEvaluation) => T): T | undefined {
    const layout = this.layout(ws);
    if (!layout.group(dir) || layout.called.has(dir)) return undefined;
    const kept = this.reads.get(dir);
    const valid = kept !== undefined && current(layout, dir, kept.inputs);
    if (valid && kept.values.has(key)) return kept.values.get(key) as T;
    const ev = this.evaluation(layout, dir);
    if (!ev) return undefined;
    const value = memoOn(ev, key, () => settle(ev, read(ev)));
    if (valid) kept.values.set(key, value);
    else this.reads.set(dir, { inputs: inputsOf(ev), values: new Map([[key, value]]) });
    return value;
  }

  /**
   * The files a root folder's evaluation read: its own, its local modules' and its var files (ids).
   * Empty for a folder evaluated only as another's child.
   */
  rootInputs(ws: WorkspaceView, dir: string): string[] {
    const layout = this.layout(ws);
    if (!layout.group(dir) || layout.called.has(dir)) return [];
    const kept = this.reads.get(dir)?.inputs;
    const ev = kept && current(layout, dir, kept) ? kept : this.evaluation(layout, dir);
    if (!ev) return [];
    const out = ev.files.map((f) => f.id);
    for (const fs of ev.deps.values()) for (const f of fs) out.push(f.id);
    for (const f of ev.varFiles) out.push(f.id);
    const manifest = layout.manifest(dir);
    if (manifest) out.push(manifest.id);
    return out;
  }

  /**
   * Every evaluation of a file's folder: the folder as a root module, or, when other folders call it
   * as a local module, each call's child (with that caller's inputs), because a child folder alone has
   * no values for its variables.
   */
  modulesOf(ws: WorkspaceView, fileId: string): TfModule[] {
    const dir = dirOf(fileId);
    const layout = this.layout(ws);
    const { called } = layout;
    if (!layout.group(dir)) return [];
    if (!called.has(dir)) {
      const ev = this.evaluation(layout, dir);
      return ev ? [settle(ev, ev).module] : [];
    }
    const out: TfModule[] = [];
    const walk = (m: TfModule) => {
      for (const c of m.children.values()) {
        if (c.dir === dir) out.push(c);
        else walk(c);
      }
    };
    for (const d of layout.dirs()) {
      if (called.has(d)) continue;
      // A root whose last evaluation, still current, read no file of this folder does not call it:
      // only the roots that do are evaluated again (the others' evaluations may have gone).
      const kept = this.reads.get(d)?.inputs;
      if (kept && !kept.deps.has(dir) && current(layout, d, kept)) continue;
      const ev = this.evaluation(layout, d);
      if (ev) walk(settle(ev, ev).module);
    }
    return out;
  }

  /**
   * The workspace's folders, worked out once per view (the view's files do not change while it is
   * in use), and kept across views while their `structure` is the same (no file came or went, no
   * module call changed). Folders that no longer hold Terraform (deleted, or renamed away) drop
   * their evaluation.
   */
  private layout(ws: WorkspaceView): Layout {
    return memoOn(ws, LAYOUT, () => {
      const patterns = ws.settings.terraformVarFiles ?? [];
      const key = JSON.stringify(patterns);
      const kept = this.plan;
      if (kept && ws.structure !== undefined && kept.structure === ws.structure && kept.patterns === key)
        return layoutOf(kept.plan, ws.files);
      this.probe.grouped?.();
      const plan = layoutPlan(ws.files, patterns);
      if (ws.structure !== undefined) this.plan = { structure: ws.structure, patterns: key, plan };
      for (const d of this.roots.keys()) if (!plan.groups.has(d)) this.roots.delete(d);
      for (const d of this.reads.keys()) if (!plan.groups.has(d)) this.reads.delete(d);
      return layoutOf(plan, ws.files);
    });
  }

  *valuesAt(ws: WorkspaceView, file: SourceFile, offset: number): Iterable<EvaluatedAt<TfValue>> {
    // .tf.json is converted into the same AST with spans mapped back into the JSON text.
    if (!isTf(file)) return;
    const site = file.hcl && siteAt(file.hcl.body, offset);
    if (!site?.attribute || !site.blocks.length) return;
    const modules = this.modulesOf(ws, file.id);
    const evals = modules.flatMap((m) => evaluations(m, site, file.id, modules.length > 1));
    if (!evals.length) return;
    const path = site.onName ? [site.attribute.expr] : exprPath(site.attribute.expr, offset);
    for (let i = path.length - 1; i >= 0; i--) {
      const e = path[i];
      if (!worthEvaluating(e)) continue;
      const values = evals.map((x) => ({ label: x.label, value: evaluate(e, x.env) }));
      yield { span: e.span, values, reference: isReference(e) };
    }
  }

  private evaluation(layout: Layout, dir: string): TerraformEvaluation | undefined {
    const own = layout.group(dir);
    if (!own) return undefined;
    const hit = this.roots.get(dir);
    const ev =
      hit && current(layout, dir, hit)
        ? hit
        : evaluateFolder(dir, own, layout, layout.varFiles(dir), layout.varPatterns);
    // Most recently used last; beyond ROOTS_KEPT the oldest go (their reads stay in `reads`).
    this.roots.delete(dir);
    this.roots.set(dir, ev);
    if (this.roots.size > ROOTS_KEPT) this.roots.delete(this.roots.keys().next().value!);
    return ev;
  }
}

/** What a root folder's evaluation read: kept with its results after the evaluation itself goes. */
type EvaluationInputs = Pick<TerraformEvaluation, 'files' | 'deps' | 'varPatterns' | 'varFiles' | 'manifest'>;

function inputsOf(ev: TerraformEvaluation): EvaluationInputs {
  const { files, deps, varPatterns, varFiles, manifest } = ev;
  return { files, deps, varPatterns, varFiles, manifest };
}

/** Whether what an evaluation read is still what the workspace has (the same SourceFile objects). */
function current(layout: Layout, dir: string, x: EvaluationInputs): boolean {
  return (
    sameFiles(layout.group(dir) ?? [], x.files) &&
    [...x.deps].every(([d, fs]) => sameFiles(fs, layout.group(d))) &&
    x.varPatterns === layout.varPatterns &&
    sameFiles(layout.varFiles(dir), x.varFiles) &&
    x.manifest === layout.manifest(dir)
  );
}

function toTfFile(f: SourceFile): TfFile {
  return { id: f.id, body: f.hcl!.body, text: f.text };
}

function evaluateFolder(
  dir: string,
  own: SourceFile[],
  layout: Layout,
  varFiles: SourceFile[],
  varPatterns: string,
): TerraformEvaluation {
  const deps = new Map<string, SourceFile[]>();
  const host: ModuleHost = {
    registryOutputs: (mod, call, env) => {
      const src = attr(call.block.body, 'source');
      const s = src ? asString(evaluate(src.expr, env)) : undefined;
      return s && isVpcModule(s) ? vpcModuleOutputs(mod, call, env) : undefined;
    },
    localFiles: (from, source, key) => {
      let d: string | undefined;
      if (source.startsWith('./') || source.startsWith('../')) d = joinDir(from, source);
      // The terraform-aws-modules eksnet knows are read from that knowledge (inputs located in the
      // caller, fixes there), installed or not; any other source from the folder init installed.
      else if (!isVpcModule(source) && !isEksModule(source)) d = installedDir(dir, manifest, key);
      const fs = d === undefined ? undefined : layout.group(d);
      if (!fs || d === undefined) return undefined;
      deps.set(d, fs);
      return { dir: d, files: fs.filter(isTf).map(toTfFile) };
    },
  };
  const manifest = layout.manifest(dir);
  const tfvars = [...autoVarsOrder(own.filter(isAutoVars)), ...varFiles].map(toTfFile);
  const module = new TfModule(dir, own.filter(isTf).map(toTfFile), host, '', undefined, tfvars);
  return { dir, files: own, module, deps, varPatterns, varFiles, settled: false, manifest };
}

const MODULES = Symbol('modules.json entries');

/**
 * The folder `terraform init` installed the module with this key in, from the root's modules.json
 * (`{"Modules": [{"Key", "Source", "Dir"}]}`, Dir relative to the root). Only folders inside
 * `.terraform/modules/` count: a local module is read from its own folder.
 */
function installedDir(root: string, manifest: SourceFile | undefined, key: string): string | undefined {
  if (!manifest) return undefined;
  const entries = memoOn(manifest, MODULES, () => {
    const out = new Map<string, string>();
    try {
      const parsed = JSON.parse(manifest.text) as { Modules?: { Key?: unknown; Dir?: unknown }[] };
      for (const m of Array.isArray(parsed.Modules) ? parsed.Modules : [])
        if (m && typeof m.Key === 'string' && typeof m.Dir === 'string') out.set(m.Key, m.Dir);
    } catch {
      // A broken manifest installs nothing eksnet can follow; the calls stay unevaluated.
    }
    return out;
  });
  const rel = entries.get(key);
  if (rel === undefined) return undefined;
  const d = joinDir(root, rel);
  return isInstalled(d) ? d : undefined;
}

/**
 * Finishes an evaluation once: every local is evaluated so that a cycle is reported even when
 * nothing uses it, and each file's problems become its parse problems plus the module's problems
 * located in it. Returns `result` unchanged.
 */
function settle<T>(ev: TerraformEvaluation, result: T): T {
  if (ev.settled) return result;
  ev.settled = true;
  for (const name of ev.module.locals.keys()) ev.module.local(name);
  const byFile = new Map<string, Problem[]>();
  for (const x of ev.module.problems) {
    const list = byFile.get(x.file) ?? [];
    if (!list.length) byFile.set(x.file, list);
    list.push({ message: x.message, span: x.span, severity: x.severity ?? 'error' });
  }
  for (const f of ev.files) {
    if (!f.hcl) continue;
    f.problems = [...f.hcl.problems, ...(byFile.get(f.id) ?? [])];
  }
  return result;
}

/** How the block around the attribute is evaluated: once, or once per resource instance. */
function evaluations(mod: TfModule, site: HclSite, file: string, named: boolean): { label?: string; env: Env }[] {
  const top = site.blocks[0];
  const labels = top.labels.map((l) => l.value);
  const prefix = named && mod.prefix ? mod.prefix.slice(0, -1) : undefined;
  if ((top.type === 'resource' || top.type === 'data') && labels.length >= 2) {
    // Inside a `dynamic` block the content refers to an iterator this service does not bind.
    if (site.blocks.some((b) => b.type === 'dynamic')) return [];
    const key = top.type === 'data' ? `data.${labels[0]}.${labels[1]}` : `${labels[0]}.${labels[1]}`;
    const insts = mod.instances(key);
    if (!insts) return [];
    const counted = top.body.attributes.some((a) => a.name === 'count' || a.name === 'for_each');
    return insts.map((i) => ({ label: counted || named ? i.address : undefined, env: i.env }));
  }
  if (['locals', 'output', 'variable', 'module'].includes(top.type)) return [{ label: prefix, env: mod.env(file) }];
  return [];
}

function worthEvaluating(e: Expr): boolean {
  if (e.t === 'lit' || e.t === 'splatItem' || e.t === 'bad' || e.t === 'var') return false;
  if (e.t === 'tpl') return e.parts.some((p) => typeof p !== 'string');
  return true;
}

/** `var.x`, `local.x[0]`, `module.vpc.private_subnets[*]`, `aws_subnet.a.cidr_block`. */
function isReference(e: Expr): boolean {
  let cur: Expr = e;
  for (;;) {
    if (cur.t === 'attr' || cur.t === 'index') cur = cur.obj;
    else if (cur.t === 'splat') cur = cur.obj;
    else break;
  }
  return cur !== e && cur.t === 'var' && (REF_ROOTS.has(cur.name) || /^aws_/.test(cur.name));
}
