/**
 * Terraform's collection functions (lists, sets, maps and objects): slicing, merging, lookups,
 * flattening, de-duplication and the like. They are the largest family of built-ins and the ones
 * network layouts lean on most (`slice` of zones, `merge` of tags), so they have their own file.
 */
import { pushAll } from '../../base/arrays';
import type { FileSpan } from '../../base/span';
import { unknownIn, need, toList, type Fn } from './fnArgs';
import {
  MAX_LIST,
  NULL,
  asNumber,
  asString,
  bool,
  equal,
  error,
  identity,
  list,
  listParts,
  map,
  num,
  partialList,
  sortedEntries,
  str,
  tooMany,
  unknown,
  type TfValue,
} from './values';

/**
 * Flattens into `out`, as far as elements are known. An unknown element, or a partly known list,
 * makes the result partial: the first reason is kept in `acc.why` and `acc.prefix` marks how many
 * elements sit at their exact index. False when the result would pass MAX_LIST.
 */
function flattenInto(v: TfValue, out: TfValue[], acc: { why?: string; prefix?: number }): boolean {
  if (out.length > MAX_LIST) return false;
  const parts = v.k === 'list' || v.k === 'unknown' ? listParts(v) : undefined;
  if (!parts) {
    out.push(v);
    return true;
  }
  for (const i of parts.items) if (!flattenInto(i, out, acc)) return false;
  if (!parts.complete) {
    acc.why ??= parts.why;
    acc.prefix ??= out.length - parts.items.length + parts.prefix;
  }
  return true;
}

/**
 * Removes duplicates in one pass (keyed by `identity`, so `toset` over a long list is not
 * quadratic). An element with no identity might equal another once known, so it is left out of
 * the certain elements and makes the result partial from its place on.
 */
function distinctParts(items: TfValue[], seen = new Set<string>()): { items: TfValue[]; cut?: number } {
  const out: TfValue[] = [];
  let cut: number | undefined;
  for (const i of items) {
    const key = identity(i);
    if (key === undefined) {
      cut ??= out.length;
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(i);
  }
  return { items: out, cut };
}

/** A set of strings iterates in lexical order; for_each over a set relies on that. */
function sortSet(items: TfValue[]): void {
  if (items.every((i) => i.k === 'string'))
    items.sort((x, y) => ((x as { v: string }).v < (y as { v: string }).v ? -1 : 1));
}

/** The distinct elements of lists, as a list or set, partial when any input is or an element has no identity. */
function distinctOf(args: TfValue[], name: string, set: boolean): TfValue {
  const seen = new Set<string>();
  const out: TfValue[] = [];
  let why: string | undefined;
  let prefix: number | undefined;
  for (const a of args) {
    if (a.k === 'unknown' && a.error) return a;
    const parts = listParts(a);
    if (!parts) return error(`${name}: expects lists or sets.`);
    const d = distinctParts(parts.items, seen);
    if (d.cut !== undefined) {
      why ??= 'an element is known only after apply, so it may equal another';
      prefix ??= out.length + d.cut;
    }
    if (!parts.complete) {
      why ??= parts.why;
      prefix ??= out.length + Math.min(parts.prefix, d.items.length);
    }
    pushAll(out, d.items);
    if (out.length > MAX_LIST) return tooMany(out.length);
  }
  if (set) sortSet(out);
  if (why !== undefined) return partialList(out, set ? 0 : (prefix ?? 0), why, set);
  return set ? { k: 'list', items: out, set: true } : list(out);
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
    // An unknown argument leaves the elements of the others known: the result is partial.
    const out: TfValue[] = [];
    let why: string | undefined;
    let prefix: number | undefined;
    for (const x of a) {
      if (x.k === 'unknown' && x.error) return x;
      const parts = listParts(x);
      if (!parts) return error('concat: expects lists.');
      if (out.length + parts.items.length > MAX_LIST) return tooMany(out.length + parts.items.length);
      if (!parts.complete) {
        why ??= parts.why;
        prefix ??= out.length + parts.prefix;
      }
      pushAll(out, parts.items);
    }
    return why === undefined ? list(out) : partialList(out, prefix ?? 0, why);
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
    // Where each key that wins is written: a later map's key replaces an earlier one's.
    const keyAt = new Map<string, FileSpan>();
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
      for (const [k, v] of x.entries) {
        m.set(k, v);
        const at = x.keyAt?.get(k);
        if (at) keyAt.set(k, at);
        else keyAt.delete(k);
      }
    }
    const out: TfValue = { k: 'map', entries: m, keyAt };
    return partly ? { ...out, open: { address: 'merge()', why: partly } } : out;
  },
  lookup: (a) => {
    const bad = need(a, 2, 'lookup') ?? unknownIn(a.slice(0, 2));
    if (bad) return bad;
    const k = asString(a[1]);
    if (a[0].k !== 'map' || k === undefined) return error('lookup: expects a map and a key.');
    const found = a[0].entries.get(k);
    if (found) return found;
    // A map that may hold more keys (a merge with var.tags) may hold this one: the default is a guess.
    if (a[0].open) return unknown(a[0].open.why ?? `${a[0].open.address}.${k} is known after apply`);
    return a[2] ?? error(`lookup: no key "${k}" and no default.`);
  },
  tolist: (a) => {
    const v = a[0];
    if (!v) return error('tolist: no argument.');
    if (v.k === 'list') return list(v.items);
    // A partly known set keeps its elements; a set has no positions to keep.
    if (v.k === 'unknown' && v.partial?.set) return { ...v, partial: { items: v.partial.items, prefix: 0 } };
    return v;
  },
  toset: (a) => {
    const v = a[0];
    if (!v) return error('toset: no argument.');
    if (v.k !== 'list' && !(v.k === 'unknown' && v.partial)) return v;
    return distinctOf([v], 'toset', true);
  },
  setunion: (a) => (a.length ? distinctOf(a, 'setunion', true) : error('setunion: expects at least one set.')),
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
    const v = a[0] ?? NULL;
    if (v.k === 'unknown' && v.error) return v;
    if (!listParts(v)) return error('flatten: expects a list.');
    const out: TfValue[] = [];
    const acc: { why?: string; prefix?: number } = {};
    if (!flattenInto(v, out, acc)) return tooMany(out.length);
    return acc.why === undefined ? list(out) : partialList(out, acc.prefix ?? 0, acc.why);
  },
  distinct: (a) => distinctOf([a[0] ?? NULL], 'distinct', false),
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
