import picomatch from 'picomatch';
import type { SourceFile } from '../../sourceFile';
import { plainPath } from '../terraformVarFiles';

/**
 * The `cloudFormationParameterFiles` setting: a map from a template glob to the parameters file for
 * the templates it matches, for parameters files that are not named after their template.
 *
 * - The glob is matched against the template's path and against every tail of it, so `vpc.yaml`,
 *   `infra/*.yaml` and `**\/eks-*.yaml` work whatever the workspace root is; an absolute glob must
 *   match the whole path.
 * - The parameters file is a path relative to the template's folder (`params/prod.json`,
 *   `../config/vpc.json`) or an absolute path, and must be a file of the workspace.
 *
 * File ids are paths in the CLI and `file:` URIs in the server, so both are compared as plain
 * slash-separated paths. The first matching entry wins.
 */
export function settingParameterFile(
  templateId: string,
  mapping: Readonly<Record<string, unknown>> | undefined,
  files: ReadonlyMap<string, SourceFile>,
  byPath: ReadonlyMap<string, string> = plainPaths(files),
): string | undefined {
  if (!mapping) return undefined;
  const path = plainPath(templateId);
  const segments = path.split('/');
  for (const [glob, target] of Object.entries(mapping)) {
    if (typeof target !== 'string' || !target.trim() || !glob.trim()) continue;
    const match = picomatch(glob.replace(/\\/g, '/'), { dot: true });
    const tails = isAbsolute(glob) ? [path] : segments.map((_, i) => segments.slice(i).join('/'));
    if (!tails.some((t) => t && match(t))) continue;
    const dir = segments.slice(0, -1).join('/');
    const wanted = normalize(isAbsolute(target) ? plainPath(target) : `${dir}/${target.replace(/\\/g, '/')}`);
    const id = byPath.get(wanted);
    if (id !== undefined) return id;
    // The entry matched but its file is not in the workspace: no other entry is tried, and the
    // template falls back to a parameters file beside it, as without the setting.
    return undefined;
  }
  return undefined;
}

/**
 * Every file id by its plain path (the first id of a path wins), so that a template's lookup is a
 * map read; the CloudFormation service makes it once per analysis rather than once per template.
 */
export function plainPaths(files: ReadonlyMap<string, SourceFile>): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of files.keys()) {
    const p = plainPath(id);
    if (!out.has(p)) out.set(p, id);
  }
  return out;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || /^file:\/\//i.test(p);
}

/** Resolves `.` and `..` segments. */
function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '.' || (seg === '' && out.length > 0)) continue;
    if (seg === '..' && out.length > 1) out.pop();
    else out.push(seg);
  }
  return out.join('/');
}
