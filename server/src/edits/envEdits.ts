import type { AwsNodeEnv, EnvVar } from '../model/types';
import type { TextEdit } from '../base/finding';
import { isYaml11NonString } from '../model/builders/awsNodeValues';

/**
 * Text edits for env fixes. They keep the author's quoting: a double-quoted value stays double
 * quoted, a single-quoted one single quoted. A plain YAML value is quoted where an unquoted result
 * would not be a string (a Kubernetes env list, add-on configuration); in Helm values and shell
 * arguments it stays plain. Approximate variables (inside a folded or escaped inline patch) get none.
 */
export function setValueEdit(env: AwsNodeEnv, v: EnvVar, newValue: string): TextEdit[] | undefined {
  const n = v.valueNode;
  if (!n || v.approximate || n.style === 'block') return undefined;
  const file = v.nameAt.file;
  if (n.style === 'double') return [{ file, span: n.span, newText: JSON.stringify(newValue) }];
  if (n.style === 'single') return [{ file, span: n.span, newText: `'${newValue.replace(/'/g, "''")}'` }];
  if (env.source === 'set-env')
    return /^[A-Za-z0-9_.,:/+-]*$/.test(newValue) ? [{ file, span: n.span, newText: newValue }] : undefined;
  const probe = { ...n, source: newValue, value: newValue };
  const needsQuotes = env.source !== 'helm-values' || isYaml11NonString(probe) || !/^[A-Za-z0-9_./-]+$/.test(newValue);
  return [{ file, span: n.span, newText: needsQuotes ? JSON.stringify(newValue) : newValue }];
}

/** Renames a variable, keeping quotes around a quoted key. */
export function renameEdit(text: string, v: EnvVar, newName: string): TextEdit[] | undefined {
  if (v.approximate) return undefined;
  const s = v.nameAt.span;
  const q = text[s.start];
  const quoted = (q === '"' || q === "'") && text[s.end - 1] === q;
  return [{ file: v.nameAt.file, span: s, newText: quoted ? `${q}${newName}${q}` : newName }];
}

/**
 * Removes an entry with its lines: a block list item (`- name: X` and its `value:` line) or a block
 * map member (`X: "v"`), when nothing else shares those lines. Anything else (flow style, JSON,
 * shell arguments) gets no edit, because removing it cleanly needs more than deleting text.
 */
export function removeEntryEdit(text: string, env: AwsNodeEnv, v: EnvVar): TextEdit[] | undefined {
  if (
    v.approximate ||
    env.source === 'set-env' ||
    !env.envNode ||
    (env.envNode.kind !== 'seq' && env.envNode.kind !== 'map') ||
    env.envNode.flow
  )
    return undefined;
  const e = v.entryAt.span;
  const lineStart = text.lastIndexOf('\n', e.start - 1) + 1;
  const prefix = text.slice(lineStart, e.start);
  if (!(env.envNode.kind === 'seq' ? /^\s*-\s+$/ : /^\s*$/).test(prefix)) return undefined;
  let last = e.end;
  while (last > e.start && /\s/.test(text[last - 1])) last--;
  const nl = text.indexOf('\n', last);
  const end = nl < 0 ? text.length : nl + 1;
  return [{ file: v.nameAt.file, span: { start: lineStart, end }, newText: '' }];
}

/** Appends `- name: NAME\n  value: "VALUE"` to a block env list, in the list's own indentation. */
export function appendListItemEdit(text: string, env: AwsNodeEnv, name: string, value: string): TextEdit[] | undefined {
  const list = env.envNode;
  if (!list || list.kind !== 'seq' || list.flow || !list.items.length) return undefined;
  const first = list.items[0];
  const lineStart = text.lastIndexOf('\n', first.span.start - 1) + 1;
  const prefix = text.slice(lineStart, first.span.start);
  const m = /^(\s*)-(\s+)$/.exec(prefix);
  if (!m) return undefined;
  const lastItem = list.items[list.items.length - 1];
  let last = lastItem.span.end;
  while (last > lastItem.span.start && /\s/.test(text[last - 1])) last--;
  let at = text.indexOf('\n', last);
  if (at < 0) at = text.length;
  else if (text[at - 1] === '\r') at--;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const dash = m[1];
  const inner = ' '.repeat(prefix.length);
  return [
    {
      file: env.file,
      span: { start: at, end: at },
      newText: `${eol}${dash}-${m[2]}name: ${name}${eol}${inner}value: ${JSON.stringify(value)}`,
    },
  ];
}
