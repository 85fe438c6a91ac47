import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine';

/** The repository root, from out/test/helpers (compiled) or test/helpers (source). */
export const REPO = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');

export function fixturePath(...parts: string[]): string {
  return path.join(REPO, 'test', 'fixtures', ...parts);
}

/** Every file under a fixture (a single file or a folder), keyed by its path relative to `base`. */
export function readFixture(target: string, base: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (p: string) => {
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p).sort()) visit(path.join(p, e));
    else if (!p.endsWith('.snap'))
      out.set(path.relative(base, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
  };
  visit(target);
  return out;
}

export function engineWith(files: Map<string, string>, settings?: unknown): Engine {
  const e = new Engine(settings);
  for (const [id, text] of files) e.setFile(id, text);
  return e;
}

/** Builds an engine from inline files: `engineOf({ 'a.yaml': '...' })`. */
export function engineOf(files: Record<string, string>, settings?: unknown): Engine {
  return engineWith(new Map(Object.entries(files)), settings);
}
