/**
 * Terraform's collection functions (lists, sets, maps and objects): slicing, merging, lookups,
 * flattening, de-duplication and the like. They are the largest family of built-ins and the ones
 * network layouts lean on most (`slice` of zones, `merge` of tags), so they have their own file.
 */
import { unknownIn, need, toList, type Fn } from './fnArgs';
import {
  MAX_LIST,
  NULL,
  asNumber,
  asString,
  bool,
  equal,
  error,
  firstUnknown,
  list,
  map,
  num,
  sortedEntries,
  str,
  tooMany,
  unknown,
  wholly,
  type TfValue,
} from './values';

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
      return `{${sortedEntries(v)
        .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
        .join(',')}}`;
    case 'string':
      return JSON.stringify(v.v);
    case 'number':
    case 'bool':
      return `${v.k}:${v.v}`;
    case 'null':
    case 'unknown':
      return v.k;
  }
}

export const COLLECTION_FUNCTIONS: Record<string, Fn> = {
  slice: (a) => {
    const bad = need(a, 3, 'slice') ?? unknownIn(a.slice(1, 3));
    if (bad) return bad;
    const [from, to] = [asNumber(a[1]), asNumber(a[2])];
    if (from === undefined || to === undefined || from < 0 || to < from) return error('slice: invalid indices.');
    // A wholly unknown list (a data source's zones) sliced by known indices has a known length:
    // plan-time code that indexes it (cidrsubnet(..., i)) still resolves.
    if (a[0].k === 'unknown')
      return list(Array.from({ length: to - from }, () => unknown((a[0] as { why: string }).why)));
    const items = toList(a[0], 'slice');
    if (!Array.isArray(items)) return items;
    if (to > items.length)
      return error(`slice: end index ${to} is greater than the length of the list (${items.length}).`);
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
    if (items.every((i) => i.k === 'string'))
      items.sort((x, y) => ((x as { v: string }).v < (y as { v: string }).v ? -1 : 1));
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
    if (!a[0] || !flattenInto(a[0], out))
      return out.length > MAX_LIST ? tooMany(out.length) : unknown(firstUnknown(a[0] ?? NULL)?.why ?? 'unknown list');
    return list(out);
  },
  distinct: (a) => {
    const items = toList(a[0] ?? NULL, 'distinct');
    if (!Array.isArray(items)) return items;
    const u = items.find((i) => !wholly(i));
    return u ? unknown(firstUnknown(u)?.why ?? 'unknown element') : list(distinctItems(items));
  },
  coalesce: (a) => {
    for (const x of a) {
      if (x.k === 'unknown') return unknown(x.why);
      if (x.k === 'null' || (x.k === 'string' && x.v === '')) continue;
      return x;
    }
    return error('coalesce: no non-null, non-empty argument.');
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
};
