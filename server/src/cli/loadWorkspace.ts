import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, pushAll } from '../engine';
import { discoverFiles, readText } from '../workspace/discover';

export class UsageError extends Error {}

/**
 * Loads the files and folders named on the command line into an engine, with the same skips and
 * bounds as the language server's workspace index. File ids are absolute paths; `display` turns
 * them back into paths relative to the working directory, as the JSON contract asks.
 */
export function loadWorkspace(
  paths: string[],
  settings: object,
  varFiles: string[] = [],
): { engine: Engine; display: (id: string) => string; skipped: string[] } {
  // `--var-file` paths are relative to the working directory, as for `terraform plan`; they become
  // absolute entries of the terraformVarFiles setting and are loaded even when outside PATH.
  const vars = varFiles.map((p) => path.resolve(p));
  const engine = new Engine(vars.length ? { ...settings, terraformVarFiles: vars } : settings);
  const s = engine.getSettings();
  const skipped: string[] = [];
  for (const p of paths.length ? paths : ['.']) {
    const abs = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    const files = stat.isDirectory()
      ? discoverFiles(abs, { maxFiles: s.maxFiles, maxFileSizeKb: s.maxFileSizeKb, include: s.extraFileGlobs })
      : { files: [abs], skipped: [] };
    pushAll(skipped, files.skipped);
    for (const f of files.files) {
      const text = readText(f);
      if (text !== undefined) engine.setFile(f, text);
    }
  }
  for (const [i, abs] of vars.entries()) {
    if (engine.hasFile(abs)) continue;
    const text = readText(abs);
    if (text === undefined) throw new UsageError(`no such var file: ${varFiles[i]}`);
    engine.setFile(abs, text);
  }
  const cwd = process.cwd();
  const display = (id: string) => {
    const rel = path.relative(cwd, id);
    return (rel.startsWith('..') || path.isAbsolute(rel) ? id : rel).split(path.sep).join('/');
  };
  return { engine, display, skipped };
}
