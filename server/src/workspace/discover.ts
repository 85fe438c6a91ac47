import { FILE_NAME_PATTERN } from '../engine';
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { fromError, kindOf } from './readGuarded';
import { installedModuleFiles } from './installedModules';

/** Folders that never hold sources of ours and can be huge. */
export const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', '.terragrunt-cache', '.hg', '.svn']);

/** File names worth reading (the file-kinds table, base/fileKinds.ts); content decides the rest. */
const CANDIDATE = FILE_NAME_PATTERN;

export interface DiscoverOptions {
  maxFiles: number;
  maxFileSizeKb: number;
  /** Globs (relative to the root) excluded on top of SKIP_DIRS, e.g. VS Code's files.exclude. */
  exclude?: string[];
  /** Globs (relative to the root) of extra files to include whatever their extension. */
  include?: string[];
}

export interface Discovered {
  files: string[];
  /** Why some files were left out (limits), for a log line or a warning. */
  skipped: string[];
  /** Entries that could not be read (permissions, special files), with why. */
  unreadable: { path: string; message: string }[];
}

/** Which paths (relative to a root, with `/` separators) discovery and the watcher take. */
export interface FileFilter {
  /** Why the path is left out (a skipped folder, files.exclude), or undefined when it is not. */
  excluded(rel: string): string | undefined;
  candidate(rel: string): boolean;
}

export function fileFilter(opts: Pick<DiscoverOptions, 'exclude' | 'include'>): FileFilter {
  const exclude = opts.exclude?.length ? picomatch(opts.exclude, { dot: true }) : () => false;
  const include = opts.include?.length ? picomatch(opts.include, { dot: true }) : () => false;
  return {
    excluded(rel) {
      const parts = rel.split('/');
      const skipDir = parts.find((part) => SKIP_DIRS.has(part));
      if (skipDir && !installedModulePath(parts)) return `is inside ${skipDir}, which eksnet never reads`;
      return exclude(rel) ? 'is excluded by files.exclude' : undefined;
    },
    candidate: (rel) => CANDIDATE.test(rel) || include(rel),
  };
}

/**
 * `.terraform/modules/modules.json` and Terraform files of the modules `terraform init` installed
 * under `.terraform/modules/`: the only paths inside a skipped folder that the watcher and buffer
 * scope take (discovery itself reads only the folders the manifest lists; installedModules.ts).
 */
function installedModulePath(parts: string[]): boolean {
  const i = parts.indexOf('.terraform');
  if (i < 0 || parts[i + 1] !== 'modules' || parts.some((p, j) => j !== i && SKIP_DIRS.has(p))) return false;
  const rest = parts.slice(i + 2);
  if (rest.length === 1) return rest[0] === 'modules.json';
  return rest.length > 1 && /\.tf(\.json)?$/i.test(rest[rest.length - 1]);
}

/**
 * Walks a folder for candidate files, bounded in count and size, without following symlinks
 * (a link loop would otherwise never end). Folders that cannot be listed and candidate names that
 * are not regular files (FIFOs, devices, sockets) are listed as unreadable, never opened.
 */
export function discoverFiles(root: string, opts: DiscoverOptions): Discovered {
  const files: string[] = [];
  const skipped: string[] = [];
  const unreadable: Discovered['unreadable'] = [];
  const filter = fileFilter(opts);
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      unreadable.push({ path: dir, message: fromError(e as NodeJS.ErrnoException).message });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (filter.excluded(rel)) {
        // The one thing read inside .terraform/: the modules `terraform init` installed (see installedModules.ts).
        if (e.name === '.terraform' && e.isDirectory()) {
          const inst = installedModuleFiles(dir, opts.maxFileSizeKb, Math.max(0, opts.maxFiles - files.length));
          for (const f of inst.files) files.push(f);
          for (const s of inst.skipped) skipped.push(s);
        }
        continue;
      }
      if (e.isDirectory()) {
        stack.push(full);
        continue;
      }
      if (e.isSymbolicLink() || !filter.candidate(rel)) continue;
      if (!e.isFile()) {
        unreadable.push({ path: full, message: `is ${kindOf(e)}, not a regular file` });
        continue;
      }
      if (files.length >= opts.maxFiles) {
        skipped.push(`more than ${opts.maxFiles} files under ${root}; the rest were not indexed`);
        files.sort();
        return { files, skipped, unreadable };
      }
      try {
        if (fs.lstatSync(full).size > opts.maxFileSizeKb * 1024) {
          skipped.push(`${full} is larger than ${opts.maxFileSizeKb} KiB`);
          continue;
        }
      } catch (e) {
        unreadable.push({ path: full, message: fromError(e as NodeJS.ErrnoException).message });
        continue;
      }
      files.push(full);
    }
  }
  files.sort();
  return { files, skipped, unreadable };
}
