import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, pushAll } from '../engine';
import { discoverFiles } from '../workspace/discover';
import { fromError, readGuarded } from '../workspace/readGuarded';
import type { Io } from './io';

export class UsageError extends Error {}

/** Paths named on the command line that cannot be read: one line per path, exit code 2. */
export class UnreadablePathsError extends UsageError {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

export interface LoadedWorkspace {
  engine: Engine;
  display: (id: string) => string;
  /** Files left out by a limit (size, count), for a note. */
  skipped: string[];
  /** Entries of a folder walk that could not be read (permissions, special files), as `path: reason`. */
  unreadable: string[];
}

/**
 * Loads the files and folders named on the command line into an engine, with the same skips and
 * bounds as the language server's workspace index and the same guarded read (regular files only,
 * within the size limit). A named path that cannot be read is an error, never an empty result: a
 * CI gate must not pass because eksnet saw nothing. File ids are absolute paths; `display` turns
 * them back into paths relative to the working directory, as the JSON contract asks.
 */
export function loadWorkspace(
  paths: string[],
  settings: object,
  varFiles: string[] = [],
  plans: string[] = [],
): LoadedWorkspace {
  // `--var-file` paths are relative to the working directory, as for `terraform plan`; they become
  // absolute entries of the terraformVarFiles setting and are loaded even when outside PATH.
  const vars = varFiles.map((p) => path.resolve(p));
  // They come after the settings' own var files (a repository's .eksnet.yaml), so they win.
  const listed = (settings as { terraformVarFiles?: unknown }).terraformVarFiles;
  const before = Array.isArray(listed) ? (listed as unknown[]) : [];
  const engine = new Engine(vars.length ? { ...settings, terraformVarFiles: [...before, ...vars] } : settings);
  const s = engine.getSettings();
  const maxBytes = s.maxFileSizeKb * 1024;
  const skipped: string[] = [];
  const unreadable: { path: string; message: string }[] = [];
  const errors: string[] = [];
  for (const p of paths.length ? paths : ['.']) {
    const abs = path.resolve(p);
    let isDir: boolean;
    try {
      isDir = fs.statSync(abs).isDirectory();
      // A folder that cannot be listed is as unreadable as a file that cannot be opened.
      if (isDir) fs.opendirSync(abs).closeSync();
    } catch (e) {
      errors.push(`cannot read ${p}: ${fromError(e as NodeJS.ErrnoException).message}`);
      continue;
    }
    if (!isDir) {
      const r = readGuarded(abs, maxBytes);
      if (r.ok) engine.setFile(abs, r.text);
      else errors.push(`cannot read ${p}: ${r.message}${r.reason === 'too-large' ? ' (eksnet.maxFileSizeKb)' : ''}`);
      continue;
    }
    const found = discoverFiles(abs, {
      maxFiles: s.maxFiles,
      maxFileSizeKb: s.maxFileSizeKb,
      include: s.extraFileGlobs,
    });
    pushAll(skipped, found.skipped);
    pushAll(unreadable, found.unreadable);
    for (const f of found.files) {
      const r = readGuarded(f, maxBytes);
      if (r.ok) engine.setFile(f, r.text);
      else unreadable.push({ path: f, message: r.message });
    }
  }
  for (const [i, abs] of vars.entries()) {
    if (engine.hasFile(abs)) continue;
    const r = readGuarded(abs, maxBytes);
    if (r.ok) engine.setFile(abs, r.text);
    else if (r.reason === 'missing') errors.push(`no such var file: ${varFiles[i]}`);
    else errors.push(`cannot read var file ${varFiles[i]}: ${r.message}`);
  }
  // `--terraform-plan` files (`terraform show -json` output) are read from anywhere, like var files.
  for (const p of plans) {
    const abs = path.resolve(p);
    const r = readGuarded(abs, maxBytes);
    if (!r.ok)
      errors.push(r.reason === 'missing' ? `no such plan file: ${p}` : `cannot read plan file ${p}: ${r.message}`);
    else if (!/\.json$/i.test(abs) || !isPlanJson(r.text))
      errors.push(`${p} is not a plan in JSON: write one with \`terraform show -json plan.tfplan > plan.json\``);
    else if (!engine.hasFile(abs)) engine.setFile(abs, r.text);
  }
  if (errors.length) throw new UnreadablePathsError(errors);
  const cwd = process.cwd();
  const display = (id: string) => {
    const rel = path.relative(cwd, id);
    return (rel.startsWith('..') || path.isAbsolute(rel) ? id : rel).split(path.sep).join('/');
  };
  return { engine, display, skipped, unreadable: unreadable.map((u) => `${display(u.path)}: ${u.message}`) };
}

/**
 * Lists the entries of a folder walk that could not be read, as warnings. They make the exit code 2
 * (the check is incomplete, so a CI gate must not pass on it) unless `--skip-unreadable` says that
 * is expected. Returns whether the run counts as incomplete.
 */
export function reportUnreadable(unreadable: string[], skip: boolean, io: Io): boolean {
  for (const u of unreadable) io.err(`eksnet: warning: cannot read ${u}`);
  if (!unreadable.length || skip) return false;
  io.err(
    `eksnet: ${unreadable.length} ${unreadable.length === 1 ? 'entry' : 'entries'} could not be read, so the check is incomplete (exit code 2); pass --skip-unreadable to accept that`,
  );
  return true;
}

/** Whether a text is `terraform show -json` output of a plan (format_version and planned_values). */
function isPlanJson(text: string): boolean {
  try {
    const v = JSON.parse(text) as Record<string, unknown> | null;
    return !!v && typeof v === 'object' && 'format_version' in v && typeof v.planned_values === 'object';
  } catch {
    return false;
  }
}
