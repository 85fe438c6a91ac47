import { memoOn } from '../../base/memo';
import type { SourceFile } from '../sourceFile';
import { attr } from '../../parsers/hclAst';
import { settingVarFiles, varFileCandidates } from '../builders/terraformVarFiles';

/**
 * How a workspace's Terraform files group into modules: one folder is one module, and a folder that
 * another calls with a local `source = "./x"` is that call's child rather than a root of its own.
 */
export function dirOf(id: string): string {
  const i = Math.max(id.lastIndexOf('/'), id.lastIndexOf('\\'));
  return i < 0 ? '' : id.slice(0, i);
}

export function baseOf(id: string): string {
  return id.slice(dirOf(id).length + (dirOf(id) ? 1 : 0));
}

export function isTf(f: SourceFile): boolean {
  return f.has('hcl') && /\.tf(\.json)?$/i.test(f.id);
}

export function isAutoVars(f: SourceFile): boolean {
  const b = baseOf(f.id).toLowerCase();
  return f.has('hcl') && /^terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/.test(b);
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

export function folders(files: ReadonlyMap<string, SourceFile>): Map<string, SourceFile[]> {
  const out = new Map<string, { base: string; f: SourceFile }[]>();
  for (const f of files.values()) {
    if (!f.has('hcl')) continue;
    const d = dirOf(f.id);
    let l = out.get(d);
    if (!l) out.set(d, (l = []));
    // The base name is cut once per file here, not once per comparison in the sort below.
    l.push({ base: f.id.slice(d.length + (d ? 1 : 0)), f });
  }
  const sorted = new Map<string, SourceFile[]>();
  for (const [d, l] of out)
    sorted.set(
      d,
      l.sort((a, b) => (a.base < b.base ? -1 : 1)).map((x) => x.f),
    );
  return sorted;
}

/**
 * The grouping as one analysis (or editor request) uses it, worked out once for the whole workspace
 * instead of once per .tf file: with it every file's question (which folder, root or child, which
 * var files) is a map read.
 *
 * The grouping itself (which files, by id, make each folder, which folders are called, which var
 * files a root reads) is a `LayoutPlan`, kept from one analysis to the next while no file comes or
 * goes and no module call changes (WorkspaceView.structure); a Layout is the plan looked up in the
 * current files, so the SourceFiles it gives are always the current ones and an edit costs the
 * folders it touches, not a regrouping of the workspace.
 */
export interface Layout {
  /** A folder's Terraform files, sorted by name; undefined for a folder without any. */
  group(dir: string): SourceFile[] | undefined;
  dirs(): Iterable<string>;
  /** Folders other folders call as local modules. */
  called: ReadonlySet<string>;
  /** The `terraformVarFiles` setting as evaluations record it, and the files it names per root folder. */
  varPatterns: string;
  varFiles: (dir: string) => SourceFile[];
  /** A root folder's `.terraform/modules/modules.json`, when `terraform init` wrote one. */
  manifest(dir: string): SourceFile | undefined;
}

/** The grouping by file id, independent of the files' texts (see Layout). */
export interface LayoutPlan {
  groups: Map<string, string[]>;
  called: Set<string>;
  /** Root folder → the id of its `.terraform/modules/modules.json` (what `terraform init` installed). */
  manifests: Map<string, string>;
  varPatterns: string;
  /** Var file ids per root folder, worked out on first use. */
  varFileIds: (dir: string) => string[];
}

export function layoutPlan(files: ReadonlyMap<string, SourceFile>, patterns: readonly string[]): LayoutPlan {
  const groups = folders(files);
  let candidates: ReturnType<typeof varFileCandidates> | undefined;
  const varFiles = new Map<string, string[]>();
  const called = calledFolders(groups);
  // Installed module folders are evaluated only as the children of the calls that installed them.
  for (const d of groups.keys()) if (INSTALLED.test(d)) called.add(d);
  const manifests = new Map<string, string>();
  for (const f of files.values()) {
    const m = MANIFEST.exec(f.id);
    if (m) manifests.set(f.id.slice(0, m.index), f.id);
  }
  return {
    groups: new Map([...groups].map(([d, fs]) => [d, fs.map((f) => f.id)])),
    called,
    manifests,
    varPatterns: JSON.stringify(patterns),
    varFileIds: (dir) => {
      let ids = varFiles.get(dir);
      if (!ids) {
        // Candidates are only looked for when the setting names var files at all.
        if (patterns.length) candidates ??= varFileCandidates(files, (f) => f.has('hcl'));
        ids = candidates ? settingVarFiles(dir, patterns, candidates).map((f) => f.id) : [];
        varFiles.set(dir, ids);
      }
      return ids;
    },
  };
}

/** A folder inside `.terraform/modules/` (paths or URIs, either separator). */
const INSTALLED = /[\\/]\.terraform[\\/]modules([\\/]|$)/;
/** The manifest `terraform init` writes, at the end of an id. */
const MANIFEST = /[\\/]\.terraform[\\/]modules[\\/]modules\.json$/;

export function isInstalled(id: string): boolean {
  return INSTALLED.test(id);
}

/** A plan looked up in the current files. */
export function layoutOf(plan: LayoutPlan, files: ReadonlyMap<string, SourceFile>): Layout {
  const lookup = (ids: readonly string[]) => {
    const out: SourceFile[] = [];
    for (const id of ids) {
      const f = files.get(id);
      if (f) out.push(f);
    }
    return out;
  };
  const groups = new Map<string, SourceFile[]>();
  const varFiles = new Map<string, SourceFile[]>();
  return {
    group(dir) {
      let fs = groups.get(dir);
      if (!fs) {
        const ids = plan.groups.get(dir);
        if (!ids) return undefined;
        groups.set(dir, (fs = lookup(ids)));
      }
      return fs;
    },
    dirs: () => plan.groups.keys(),
    called: plan.called,
    varPatterns: plan.varPatterns,
    manifest: (dir) => {
      const id = plan.manifests.get(dir);
      return id === undefined ? undefined : files.get(id);
    },
    varFiles(dir) {
      let fs = varFiles.get(dir);
      if (!fs) varFiles.set(dir, (fs = lookup(plan.varFileIds(dir))));
      return fs;
    },
  };
}

/**
 * What in a Terraform file decides the workspace's grouping beyond its name: the local module
 * sources it calls. While every file's stays the same (and no file comes or goes), a LayoutPlan
 * stays valid.
 */
export function moduleCalls(f: SourceFile): string {
  return moduleSources(f)
    .map((s) => s ?? '?')
    .join('\n');
}

const MODULE_SOURCES = Symbol('module sources');

/**
 * The `source` of each module block of a file, undefined where it is not a literal string. Kept on
 * the SourceFile (so per text), because the grouping of every analysis reads it for every file and
 * must not make dropped trees again (engine/residency.ts).
 */
function moduleSources(f: SourceFile): readonly (string | undefined)[] {
  if (!f.has('hcl')) return [];
  return memoOn(f, MODULE_SOURCES, () => {
    const out: (string | undefined)[] = [];
    for (const b of f.hcl?.body.blocks ?? []) {
      if (b.type !== 'module') continue;
      const src = attr(b.body, 'source');
      out.push(src?.expr.t === 'lit' && typeof src.expr.value === 'string' ? src.expr.value : undefined);
    }
    return out;
  });
}

export function sameFiles(a: SourceFile[], b: SourceFile[] | undefined): boolean {
  return !!b && a.length === b.length && a.every((f, i) => f === b[i]);
}

/**
 * Folders other folders call as local modules: they are evaluated as children, not as roots. A
 * folder that calls itself, or calls a folder that calls it back, is no one's child: it is evaluated
 * as a root so that the cycle is reported (TfModule.reportCycle) instead of nothing. So a call makes
 * its target a child unless caller and target lie on one cycle, that is, in one strongly connected
 * component of the call graph (Tarjan's algorithm, linear in folders and calls).
 */
export function calledFolders(groups: Map<string, SourceFile[]>): Set<string> {
  const calls = new Map<string, Set<string>>();
  for (const [dir, fs] of groups) {
    const to = new Set<string>();
    calls.set(dir, to);
    for (const f of fs)
      for (const s of moduleSources(f)) if (s?.startsWith('./') || s?.startsWith('../')) to.add(joinDir(dir, s));
  }
  const component = components(calls);
  const out = new Set<string>();
  for (const [dir, to] of calls) for (const t of to) if (component.get(t) !== component.get(dir)) out.add(t);
  return out;
}

/** The strongly connected component of every node of a graph (iterative Tarjan). */
function components(edges: Map<string, Set<string>>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let next = 0;
  let count = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; it: Iterator<string> }[] = [];
    const open = (node: string) => {
      index.set(node, next);
      low.set(node, next++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, it: (edges.get(node) ?? new Set<string>()).values() });
    };
    open(root);
    while (work.length) {
      const top = work[work.length - 1];
      const step = top.it.next();
      if (!step.done) {
        const n = step.value;
        if (!index.has(n)) open(n);
        else if (onStack.has(n)) low.set(top.node, Math.min(low.get(top.node)!, index.get(n)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.set(n, count);
        } while (n !== top.node);
        count++;
      }
    }
  }
  return component;
}
