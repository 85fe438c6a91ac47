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

/** The variable files the setting names for a root module folder, in the setting's order. */
export function settingVarFiles(
  dir: string,
  patterns: readonly string[],
  files: ReadonlyMap<string, SourceFile>,
  usable: (f: SourceFile) => boolean,
): SourceFile[] {
  if (!patterns.length) return [];
  const candidates = [...files.values()]
    .filter((f) => VARS.test(f.id) && usable(f))
    .map((f) => ({ f, path: plainPath(f.id) }));
  candidates.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const root = plainPath(dir).replace(/\/$/, '');
  const out: SourceFile[] = [];
  for (const pattern of patterns) {
    if (typeof pattern !== 'string' || !pattern.trim()) continue;
    const abs = isAbsolute(pattern)
      ? plainPath(pattern)
      : `${root}/${pattern.replace(/\\/g, '/').replace(/^\.\//, '')}`;
    const full = normalize(abs);
    const match = picomatch(full, { dot: true });
    for (const c of candidates) if ((c.path === full || match(c.path)) && !out.includes(c.f)) out.push(c.f);
  }
  return out;
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
