import * as fs from 'node:fs';
import * as path from 'node:path';
import { readGuarded } from './readGuarded';

/**
 * The modules `terraform init` installed for a root folder: `.terraform/modules/modules.json` and the
 * .tf files of each folder it lists. Discovery skips `.terraform/` (providers, caches, plugins can be
 * huge), so it reads exactly these and nothing else there: the manifest, and for each entry whose
 * `Dir` lies inside `.terraform/modules/` (local modules are listed too, but are workspace folders
 * already), the Terraform files directly in that folder (a module's own submodules have entries of
 * their own). Symlinks are not followed; every file is size-checked; at most `budget` files.
 */
export function installedModuleFiles(
  rootDir: string,
  maxFileSizeKb: number,
  budget: number,
): { files: string[]; skipped: string[] } {
  const files: string[] = [];
  const skipped: string[] = [];
  const modulesDir = path.join(rootDir, '.terraform', 'modules');
  const manifest = path.join(modulesDir, 'modules.json');
  if (!isRegular(manifest)) return { files, skipped };
  const read = readGuarded(manifest, maxFileSizeKb * 1024);
  if (!read.ok) {
    skipped.push(`${manifest}: ${read.message}`);
    return { files, skipped };
  }
  let dirs: string[];
  try {
    const parsed = JSON.parse(read.text) as { Modules?: { Dir?: unknown }[] };
    dirs = (Array.isArray(parsed.Modules) ? parsed.Modules : [])
      .map((m) => (m && typeof m.Dir === 'string' ? m.Dir : undefined))
      .filter((d): d is string => d !== undefined);
  } catch {
    // The engine reads the manifest too and says what is wrong with it; discovery only follows it.
    dirs = [];
  }
  files.push(manifest);
  const seen = new Set<string>();
  for (const d of dirs) {
    const full = path.resolve(rootDir, d);
    const rel = path.relative(modulesDir, full);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel) || seen.has(full)) continue;
    seen.add(full);
    let entries: fs.Dirent[];
    try {
      if (!fs.lstatSync(full).isDirectory()) continue;
      entries = fs.readdirSync(full, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!e.isFile() || !/\.tf(\.json)?$/i.test(e.name)) continue;
      const f = path.join(full, e.name);
      if (files.length >= budget) {
        skipped.push(`more than ${budget} files in the modules installed under ${rootDir}; the rest were not read`);
        return { files, skipped };
      }
      try {
        if (fs.lstatSync(f).size > maxFileSizeKb * 1024) {
          skipped.push(`${f} is larger than ${maxFileSizeKb} KiB`);
          continue;
        }
      } catch {
        continue;
      }
      files.push(f);
    }
  }
  return { files, skipped };
}

function isRegular(p: string): boolean {
  try {
    return fs.lstatSync(p).isFile();
  } catch {
    return false;
  }
}
