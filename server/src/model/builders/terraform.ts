import type { Builder } from './builder';
import type { SourceFile } from '../sourceFile';
import { emptyModel, type NetworkModel } from '../types';
import { parseHcl, hclReady, hclLoadFailure, type ParsedHcl } from '../../parsers/hcl';
import { parseHclJson } from '../../parsers/hclJson';
import type { Problem } from '../../base/problem';
import { attr } from '../../parsers/hclAst';
import { evaluate } from '../../evaluators/terraform/evaluate';
import { TfModule, type ModuleHost, type TfFile } from '../../evaluators/terraform/module';
import { asString } from '../../evaluators/terraform/values';
import { modelFromModule } from './terraformResources';
import { isVpcModule, vpcModuleModel, vpcModuleOutputs } from './terraformVpcModule';
import { eksAddonResources } from './terraformAddon';
import { eksModuleModel, isEksModule } from './terraformEksModule';
import { autoVarsOrder, settingVarFiles } from './terraformVarFiles';
import { pushAll } from '../../base/arrays';

/**
 * Terraform. `file` parses one .tf/.tfvars file (syntax problems only); evaluation needs every
 * file of the folder (one module), so it happens in `refine`: the folder is evaluated once per
 * analysis and each file gets the model items declared in it. The evaluated module is cached by the
 * identity of the folder's SourceFile objects (the engine replaces a SourceFile when its text
 * changes), so a keystroke in one .tf re-evaluates only that folder.
 */
const KEY = 'terraform';

interface ParsedEntry {
  parsed: ParsedHcl;
  parseProblems: Problem[];
}

interface ModuleEntry {
  files: SourceFile[];
  deps: Map<string, SourceFile[]>;
  /** The `terraformVarFiles` setting and the files it named when the module was evaluated. */
  varPatterns: string;
  varFiles: SourceFile[];
  module: TfModule;
  byFile: Map<string, NetworkModel>;
}

/** Per workspace (the engine's file map), per folder: the evaluated module. */
const cache = new WeakMap<ReadonlyMap<string, SourceFile>, Map<string, ModuleEntry>>();

export function dirOf(id: string): string {
  const i = Math.max(id.lastIndexOf('/'), id.lastIndexOf('\\'));
  return i < 0 ? '' : id.slice(0, i);
}

function baseOf(id: string): string {
  return id.slice(dirOf(id).length + (dirOf(id) ? 1 : 0));
}

function parsedOf(f: SourceFile): ParsedEntry | undefined {
  return f.extra.get(KEY) as ParsedEntry | undefined;
}

/** Native (.tf) and JSON (.tf.json) syntax: both parse into the same AST (parsers/hclJson.ts). */
function isHclSyntax(f: SourceFile): boolean {
  return f.syntax === 'hcl' || f.syntax === 'hcl-json';
}

function isTf(f: SourceFile): boolean {
  return isHclSyntax(f) && /\.tf(\.json)?$/i.test(f.id) && !!parsedOf(f);
}

function isAutoVars(f: SourceFile): boolean {
  const b = baseOf(f.id).toLowerCase();
  return isHclSyntax(f) && !!parsedOf(f) && /^terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/.test(b);
}

/** Joins a module source path onto a folder id (paths or URIs), resolving `.` and `..`. */
export function joinDir(dir: string, rel: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const parts = dir.split(/[\\/]/);
  for (const p of rel.split(/[\\/]/)) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join(sep);
}

function folders(files: ReadonlyMap<string, SourceFile>): Map<string, SourceFile[]> {
  const out = new Map<string, SourceFile[]>();
  for (const f of files.values()) {
    if (!isHclSyntax(f) || !parsedOf(f)) continue;
    const d = dirOf(f.id);
    let l = out.get(d);
    if (!l) out.set(d, (l = []));
    l.push(f);
  }
  for (const l of out.values()) l.sort((a, b) => (baseOf(a.id) < baseOf(b.id) ? -1 : 1));
  return out;
}

function sameFiles(a: SourceFile[], b: SourceFile[] | undefined): boolean {
  return !!b && a.length === b.length && a.every((f, i) => f === b[i]);
}

function toTfFile(f: SourceFile): TfFile {
  return { id: f.id, body: parsedOf(f)!.parsed.body, text: f.text };
}

/** Folders other folders call as local modules: they are evaluated as children, not as roots. */
function calledFolders(groups: Map<string, SourceFile[]>): Set<string> {
  const calls = new Map<string, Set<string>>();
  for (const [dir, fs] of groups) {
    const to = new Set<string>();
    calls.set(dir, to);
    for (const f of fs) {
      for (const b of parsedOf(f)!.parsed.body.blocks) {
        if (b.type !== 'module') continue;
        const src = attr(b.body, 'source');
        const s = src?.expr.t === 'lit' ? src.expr.value : undefined;
        if (typeof s === 'string' && (s.startsWith('./') || s.startsWith('../'))) to.add(joinDir(dir, s));
      }
    }
  }
  // A folder that calls itself, or calls a folder that calls it back, is no one's child: it is
  // evaluated as a root so that the cycle is reported (TfModule.reportCycle) instead of nothing.
  const reaches = (from: string, target: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const d = stack.pop()!;
      if (d === target) return true;
      if (seen.has(d)) continue;
      seen.add(d);
      for (const n of calls.get(d) ?? []) stack.push(n);
    }
    return false;
  };
  const out = new Set<string>();
  for (const [dir, to] of calls) for (const t of to) if (t !== dir && !reaches(t, dir)) out.add(t);
  return out;
}

function evaluateFolder(
  dir: string,
  own: SourceFile[],
  groups: Map<string, SourceFile[]>,
  varFiles: SourceFile[],
  varPatterns: string,
): ModuleEntry {
  const deps = new Map<string, SourceFile[]>();
  const host: ModuleHost = {
    registryOutputs: (mod, call, env) => {
      const src = attr(call.block.body, 'source');
      const s = src ? asString(evaluate(src.expr, env)) : undefined;
      return s && isVpcModule(s) ? vpcModuleOutputs(mod, call, env) : undefined;
    },
    localFiles: (from, source) => {
      const d = joinDir(from, source);
      const fs = groups.get(d);
      if (!fs) return undefined;
      deps.set(d, fs);
      return { dir: d, files: fs.filter(isTf).map(toTfFile) };
    },
  };
  const tfvars = [...autoVarsOrder(own.filter(isAutoVars)), ...varFiles].map(toTfFile);
  const module = new TfModule(dir, own.filter(isTf).map(toTfFile), host, '', undefined, tfvars);
  const model = emptyModel();
  const keyOf = (address: string) => `terraform:${dir}#${address}`;
  buildModule(module, keyOf, model);
  // Every local is evaluated so that a cycle is reported even when nothing uses it.
  for (const name of module.locals.keys()) module.local(name);
  // Each item goes into the fragment of the .tf file that declares it; items located elsewhere
  // (a subnet whose CIDR literal sits in terraform.tfvars) go with the folder's first .tf file.
  const tfIds = own.filter(isTf).map((f) => f.id);
  const byFile = new Map<string, NetworkModel>();
  for (const list of Object.keys(model) as (keyof NetworkModel)[]) {
    for (const item of model[list] as { at?: { file: string } }[]) {
      const file = item.at && tfIds.includes(item.at.file) ? item.at.file : tfIds[0];
      if (!file) continue;
      let m = byFile.get(file);
      if (!m) byFile.set(file, (m = emptyModel()));
      (m[list] as unknown[]).push(item);
    }
  }
  for (const f of own) {
    const p = parsedOf(f);
    if (!p) continue;
    f.problems = [
      ...p.parseProblems,
      ...module.problems
        .filter((x) => x.file === f.id)
        .map((x) => ({ message: x.message, span: x.span, severity: x.severity ?? ('error' as const) })),
    ];
  }
  return { files: own, deps, varPatterns, varFiles, module, byFile };
}

function buildModule(mod: TfModule, keyOf: (a: string) => string, out: NetworkModel): void {
  const calls = [...mod.calls].map(([name, call]) => {
    const env = mod.env(call.file);
    const src = attr(call.block.body, 'source');
    return { name, call, env, source: (src ? asString(evaluate(src.expr, env)) : undefined) ?? '' };
  });
  // Subnets come first (vpc modules, then resources), so that clusters and node groups declared
  // anywhere in the folder find the VPC of the subnets they use.
  // A call with count or for_each maps once per instance (`module.vpc[0]`); an unknown count maps nothing.
  const each = (name: string) => mod.callInstances(name) ?? [];
  for (const c of calls)
    if (isVpcModule(c.source)) for (const i of each(c.name)) vpcModuleModel(mod, i.decl, i.env, keyOf, out);
  modelFromModule(mod, keyOf, out);
  eksAddonResources(mod, keyOf, new Set(calls.filter((c) => isEksModule(c.source)).map((c) => c.name)), out);
  for (const c of calls) {
    if (isEksModule(c.source)) for (const i of each(c.name)) eksModuleModel(mod, i.decl, i.env, keyOf, out);
    else if (c.source.startsWith('./') || c.source.startsWith('../'))
      for (const child of mod.childInstances(c.name)) buildModule(child, keyOf, out);
  }
}

/** The evaluated module of a folder (for hovers); undefined when the folder has no Terraform. */
export function terraformModuleOf(
  files: ReadonlyMap<string, SourceFile>,
  fileId: string,
  varFiles: readonly string[] = [],
): TfModule | undefined {
  return moduleEntry(files, dirOf(fileId), varFiles)?.module;
}

/**
 * Every evaluation of a file's folder: the folder as a root module, or, when other folders call it
 * as a local module, each call's child (with that caller's inputs), because a child folder alone has
 * no values for its variables.
 */
export function terraformModulesOf(
  files: ReadonlyMap<string, SourceFile>,
  fileId: string,
  varFiles: readonly string[] = [],
): TfModule[] {
  const dir = dirOf(fileId);
  const groups = folders(files);
  if (!groups.has(dir)) return [];
  const called = calledFolders(groups);
  if (!called.has(dir)) {
    const m = moduleEntry(files, dir, varFiles)?.module;
    return m ? [m] : [];
  }
  const out: TfModule[] = [];
  const walk = (m: TfModule) => {
    for (const c of m.children.values()) {
      if (c.dir === dir) out.push(c);
      else walk(c);
    }
  };
  for (const d of groups.keys()) {
    if (called.has(d)) continue;
    const m = moduleEntry(files, d, varFiles)?.module;
    if (m) walk(m);
  }
  return out;
}

/** The parsed HCL body of a file, when the Terraform builder read it. */
export function hclBodyOf(file: SourceFile): import('../../parsers/hclAst').Body | undefined {
  return parsedOf(file)?.parsed.body;
}

/** A root module folder's evaluation, cached until its files, its local modules' files or its var files change. */
function moduleEntry(
  files: ReadonlyMap<string, SourceFile>,
  dir: string,
  patterns: readonly string[],
): ModuleEntry | undefined {
  let perWs = cache.get(files);
  if (!perWs) cache.set(files, (perWs = new Map()));
  const groups = folders(files);
  const own = groups.get(dir);
  if (!own) return undefined;
  const varPatterns = JSON.stringify(patterns);
  const varFiles = settingVarFiles(dir, patterns, files, (f) => isHclSyntax(f) && !!parsedOf(f));
  const hit = perWs.get(dir);
  if (
    hit &&
    sameFiles(own, hit.files) &&
    [...hit.deps].every(([d, fs]) => sameFiles(fs, groups.get(d))) &&
    hit.varPatterns === varPatterns &&
    sameFiles(varFiles, hit.varFiles)
  )
    return hit;
  const entry = evaluateFolder(dir, own, groups, varFiles, varPatterns);
  perWs.set(dir, entry);
  return entry;
}

export const terraformBuilder: Builder = {
  name: KEY,
  file(file) {
    if (!isHclSyntax(file)) return false;
    const parsed =
      file.syntax === 'hcl' ? parseHcl(file.text) : parseHclJson(file.text, /\.tfvars\.json$/i.test(file.id));
    if (!parsed) {
      // Not loaded yet: Engine.ready() rebuilds the file. Failed to load: say so on every
      // Terraform file, or a broken install would look like a clean workspace.
      const failure = hclLoadFailure();
      if (failure === undefined) return false;
      file.problems.push({
        message: `Terraform files cannot be analysed: the Terraform parser could not be loaded (${failure}).`,
        span: { start: 0, end: 0 },
        severity: 'error',
      });
      return true;
    }
    file.extra.set(KEY, { parsed, parseProblems: parsed.problems } satisfies ParsedEntry);
    pushAll(file.problems, parsed.problems);
    return true;
  },
  refine(file, files, settings) {
    if (!isTf(file)) return undefined;
    const dir = dirOf(file.id);
    const groups = folders(files);
    // A folder another folder calls as a local module is evaluated as that call's child only.
    if (calledFolders(groups).has(dir)) return emptyModel();
    return moduleEntry(files, dir, settings?.terraformVarFiles ?? [])?.byFile.get(file.id) ?? emptyModel();
  },
};

export { hclReady };
