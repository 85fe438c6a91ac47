import * as path from 'node:path';

/**
 * The order a workspace is indexed in: first the files in the folders of open buffers, because an
 * open file's findings usually depend on its neighbours (the other .tf files of its module, the
 * parameters file beside a template), then everything else. After the first group the session
 * publishes the open files, so their diagnostics do not wait for the whole workspace.
 */
export function openFoldersFirst(
  found: readonly { root: string; files: string[] }[],
  openPaths: readonly string[],
): { first: { root: string; files: string[] }[]; rest: { root: string; files: string[] }[] } {
  const folders = new Set(openPaths.map((p) => path.dirname(p)));
  const first: { root: string; files: string[] }[] = [];
  const rest: { root: string; files: string[] }[] = [];
  for (const { root, files } of found) {
    const near: string[] = [];
    const far: string[] = [];
    for (const f of files) (folders.has(path.dirname(f)) ? near : far).push(f);
    first.push({ root, files: near });
    rest.push({ root, files: far });
  }
  return { first, rest };
}
