import { FILE_NAME_PATTERN } from '../engine';
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

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
}

/**
 * Walks a folder for candidate files, bounded in count and size, without following symlinks
 * (a link loop would otherwise never end). Errors on single entries are skipped, not thrown.
 */
export function discoverFiles(root: string, opts: DiscoverOptions): Discovered {
  const files: string[] = [];
  const skipped: string[] = [];
  const exclude = opts.exclude?.length ? picomatch(opts.exclude, { dot: true }) : () => false;
  const include = opts.include?.length ? picomatch(opts.include, { dot: true }) : () => false;
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (exclude(rel)) continue;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) stack.push(full);
        continue;
      }
      if (!e.isFile() || !(CANDIDATE.test(e.name) || include(rel))) continue;
      if (files.length >= opts.maxFiles) {
        skipped.push(`more than ${opts.maxFiles} files under ${root}; the rest were not indexed`);
        return { files, skipped };
      }
      try {
        if (fs.statSync(full).size > opts.maxFileSizeKb * 1024) {
          skipped.push(`${full} is larger than ${opts.maxFileSizeKb} KiB`);
          continue;
        }
      } catch {
        continue;
      }
      files.push(full);
    }
  }
  files.sort();
  return { files, skipped };
}

/** Reads a file as UTF-8 text, or undefined when it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
