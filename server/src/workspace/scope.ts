import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileFilter, type DiscoverOptions, type FileFilter } from './discover';
import { fromError, readGuarded, type ReadResult } from './readGuarded';

/**
 * The files of a set of workspace folders that the language server may read from disk outside
 * discovery: on a watcher event and when an editor closes a buffer. The same bounds apply as in
 * discovery, so no other path can bring into the engine what discovery would have left out: the
 * file must be inside a folder (also after resolving symlinks), outside the skipped folders and
 * files.exclude, of a name eksnet reads, a regular file and within the size limit.
 */
export class WorkspaceScope {
  private readonly filter: FileFilter;
  private readonly realRoots = new Map<string, string | undefined>();

  constructor(
    private readonly roots: readonly string[],
    private readonly opts: Pick<DiscoverOptions, 'exclude' | 'include' | 'maxFileSizeKb'>,
  ) {
    this.filter = fileFilter(opts);
  }

  /** The folder holding `file` by its path as given, or undefined when none does. */
  rootOf(file: string): string | undefined {
    return this.roots.find((r) => inside(r, file));
  }

  read(file: string): ReadResult {
    const root = this.rootOf(file);
    if (!root) return { ok: false, reason: 'outside-root', message: 'is outside the workspace folders' };
    const why = this.why(root, file);
    if (why) return why;
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch (e) {
      return fromError(e as NodeJS.ErrnoException);
    }
    const realRoot = this.realRoot(root);
    if (!realRoot || !inside(realRoot, real))
      return { ok: false, reason: 'outside-root', message: `resolves to ${real}, outside the workspace folder` };
    return this.why(realRoot, real) ?? readGuarded(real, this.opts.maxFileSizeKb * 1024);
  }

  private why(root: string, file: string): ReadResult | undefined {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const excluded = this.filter.excluded(rel);
    if (excluded) return { ok: false, reason: 'excluded', message: excluded };
    if (!this.filter.candidate(rel))
      return { ok: false, reason: 'excluded', message: 'is not a file type eksnet reads (see eksnet.extraFileGlobs)' };
    return undefined;
  }

  private realRoot(root: string): string | undefined {
    if (!this.realRoots.has(root)) {
      let real: string | undefined;
      try {
        real = fs.realpathSync(root);
      } catch {
        real = undefined;
      }
      this.realRoots.set(root, real);
    }
    return this.realRoots.get(root);
  }
}

function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
