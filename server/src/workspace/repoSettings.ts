import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkSettings, ruleById, RULE_LEVELS } from '../engine';
import { readGuarded } from './readGuarded';

/**
 * Settings kept in the repository, so a team configures eksnet once for the editor, the CLI, the
 * GitHub Action and pre-commit: `.eksnet.yaml` (or `.eksnet.yml`) at the workspace root, or an
 * `eksnet` key in its package.json, holding the VS Code settings without their `eksnet.` prefix
 * (`rules`, `clusterName`, `extraFileGlobs`, ...). The first of these that exists is used.
 */
export const REPO_SETTINGS_FILES = ['.eksnet.yaml', '.eksnet.yml'];

export interface RepoSettings {
  /** The file the settings came from; undefined when the folder has none. */
  file?: string;
  settings: Record<string, unknown>;
  /** What is wrong in the file but was skipped (unknown keys, wrong types), one line each. */
  problems: string[];
  /** Why the file could not be used at all (unreadable, not YAML or JSON); its settings are empty. */
  error?: string;
}

/** A settings file is small; a larger one is a mistake, not something to parse. */
const MAX_BYTES = 256 * 1024;

/** The settings of one folder (a workspace root), from its `.eksnet.yaml` or package.json. */
export function readRepoSettings(folder: string): RepoSettings {
  for (const name of REPO_SETTINGS_FILES) {
    const file = path.join(folder, name);
    if (fs.existsSync(file)) return fromFile(file, 'yaml');
  }
  const pkg = path.join(folder, 'package.json');
  if (fs.existsSync(pkg)) {
    const r = fromFile(pkg, 'package.json');
    if (r.file) return r;
  }
  return { settings: {}, problems: [] };
}

/**
 * The settings that apply to a command run in `start`: the nearest folder, from `start` up, with a
 * settings file, but not above the repository root (the first folder with a `.git` entry), so a
 * checkout never picks up a file from the folders around it.
 */
export function findRepoSettings(start: string): RepoSettings {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const r = readRepoSettings(dir);
    if (r.file || fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return r;
  }
}

/** Reads one named settings file (`--config`): `.yaml`/`.yml` as YAML, anything else as package.json. */
export function readSettingsFile(file: string): RepoSettings {
  return fromFile(path.resolve(file), /\.ya?ml$/i.test(file) ? 'yaml' : 'package.json');
}

/** Settings given as text (YAML, of which JSON is a part), such as the GitHub Action's `settings` input. */
export function parseSettingsText(text: string): RepoSettings {
  return fromText(text, 'yaml') ?? { settings: {}, problems: [] };
}

function fromFile(file: string, kind: 'yaml' | 'package.json'): RepoSettings {
  const r = readGuarded(file, MAX_BYTES);
  if (!r.ok) return { file, settings: {}, problems: [], error: `cannot read it: ${r.message}` };
  const out = fromText(r.text, kind);
  // A package.json without an `eksnet` key is not a settings file.
  return out ? { ...out, file } : { settings: {}, problems: [] };
}

/** The settings in a text; undefined for a package.json without an `eksnet` key. */
function fromText(text: string, kind: 'yaml' | 'package.json'): RepoSettings | undefined {
  let data: unknown;
  try {
    data = kind === 'yaml' ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text);
  } catch (e) {
    // A package.json eksnet cannot read is npm's problem, not a settings file.
    if (kind === 'package.json') return undefined;
    const message = (e as Error).message.split('\n')[0];
    return { settings: {}, problems: [], error: `not valid ${kind === 'yaml' ? 'YAML' : 'JSON'}: ${message}` };
  }
  if (kind === 'package.json') {
    const section = data && typeof data === 'object' ? (data as Record<string, unknown>).eksnet : undefined;
    if (section === undefined) return undefined;
    data = section;
  }
  const { settings, problems } = checkSettings(data);
  // Only known rules with a known level are kept: the engine takes a level as a severity.
  if (settings.rules) {
    const rules: Record<string, unknown> = {};
    for (const [id, level] of Object.entries(settings.rules as Record<string, unknown>)) {
      if (!ruleById(id)) problems.push(`rules: unknown rule "${id}"; it is ignored`);
      else if (!(RULE_LEVELS as readonly unknown[]).includes(level))
        problems.push(`rules: "${id}" must be ${RULE_LEVELS.join(', ')}; it is ignored`);
      else rules[id] = level;
    }
    settings.rules = rules;
  }
  return { settings, problems };
}
