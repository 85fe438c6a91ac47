import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './workspace';

/** server/src, whose files the architecture tests read as text. */
export const SERVER = path.join(REPO, 'server', 'src');

/** Every .ts file below `dir` (server/src by default), depth first. */
export function serverSources(dir = SERVER): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** A server file's path relative to server/src, with forward slashes. */
export function serverRel(p: string): string {
  return path.relative(SERVER, p).split(path.sep).join('/');
}
