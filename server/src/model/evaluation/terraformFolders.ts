import type { SourceFile } from '../sourceFile';
import { attr } from '../../parsers/hclAst';

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
  const out = new Map<string, SourceFile[]>();
  for (const f of files.values()) {
    if (!f.hcl) continue;
    const d = dirOf(f.id);
    let l = out.get(d);
    if (!l) out.set(d, (l = []));
    l.push(f);
  }
  for (const l of out.values()) l.sort((a, b) => (baseOf(a.id) < baseOf(b.id) ? -1 : 1));
  return out;
}

export function sameFiles(a: SourceFile[], b: SourceFile[] | undefined): boolean {
  return !!b && a.length === b.length && a.every((f, i) => f === b[i]);
}

/** Folders other folders call as local modules: they are evaluated as children, not as roots. */
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
