import * as fs from 'node:fs';
import * as path from 'node:path';
import { cloudformationYaml, eksctlConfig } from '../../bench/inputs';
import { workspaceFiles } from '../../bench/workspace';
import { REPO } from './workspace';

/**
 * The corpus and the mutations the differential YAML tests (yamlFast.test.ts, yamlDirect.test.ts)
 * compare the yaml package's Composer path against: every fixture and example, generated workspace
 * files, and random edits of them.
 */

function corpusFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) corpusFiles(p, out);
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

export function corpus(): { label: string; text: string }[] {
  const files = [...corpusFiles(path.join(REPO, 'test/fixtures')), ...corpusFiles(path.join(REPO, 'examples'))];
  const out = files.map((f) => ({ label: path.relative(REPO, f), text: fs.readFileSync(f, 'utf8') }));
  out.push(
    { label: 'bench cloudformation', text: cloudformationYaml() },
    { label: 'bench eksctl', text: eksctlConfig() },
  );
  for (const [f, text] of workspaceFiles({ files: 60, seed: 3 }))
    if (f.endsWith('.yaml')) out.push({ label: `workspace ${f}`, text });
  return out;
}

/** Characters that change YAML structure, plus ordinary ones. */
const CHARS = [' ', ' ', '\n', '\r\n', '\t', ':', '-', '#', '[', ']', '{', '}', ',', '"', "'", '!', '&', '*'];
const MORE = ['|', '>', '?', '%', '.', '~', 'a', '0', '1', 'e', 'x', 'o', '+', '\\', 'é', '${A}', '---\n', '...\n'];

export function mutate(text: string, next: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const at = Math.floor(next() * (text.length + 1));
  const op = next();
  if (op < 0.3) return text.slice(0, at) + pick(next() < 0.6 ? CHARS : MORE) + text.slice(at);
  if (op < 0.55) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
  if (op < 0.7) return text.slice(0, at) + pick(MORE) + text.slice(at + 1);
  if (op < 0.8) return text.slice(0, at) + text.slice(at, at + 1) + text.slice(at);
  // Whole lines: delete one, duplicate one, or move its indentation.
  const lines = text.split('\n');
  const i = Math.floor(next() * lines.length);
  if (op < 0.87) lines.splice(i, 1);
  else if (op < 0.94) lines.splice(i, 0, lines[i]);
  else lines[i] = next() < 0.5 ? ' ' + lines[i] : lines[i].replace(/^ /, '');
  return lines.join('\n');
}

/**
 * Chains of four edits from each text, `rounds` times over: texts several edits away from valid
 * YAML, as while typing. `visit` gets each edited text and its number; returns how many there were.
 */
export function mutationChains(
  texts: readonly string[],
  rounds: number,
  edit: (text: string) => string,
  visit: (text: string, n: number) => void,
): number {
  let cases = 0;
  for (let round = 0; round < rounds; round++) {
    for (const original of texts) {
      let text = original;
      for (let i = 0; i < 4; i++) {
        text = edit(text);
        visit(text, ++cases);
      }
    }
  }
  return cases;
}

/**
 * Every plain scalar form of the core schema, and near misses that stay strings: both differential
 * tests read each as `a: <form>` and compare it with the Composer path.
 */
export const CORE_SCALAR_FORMS: readonly string[] = [
  ...['~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'on'],
  ...['0', '-0', '+12', '-12', '017', '0o17', '0o8', '0O17', '0x1F', '0xff', '0xg', '0X1F', '1_000', '1,5'],
  ...['1.5', '.5', '1.', '-1.5', '+.5', '1e3', '1E-3', '-1.5e+3', '.5e3', '1.e2', 'e3', '1e'],
  ...['.inf', '.Inf', '.INF', '-.inf', '+.Inf', '.iNF', '.nan', '.NaN', '.NAN', '-.nan', 'nan', '2001-12-14'],
];

/** Block scalar headers, well-formed and not: every chomping, indentation indicators, comments, junk. */
const BLOCK_HEADERS = [
  '|',
  '|-',
  '|+',
  '>',
  '>-',
  '>+',
  '| # c',
  '>+  ',
  '|2',
  '|-1',
  '>+2',
  '|3-',
  '|#c',
  '| x',
  '|0',
];
/** Block scalar content lines: text that would be a comment, a key, an item, a flow or a marker elsewhere. */
const BLOCK_WORDS = ['x', 'echo "a: b"', '# not a comment', '- item', 'k: v', '${A}', '{a: b}', "'q'", '---', '!T'];

/**
 * A random document of block maps and sequences whose values are often block scalars, with random
 * headers, content indentation (deeper, shallower, as detected), empty lines of random length and
 * comment lines: the shapes where the Lexer's end of a block scalar and the Composer's value are
 * subtle. Read by the direct YAML path's differential test.
 */
export function blockScalarDocument(next: () => number): string {
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];
  const sp = (n: number) => ' '.repeat(Math.max(0, n));
  const lines: string[] = [];
  const empty = (ind: number) => (next() < 0.5 ? '' : next() < 0.6 ? sp(int(ind + 6)) : sp(int(ind + 3)) + '# c');
  const block = (col: number) => {
    const base = col + 1 + int(4);
    for (let i = int(5); i > 0; i--) {
      const r = next();
      if (r < 0.2) lines.push(empty(base));
      else if (r < 0.35) lines.push(sp(base + int(4)) + pick(BLOCK_WORDS));
      else if (r < 0.4) lines.push(sp(col + int(base - col)) + pick(BLOCK_WORDS));
      else lines.push(sp(base) + pick(BLOCK_WORDS));
    }
    for (let i = int(4); i > 0; i--) lines.push(empty(base));
  };
  const collection = (col: number, seq: boolean) => {
    for (let i = 1 + int(3); i > 0; i--) {
      if (next() < 0.15) lines.push(empty(col));
      const head = sp(col) + (seq ? '- ' : `k${i}: `);
      const tag = next() < 0.2 ? '!Sub ' : '';
      const r = next();
      if (r < 0.45) {
        lines.push(head + tag + pick(BLOCK_HEADERS));
        block(col);
      } else if (r < 0.6 || col >= 8) lines.push(head + tag + pick(['x', '1', "'y'", '[a, b]', '']));
      else {
        lines.push(head.trimEnd());
        if (r < 0.8) collection(col + 2, next() < 0.4);
        else collection(col, true);
      }
    }
  };
  collection(next() < 0.9 ? 0 : 2, next() < 0.4);
  const text = (next() < 0.1 ? '---\n' : '') + lines.join('\n') + pick(['\n', '', '\n\n', '\n  ']);
  return next() < 0.2 ? text.replaceAll('\n', '\r\n') : text;
}
