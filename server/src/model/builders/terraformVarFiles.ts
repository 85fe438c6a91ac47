import picomatch from 'picomatch';
import type { SourceFile } from '../sourceFile';

/**
 * Which variable files a root module reads, in Terraform's order of precedence (later wins):
 * `terraform.tfvars`, `terraform.tfvars.json`, the `*.auto.tfvars(.json)` files in lexical order of
 * their names, then the files of the `terraformVarFiles` setting (`-var-file` on the CLI) in the
 * order given. https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence
 *
 * A setting entry is a path or glob relative to the root module's folder, or an absolute path; it
 * names files the engine holds (file ids are paths in the CLI and `file:` URIs in the server, so
 * both are compared as plain slash-separated paths).
 */
const VARS = /\.tfvars(\.json)?$/i;

function base(id: string): string {
  return id.slice(Math.max(id.lastIndexOf('/'), id.lastIndexOf('\\')) + 1).toLowerCase();
}

/** Orders a folder's automatically loaded variable files the way Terraform applies them. */
export function autoVarsOrder(files: SourceFile[]): SourceFile[] {
  const rank = (f: SourceFile) =>
    base(f.id) === 'terraform.tfvars' ? 0 : base(f.id) === 'terraform.tfvars.json' ? 1 : 2;
  return [...files].sort(
    (a, b) => rank(a) - rank(b) || (base(a.id) < base(b.id) ? -1 : base(a.id) > base(b.id) ? 1 : 0),
  );
}

/** A file id or path as a plain path: `file:///c%3A/x` → `c:/x`, `C:\x` → `c:/x`. */
export function plainPath(id: string): string {
  let p = id;
  if (/^file:\/\//i.test(p)) {
    p = p.replace(/^file:\/\/[^/]*/i, '');
    try {
      p = decodeURIComponent(p);
    } catch {
      // A malformed escape stays as written; it then matches nothing, which is the honest result.
    }
  }
  p = p.replace(/\\/g, '/');
  const drive = /^\/?([A-Za-z]):\//.exec(p);
  if (drive) p = `${drive[1].toLowerCase()}:/${p.slice(drive[0].length)}`;
  return p;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || /^file:\/\//i.test(p);
}

/** The workspace's variable files the setting may name, sorted by path; computed once per analysis. */
export interface VarFileCandidates {
  sorted: { f: SourceFile; path: string }[];
  byPath: Map<string, SourceFile[]>;
}

export function varFileCandidates(
  files: ReadonlyMap<string, SourceFile>,
  usable: (f: SourceFile) => boolean,
): VarFileCandidates {
  const sorted = [...files.values()]
    .filter((f) => VARS.test(f.id) && usable(f))
    .map((f) => ({ f, path: plainPath(f.id) }));
  sorted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map<string, SourceFile[]>();
  for (const c of sorted) {
    const same = byPath.get(c.path);
    if (same) same.push(c.f);
    else byPath.set(c.path, [c.f]);
  }
  return { sorted, byPath };
}

/**
 * The variable files the setting names for a root module folder, in the setting's order. A plain
 * path is looked up by path; a glob is matched against the candidates under its fixed leading
 * folder only (a range of the sorted paths), so each root folder costs its own matches rather than
 * a pass over the workspace.
 */
export function settingVarFiles(dir: string, patterns: readonly string[], candidates: VarFileCandidates): SourceFile[] {
  if (!patterns.length) return [];
  const root = plainPath(dir).replace(/\/$/, '');
  const out: SourceFile[] = [];
  const add = (f: SourceFile) => {
    if (!out.includes(f)) out.push(f);
  };
  for (const pattern of patterns) {
    if (typeof pattern !== 'string' || !pattern.trim()) continue;
    const abs = isAbsolute(pattern)
      ? plainPath(pattern)
      : `${root}/${pattern.replace(/\\/g, '/').replace(/^\.\//, '')}`;
    const full = normalize(abs);
    const scan = picomatch.scan(full);
    if (!scan.isGlob) {
      for (const f of candidates.byPath.get(full) ?? []) add(f);
      continue;
    }
    const match = picomatch(full, { dot: true });
    // A negated glob may match anywhere, so only a positive one narrows the search to its folder.
    const within = scan.negated ? candidates.sorted : under(candidates.sorted, scan.base);
    for (const c of within) if (c.path === full || match(c.path)) add(c.f);
  }
  return out;
}

/** The candidates whose path starts with `prefix`: a contiguous range of the sorted list. */
function under<T extends { path: string }>(sorted: T[], prefix: string): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].path < prefix) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < sorted.length && sorted[end].path.startsWith(prefix)) end++;
  return sorted.slice(lo, end);
}

/** Resolves `.` and `..` segments so `../shared/x.tfvars` names the file's id. */
function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '.') continue;
    if (seg === '..' && out.length > 1) out.pop();
    else out.push(seg);
  }
  return out.join('/');
}
