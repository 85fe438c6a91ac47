import { parse as parseYaml } from 'yaml';
import { cidrhost, cidrnetmask, cidrsubnet, cidrsubnets } from './cidrFunctions';
import { formatFn } from './format';
import {
  MAX_LIST, MAX_STRING, NULL, asNumber, asString, bool, equal, error, firstUnknown, fromPlain, list, map, num, sortedEntries, str, strCapped, toPlain, tooLong, tooMany, unknown, wholly, type TfValue,
} from './values';

/**
 * Terraform's built-in functions that matter for network layouts. Each takes evaluated arguments;
 * an unknown argument makes the result unknown (except where Terraform keeps a known length), and
 * a bad argument is an `error` value (what `try` catches). `try` and `can` are in evaluate.ts
 * because they need their arguments unevaluated.
 */
type Fn = (args: TfValue[]) => TfValue;

/** cidrsubnets calls with more blocks than this are not evaluated (real layouts carve a few dozen). */
const MAX_CIDRSUBNETS = 4096;

function unknownIn(args: TfValue[]): TfValue | undefined {
  for (const a of args) if (a.k === 'unknown') return a.error ? a : unknown(a.why);
  return undefined;
}

function need(args: TfValue[], n: number, name: string): TfValue | undefined {
  return args.length < n ? error(`${name}: expects at least ${n} argument(s).`) : undefined;
}

function cidrFn<T>(name: string, args: TfValue[], n: number, run: (s: string, nums: number[]) => { ok: true; value: T } | { ok: false; error: string }, wrap: (v: T) => TfValue): TfValue {
  const bad = need(args, n, name) ?? unknownIn(args.slice(0, n));
  if (bad) return bad;
  const s = asString(args[0]);
  const nums = args.slice(1, n).map(asNumber);
  if (s === undefined || nums.some((x) => x === undefined)) return error(`${name}: wrong argument types.`);
  const r = run(s, nums as number[]);
  return r.ok ? wrap(r.value) : error(r.error);
}

function toList(v: TfValue, name: string): TfValue[] | TfValue {
  if (v.k === 'list') return v.items;
  if (v.k === 'unknown') return v;
  return error(`${name}: expects a list.`);
}

/** False when an element is unknown or the result would pass MAX_LIST (the caller tells which). */
function flattenInto(v: TfValue, out: TfValue[]): boolean {
  if (out.length > MAX_LIST) return false;
  if (v.k === 'list') {
    for (const i of v.items) if (!flattenInto(i, out)) return false;
    return true;
  }
  if (v.k === 'unknown') return false;
  out.push(v);
  return true;
}

function numbers(args: TfValue[], name: string): number[] | TfValue {
  const out: number[] = [];
  for (const a of args) {
    if (a.k === 'unknown') return a;
    const n = asNumber(a);
    if (n === undefined) return error(`${name}: expects numbers.`);
    out.push(n);
  }
  return out;
}

/**
 * Removes duplicates in one pass: known values are keyed by their canonical text (map keys sorted),
 * so `toset` over a long list is not quadratic. An unknown element equals nothing, as in `equal`.
 */
function distinctItems(items: TfValue[]): TfValue[] {
  const out: TfValue[] = [];
  const seen = new Set<string>();
  for (const i of items) {
    if (!wholly(i)) {
      out.push(i);
      continue;
    }
    const key = canonical(i);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(i);
  }
  return out;
}

function canonical(v: TfValue): string {
  switch (v.k) {
    case 'list':
      return `[${v.items.map(canonical).join(',')}]`;
    case 'map':
      return `{${sortedEntries(v).map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
    case 'string':
      return JSON.stringify(v.v);
    case 'number':
    case 'bool':
      return `${v.k}:${v.v}`;
    default:
      return v.k;
  }
}

export const FUNCTIONS: Record<string, Fn> = {
  cidrsubnet: (a) => cidrFn('cidrsubnet', a, 3, (s, [nb, nn]) => cidrsubnet(s, nb, nn), (v) => str(v)),
  cidrhost: (a) => cidrFn('cidrhost', a, 2, (s, [h]) => cidrhost(s, h), (v) => str(v)),
  cidrnetmask: (a) => cidrFn('cidrnetmask', a, 1, (s) => cidrnetmask(s), (v) => str(v)),
  cidrsubnets: (a) => (a.length > MAX_CIDRSUBNETS + 1 ? unknown(`cidrsubnets would carve ${a.length - 1} blocks; eksnet evaluates at most ${MAX_CIDRSUBNETS}`) : cidrFn('cidrsubnets', a, a.length, (s, nbs) => cidrsubnets(s, nbs), (v) => list(v.map((x) => str(x))))),
  slice: (a) => {
    const bad = need(a, 3, 'slice') ?? unknownIn(a.slice(1, 3));
    if (bad) return bad;
    const [from, to] = [asNumber(a[1]), asNumber(a[2])];
    if (from === undefined || to === undefined || from < 0 || to < from) return error('slice: invalid indices.');
    // A wholly unknown list (a data source's zones) sliced by known indices has a known length:
    // plan-time code that indexes it (cidrsubnet(..., i)) still resolves.
    if (a[0].k === 'unknown') return list(Array.from({ length: to - from }, () => unknown((a[0] as { why: string }).why)));
    const items = toList(a[0], 'slice');
    if (!Array.isArray(items)) return items;
    if (to > items.length) return error(`slice: end index ${to} is greater than the length of the list (${items.length}).`);
    return list(items.slice(from, to));
  },
  concat: (a) => {
    const out: TfValue[] = [];
    for (const x of a) {
      const items = toList(x, 'concat');
      if (!Array.isArray(items)) return items.k === 'unknown' && !items.error ? unknown(items.why) : items;
      if (out.length + items.length > MAX_LIST) return tooMany(out.length + items.length);
      for (const i of items) out.push(i);
    }
    return list(out);
  },
  element: (a) => {
    const bad = need(a, 2, 'element') ?? unknownIn(a.slice(1, 2));
    if (bad) return bad;
    const items = toList(a[0], 'element');
    if (!Array.isArray(items)) return items;
    const i = asNumber(a[1]);
    if (i === undefined || i < 0 || !items.length) return error('element: invalid index or empty list.');
    return items[Math.floor(i) % items.length];
  },
  length: (a) => {
    const v = a[0] ?? NULL;
    if (v.k === 'list') return num(v.items.length);
    if (v.k === 'map') return v.open ? unknown('an object known after apply') : num(v.entries.size);
    if (v.k === 'string') return num([...v.v].length);
    if (v.k === 'unknown') return v.error ? v : unknown(v.why);
    return error('length: expects a collection or a string.');
  },
  range: (a) => {
    const n = numbers(a, 'range');
    if (!Array.isArray(n)) return n;
    const [start, end, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? (n[1] >= n[0] ? 1 : -1)];
    if (step === 0 || Math.abs((end - start) / step) > 1024) return error('range: invalid or too long range.');
    const out: TfValue[] = [];
    for (let x = start; step > 0 ? x < end : x > end; x += step) out.push(num(x));
    return list(out);
  },
  zipmap: (a) => {
    const bad = need(a, 2, 'zipmap') ?? unknownIn(a.slice(0, 2));
    if (bad) return bad;
    const ks = toList(a[0], 'zipmap');
    const vs = toList(a[1], 'zipmap');
    if (!Array.isArray(ks)) return ks;
    if (!Array.isArray(vs)) return vs;
    if (ks.length !== vs.length) return error('zipmap: the lists must have the same length.');
    const m = new Map<string, TfValue>();
    for (const [i, k] of ks.entries()) {
      if (k.k === 'unknown') return unknown(k.why);
      const s = asString(k);
      if (s === undefined) return error('zipmap: keys must be strings.');
      m.set(s, vs[i]);
    }
    return map(m);
  },
  merge: (a) => {
    // A merge with an unknown map keeps the known entries and stays open: its tags may hold
    // more keys, so a rule must not conclude a tag is missing.
    const m = new Map<string, TfValue>();
    let partly: string | undefined;
    for (const x of a) {
      if (x.k === 'null') continue;
      if (x.k === 'unknown') {
        if (x.error) return x;
        partly ??= x.why;
        continue;
      }
      if (x.k !== 'map') return error('merge: expects maps or objects.');
      if (x.open) partly ??= x.open.why ?? `${x.open.address} is known after apply`;
      for (const [k, v] of x.entries) m.set(k, v);
    }
    const out = map(m);
    return partly ? { ...out, open: { address: 'merge()', why: partly } } : out;
  },
  lookup: (a) => {
    const bad = need(a, 2, 'lookup') ?? unknownIn(a.slice(0, 2));
    if (bad) return bad;
    const k = asString(a[1]);
    if (a[0].k !== 'map' || k === undefined) return error('lookup: expects a map and a key.');
    return a[0].entries.get(k) ?? a[2] ?? error(`lookup: no key "${k}" and no default.`);
  },
  tolist: (a) => (a[0]?.k === 'list' ? list(a[0].items) : (a[0] ?? error('tolist: no argument.'))),
  toset: (a) => {
    const v = a[0];
    if (!v || v.k !== 'list') return v ?? error('toset: no argument.');
    // Sets of strings iterate in lexical order; for_each over a set relies on that.
    const items = distinctItems(v.items);
    if (items.every((i) => i.k === 'string')) items.sort((x, y) => ((x as { v: string }).v < (y as { v: string }).v ? -1 : 1));
    return { k: 'list', items, set: true };
  },
  tomap: (a) => a[0] ?? error('tomap: no argument.'),
  keys: (a) => {
    const v = a[0];
    if (v?.k === 'unknown') return unknown(v.why);
    if (v?.k !== 'map') return error('keys: expects a map.');
    if (v.open) return unknown(v.open.why ?? 'an object known after apply');
    return list(sortedEntries(v).map(([k]) => str(k)));
  },
  values: (a) => {
    const v = a[0];
    if (v?.k === 'unknown') return unknown(v.why);
    if (v?.k !== 'map') return error('values: expects a map.');
    if (v.open) return unknown(v.open.why ?? 'an object known after apply');
    return list(sortedEntries(v).map(([, x]) => x));
  },
  flatten: (a) => {
    const out: TfValue[] = [];
    if (!a[0] || !flattenInto(a[0], out)) return out.length > MAX_LIST ? tooMany(out.length) : unknown(firstUnknown(a[0] ?? NULL)?.why ?? 'unknown list');
    return list(out);
  },
  distinct: (a) => {
    const items = toList(a[0] ?? NULL, 'distinct');
    if (!Array.isArray(items)) return items;
    const u = items.find((i) => !wholly(i));
    return u ? unknown(firstUnknown(u)?.why ?? 'unknown element') : list(distinctItems(items));
  },
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
  min: (a) => {
    const n = numbers(a, 'min');
    return Array.isArray(n) ? (n.length ? num(Math.min(...n)) : error('min: no arguments.')) : n;
  },
  max: (a) => {
    const n = numbers(a, 'max');
    return Array.isArray(n) ? (n.length ? num(Math.max(...n)) : error('max: no arguments.')) : n;
  },
  coalesce: (a) => {
    for (const x of a) {
      if (x.k === 'unknown') return unknown(x.why);
      if (x.k === 'null' || (x.k === 'string' && x.v === '')) continue;
      return x;
    }
    return error('coalesce: no non-null, non-empty argument.');
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
  // Launch template user data is base64 (`user_data = base64encode(<<-EOT ...)`); the builder decodes it to read --max-pods.
  base64encode: (a) => stringFn(a[0], (s) => Buffer.from(s, 'utf8').toString('base64')),
  trimspace: (a) => stringFn(a[0], (s) => s.trim()),
  tostring: (a) => (a[0]?.k === 'null' ? NULL : stringFn(a[0], (s) => s)),
  tonumber: (a) => {
    const v = a[0] ?? NULL;
    if (v.k === 'unknown' || v.k === 'null') return v;
    const n = asNumber(v);
    return n === undefined ? error('tonumber: not a number.') : num(n);
  },
  contains: (a) => {
    const bad = need(a, 2, 'contains') ?? unknownIn(a);
    if (bad) return bad;
    const items = toList(a[0], 'contains');
    if (!Array.isArray(items)) return items;
    if (items.some((i) => i.k === 'unknown')) return unknown('unknown element');
    return bool(items.some((i) => equal(i, a[1])));
  },
  compact: (a) => {
    const items = toList(a[0] ?? NULL, 'compact');
    if (!Array.isArray(items)) return items;
    return list(items.filter((i) => !(i.k === 'null' || (i.k === 'string' && i.v === ''))));
  },
  sort: (a) => {
    const items = toList(a[0] ?? NULL, 'sort');
    if (!Array.isArray(items)) return items;
    const ss = items.map(asString);
    if (items.some((i) => i.k === 'unknown')) return unknown('unknown element');
    if (ss.some((s) => s === undefined)) return error('sort: expects strings.');
    return list([...(ss as string[])].sort().map((s) => str(s)));
  },
  reverse: (a) => {
    const items = toList(a[0] ?? NULL, 'reverse');
    return Array.isArray(items) ? list([...items].reverse()) : items;
  },
  one: (a) => {
    const items = toList(a[0] ?? NULL, 'one');
    if (!Array.isArray(items)) return items;
    return items.length === 0 ? NULL : items.length === 1 ? items[0] : error('one: more than one element.');
  },
  sum: (a) => {
    const items = toList(a[0] ?? NULL, 'sum');
    if (!Array.isArray(items)) return items;
    const n = numbers(items, 'sum');
    return Array.isArray(n) ? num(n.reduce((x, y) => x + y, 0)) : n;
  },
  abs: (a) => numFn(a[0], Math.abs),
  floor: (a) => numFn(a[0], Math.floor),
  ceil: (a) => numFn(a[0], Math.ceil),
  replace: (a) => {
    const bad = need(a, 3, 'replace') ?? unknownIn(a);
    if (bad) return bad;
    const [s, from, to] = a.map(asString);
    if (s === undefined || from === undefined || to === undefined) return error('replace: expects strings.');
    if (from.length > 1 && from.startsWith('/') && from.endsWith('/')) return unknown('replace with a regular expression is not evaluated');
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
  startswith: (a) => (unknownIn(a) ?? bool((asString(a[0]) ?? '').startsWith(asString(a[1]) ?? '\u0000'))),
  endswith: (a) => (unknownIn(a) ?? bool((asString(a[0]) ?? '').endsWith(asString(a[1]) ?? '\u0000'))),
};

function stringFn(v: TfValue | undefined, f: (s: string) => string): TfValue {
  if (!v) return error('missing argument.');
  if (v.k === 'unknown') return v;
  const s = asString(v);
  return s === undefined ? error('expects a string.') : strCapped(f(s));
}

function numFn(v: TfValue | undefined, f: (n: number) => number): TfValue {
  if (!v) return error('missing argument.');
  if (v.k === 'unknown') return v;
  const n = asNumber(v);
  return n === undefined ? error('expects a number.') : num(f(n));
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
