import type { Span } from '../base/span';

/**
 * Just enough of POSIX shell to read `kubectl set env` command lines: words with quotes and
 * backslash line continuations, comments, and command separators. Each word keeps, for every
 * character of its unquoted text, the file offset it came from, so a finding can point at `KEY`
 * or at the value inside `KEY="value"`.
 */
export interface ShellWord {
  text: string;
  /** offsets[i] is the file offset of text[i]. */
  offsets: number[];
  span: Span;
  /** True when an unquoted or double-quoted `$` or a backtick makes the word's value dynamic. */
  dynamic: boolean;
}

export function shellCommands(text: string): ShellWord[][] {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let cur: ShellWord | undefined;
  const endWord = () => {
    if (cur) words.push(cur);
    cur = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  const push = (ch: string, at: number) => {
    cur ??= { text: '', offsets: [], span: { start: at, end: at }, dynamic: false };
    cur.text += ch;
    cur.offsets.push(at);
    cur.span.end = at + 1;
  };
  const open = (at: number) => {
    cur ??= { text: '', offsets: [], span: { start: at, end: at }, dynamic: false };
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCommand();
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && !cur) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === "'") {
      open(i);
      let j = i + 1;
      while (j < text.length && text[j] !== "'") push(text[j], j++);
      cur!.span.end = Math.min(j + 1, text.length);
      i = j + 1;
      continue;
    }
    if (c === '"') {
      open(i);
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1])) {
          if (text[j + 1] !== '\n') push(text[j + 1], j + 1);
          j += 2;
          continue;
        }
        if (text[j] === '$' || text[j] === '`') cur!.dynamic = true;
        push(text[j], j++);
      }
      cur!.span.end = Math.min(j + 1, text.length);
      i = j + 1;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      push(text[i + 1], i + 1);
      i += 2;
      continue;
    }
    if (c === '$' || c === '`') {
      open(i);
      cur!.dynamic = true;
    }
    push(c, i++);
  }
  endCommand();
  return commands;
}

export interface SetEnvAssignment {
  name: string;
  nameSpan: Span;
  /** Undefined when the value depends on the shell (`$VAR`, `$(...)`). */
  value?: string;
  /** The value's characters in the file, when they are contiguous (no quote switches inside). */
  valueSpan?: Span;
  /** From the first to the last character of the argument as written. */
  span: Span;
}

export interface SetEnvCommand {
  /** `aws-node`, `aws-vpc-cni-init`, or undefined for every container (`kubectl set env` without `-c`). */
  container?: 'aws-node' | 'aws-vpc-cni-init';
  span: Span;
  vars: SetEnvAssignment[];
}

const VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '-c',
  '--containers',
  '-e',
  '--env',
  '--from',
  '-l',
  '--selector',
  '--prefix',
  '--keys',
  '--context',
  '--kubeconfig',
  '-o',
  '--output',
  '--field-manager',
  '--cluster',
  '--user',
  '-f',
  '--filename',
  '--template',
]);
const DAEMONSET = /^(ds|daemonsets?)(\.apps)?$/;

/**
 * `kubectl set env daemonset/aws-node -n kube-system KEY=value ...` (also `ds aws-node`,
 * `daemonset aws-node`, `-c aws-node`, `--env KEY=value`). Commands for other resources, other
 * namespaces or other containers are not ours; `KEY-` (removal) and `--list` are skipped.
 */
export function kubectlSetEnv(text: string): SetEnvCommand[] {
  const out: SetEnvCommand[] = [];
  for (const words of shellCommands(text)) {
    const k = words.findIndex((w) => /(^|\/)kubectl$/.test(w.text));
    if (k < 0) continue;
    const s = words.findIndex((w, i) => i > k && w.text === 'set' && words[i + 1]?.text === 'env');
    if (s < 0) continue;
    // Global flags may come before `set env` (`kubectl -n kube-system set env ...`).
    const args = [...words.slice(k + 1, s), ...words.slice(s + 2)];
    const positional: ShellWord[] = [];
    const assignments: ShellWord[] = [];
    let namespace: string | undefined;
    let containers: string | undefined;
    let skip = false;
    for (let i = 0; i < args.length; i++) {
      const w = args[i];
      const eq = w.text.indexOf('=');
      const flag = w.text.startsWith('-') ? (eq > 0 ? w.text.slice(0, eq) : w.text) : undefined;
      if (flag !== undefined) {
        if (flag === '--list' || flag === '--all' || flag === '-A' || flag === '--all-namespaces') skip = true;
        let value: ShellWord | undefined;
        if (VALUE_FLAGS.has(flag)) {
          value = eq > 0 ? sliceWord(w, eq + 1) : args[++i];
        }
        if (!value) continue;
        if (flag === '-n' || flag === '--namespace') namespace = value.text;
        else if (flag === '-c' || flag === '--containers') containers = value.text;
        else if (flag === '-e' || flag === '--env') assignments.push(value);
        else if (flag === '-f' || flag === '--filename' || flag === '-l' || flag === '--selector') skip = true;
      } else if (/^[A-Za-z_][A-Za-z0-9_.-]*=/.test(w.text)) assignments.push(w);
      else positional.push(w);
    }
    if (skip || (namespace !== undefined && namespace !== 'kube-system')) continue;
    const names = positional.map((w) => w.text);
    const isAwsNode =
      (names.length >= 1 && /^(ds|daemonsets?)(\.apps)?\/aws-node$/.test(names[0])) ||
      (names.length >= 2 && DAEMONSET.test(names[0]) && names[1] === 'aws-node');
    if (!isAwsNode) continue;
    let container: SetEnvCommand['container'];
    if (containers !== undefined && containers !== '*') {
      if (containers === 'aws-node' || containers === 'aws-vpc-cni-init') container = containers;
      else continue;
    }
    const vars = assignments.map(assignment).filter((a): a is SetEnvAssignment => !!a);
    out.push({ container, span: { start: words[k].span.start, end: words[words.length - 1].span.end }, vars });
  }
  return out;
}

function sliceWord(w: ShellWord, from: number): ShellWord | undefined {
  if (from >= w.text.length) return undefined;
  return {
    text: w.text.slice(from),
    offsets: w.offsets.slice(from),
    span: { start: w.offsets[from], end: w.span.end },
    dynamic: w.dynamic,
  };
}

function assignment(w: ShellWord): SetEnvAssignment | undefined {
  const eq = w.text.indexOf('=');
  if (eq <= 0) return undefined;
  const name = w.text.slice(0, eq);
  const nameSpan = { start: w.offsets[0], end: w.offsets[eq - 1] + 1 };
  const valueOffsets = w.offsets.slice(eq + 1);
  const contiguous = valueOffsets.every((o, i) => i === 0 || o === valueOffsets[i - 1] + 1);
  const a: SetEnvAssignment = { name, nameSpan, span: w.span };
  // A `$` in the name part cannot happen (the name pattern excludes it), so `dynamic` is the value's.
  if (!w.dynamic) a.value = w.text.slice(eq + 1);
  if (valueOffsets.length && contiguous)
    a.valueSpan = { start: valueOffsets[0], end: valueOffsets[valueOffsets.length - 1] + 1 };
  else if (!valueOffsets.length) a.valueSpan = { start: w.offsets[eq] + 1, end: w.offsets[eq] + 1 };
  return a;
}
