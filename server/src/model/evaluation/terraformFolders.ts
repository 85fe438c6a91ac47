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
  return !!f.hcl && /\.tf(\.json)?$/i.test(f.id);
}

export function isAutoVars(f: SourceFile): boolean {
  const b = baseOf(f.id).toLowerCase();
  return !!f.hcl && /^terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/.test(b);
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
    if (!f.hcl) continue;
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
 * var files) is a map read, so analysis stays linear in the number of files. `E` is what the
 * Terraform service records per root folder.
 */
export interface Layout<E> {
  /** Folder → its Terraform files, sorted by name. */
  groups: Map<string, SourceFile[]>;
  /** Folders other folders call as local modules. */
  called: Set<string>;
  /** The `terraformVarFiles` setting as evaluations record it, and the files it names per root folder. */
  varPatterns: string;
  varFiles: (dir: string) => SourceFile[];
  /** Root folder → its evaluation, once looked up in this layout (each of a folder's files asks). */
  evaluated: Map<string, E>;
}

export function workspaceLayout<E>(files: ReadonlyMap<string, SourceFile>, patterns: readonly string[]): Layout<E> {
  const groups = folders(files);
  const candidates = varFileCandidates(files, (f) => !!f.hcl);
  const varFiles = new Map<string, SourceFile[]>();
  return {
    groups,
    called: calledFolders(groups),
    varPatterns: JSON.stringify(patterns),
    varFiles: (dir) => {
      let fs = varFiles.get(dir);
      if (!fs) varFiles.set(dir, (fs = settingVarFiles(dir, patterns, candidates)));
      return fs;
    },
    evaluated: new Map(),
  };
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
    for (const f of fs) {
      for (const b of f.hcl!.body.blocks) {
        if (b.type !== 'module') continue;
        const src = attr(b.body, 'source');
        const s = src?.expr.t === 'lit' ? src.expr.value : undefined;
        if (typeof s === 'string' && (s.startsWith('./') || s.startsWith('../'))) to.add(joinDir(dir, s));
      }
    }
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
