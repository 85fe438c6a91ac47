/**
 * Terraform's string and encoding functions: formatting, joining and splitting, case and trimming,
 * replacement, and JSON / YAML / base64 encoding. They share the string-length limit of values.ts and
 * are separate from the collection functions because they read and build text, not structures.
 */
import { parse as parseYaml } from 'yaml';
import { formatFn } from './format';
import { unknownIn, need, type Fn } from './fnArgs';
import {
  MAX_STRING,
  NULL,
  asNumber,
  asString,
  bool,
  error,
  firstUnknown,
  fromPlain,
  list,
  str,
  strCapped,
  toPlain,
  tooLong,
  unknown,
  type TfValue,
} from './values';

export const STRING_FUNCTIONS: Record<string, Fn> = {
  format: formatFn,
  join: (a) => {
    const bad = need(a, 2, 'join') ?? unknownIn(a);
    if (bad) return bad;
    const sep = asString(a[0]);
    const parts: string[] = [];
    let length = 0;
    for (const l of a.slice(1)) {
      if (l.k !== 'list') return error('join: expects lists of strings.');
      for (const i of l.items) {
        if (i.k === 'unknown') return unknown(i.why);
        const s = asString(i);
        if (s === undefined) return error('join: expects strings.');
        length += s.length + (sep ?? '').length;
        if (length > MAX_STRING) return tooLong(length);
        parts.push(s);
      }
    }
    return str(parts.join(sep ?? ''));
  },
  split: (a) => {
    const bad = need(a, 2, 'split') ?? unknownIn(a);
    if (bad) return bad;
    const [sep, s] = [asString(a[0]), asString(a[1])];
    if (sep === undefined || s === undefined) return error('split: expects strings.');
    return list(s.split(sep).map((x) => str(x)));
  },
  jsonencode: (a) => {
    const v = a[0] ?? NULL;
    const p = toPlain(v);
    return p === undefined ? unknown(firstUnknown(v)?.why ?? 'unknown value') : str(JSON.stringify(p));
  },
  jsondecode: (a) => decode(a[0], 'jsondecode', (s) => JSON.parse(s) as unknown),
  yamldecode: (a) => decode(a[0], 'yamldecode', (s) => parseYaml(s) as unknown),
  lower: (a) => stringFn(a[0], (s) => s.toLowerCase()),
  upper: (a) => stringFn(a[0], (s) => s.toUpperCase()),
  // Launch template user data is base64 (`user_data = base64encode(<<-EOT ...)`); the builder decodes
  // it to read --max-pods.
  base64encode: (a) => stringFn(a[0], (s) => Buffer.from(s, 'utf8').toString('base64')),
  trimspace: (a) => stringFn(a[0], (s) => s.trim()),
  tostring: (a) => (a[0]?.k === 'null' ? NULL : stringFn(a[0], (s) => s)),
  replace: (a) => {
    const bad = need(a, 3, 'replace') ?? unknownIn(a);
    if (bad) return bad;
    const [s, from, to] = a.map(asString);
    if (s === undefined || from === undefined || to === undefined) return error('replace: expects strings.');
    if (from.length > 1 && from.startsWith('/') && from.endsWith('/'))
      return unknown('replace with a regular expression is not evaluated');
    const pieces = s.split(from);
    const length = s.length + (pieces.length - 1) * (to.length - from.length);
    if (length > MAX_STRING) return tooLong(length);
    return str(pieces.join(to));
  },
  substr: (a) => {
    const bad = need(a, 3, 'substr') ?? unknownIn(a);
    if (bad) return bad;
    const s = asString(a[0]);
    const [off, len] = [asNumber(a[1]), asNumber(a[2])];
    if (s === undefined || off === undefined || len === undefined) return error('substr: wrong argument types.');
    const chars = [...s];
    const from = off < 0 ? chars.length + off : off;
    return str(chars.slice(from, len < 0 ? undefined : from + len).join(''));
  },
  startswith: (a) => unknownIn(a) ?? bool((asString(a[0]) ?? '').startsWith(asString(a[1]) ?? '\u0000')),
  endswith: (a) => unknownIn(a) ?? bool((asString(a[0]) ?? '').endsWith(asString(a[1]) ?? '\u0000')),
};

function stringFn(v: TfValue | undefined, f: (s: string) => string): TfValue {
  if (!v) return error('missing argument.');
  if (v.k === 'unknown') return v;
  const s = asString(v);
  return s === undefined ? error('expects a string.') : strCapped(f(s));
}

function decode(v: TfValue | undefined, name: string, parse: (s: string) => unknown): TfValue {
  if (!v) return error(`${name}: missing argument.`);
  if (v.k === 'unknown') return v;
  const s = asString(v);
  if (s === undefined) return error(`${name}: expects a string.`);
  try {
    return fromPlain(parse(s));
  } catch (e) {
    return error(`${name}: ${(e as Error).message}`);
  }
}
