import type { FileSpan } from '../../base/span';

/**
 * A Terraform value as eksnet evaluates it. `unknown` is Terraform's own "known after apply" plus
 * everything eksnet does not evaluate; `why` says which. A list may hold unknown elements and still
 * have a known length (`slice(data.aws_availability_zones.available.names, 0, 3)`).
 *
 * `ref` names the resource instance an unknown id belongs to (`aws_subnet.private[0]`), so that
 * `vpc_id = aws_vpc.main.id` links a subnet to its VPC without knowing the id itself. `error`
 * marks an evaluation error (what `try` and `can` catch). `at` is where a literal was written; it
 * follows the value through references so findings land on the literal. A map written as an object
 * literal keeps `keyAt`, where each key is written (through `merge` and `tomap` too), so a finding
 * about a misspelt tag key can sit on the key and its fix rename it.
 */
export type TfValue =
  | { k: 'string'; v: string; at?: FileSpan }
  | { k: 'number'; v: number; at?: FileSpan }
  | { k: 'bool'; v: boolean; at?: FileSpan }
  | { k: 'null'; at?: FileSpan }
  | { k: 'list'; items: TfValue[]; set?: boolean; at?: FileSpan }
  | { k: 'map'; entries: Map<string, TfValue>; open?: OpenObject; at?: FileSpan; keyAt?: Map<string, FileSpan> }
  | { k: 'unknown'; why: string; ref?: string; error?: boolean; at?: FileSpan; partial?: PartialList };

/**
 * What is known of a list whose length is not (`concat([aws_subnet.a.id], var.extra)`): elements it
 * holds for certain, in order, each with its own value and `at`; the first `prefix` of them sit at
 * their exact index. The value itself stays `unknown` (with `why` saying what is missing), so code
 * that needs the whole list treats it as unknown by default, and only code that can act on some
 * members (concat, flatten, splats, for expressions, the builders' subnet lists) reads `partial`.
 */
export interface PartialList {
  items: TfValue[];
  prefix: number;
  set?: boolean;
}

/** A resource instance: attributes not written in the configuration are known only after apply. */
export interface OpenObject {
  address: string;
  /** Why missing attributes are unknown, when it is not "known after apply" (a partly known merge). */
  why?: string;
}

export const NULL: TfValue = { k: 'null' };

/**
 * Limits that keep hostile or broken configurations from hanging the editor: a string longer than
 * this many characters is not built (doubling a string through locals reaches gigabytes in thirty
 * steps), and a list longer than MAX_LIST is not built either. Terraform has no such limits; past
 * them the value is unknown with a reason that says so, never truncated.
 */
export const MAX_STRING = 1_000_000;
export const MAX_LIST = 100_000;

/** A string value, or unknown when it would be longer than MAX_STRING. */
export function strCapped(v: string): TfValue {
  return v.length > MAX_STRING ? tooLong(v.length) : str(v);
}

export function tooLong(length: number): TfValue {
  return unknown(`the string would have ${length} characters; eksnet evaluates at most ${MAX_STRING}`);
}

export function tooMany(length: number): TfValue {
  return unknown(`the list would have ${length} elements; eksnet evaluates at most ${MAX_LIST}`);
}

export function str(v: string, at?: FileSpan): TfValue {
  return { k: 'string', v, at };
}

export function num(v: number, at?: FileSpan): TfValue {
  return { k: 'number', v, at };
}

export function bool(v: boolean, at?: FileSpan): TfValue {
  return { k: 'bool', v, at };
}

export function list(items: TfValue[], at?: FileSpan): TfValue {
  return { k: 'list', items, at };
}

export function map(entries: Map<string, TfValue> | Record<string, TfValue>, at?: FileSpan): TfValue {
  return { k: 'map', entries: entries instanceof Map ? entries : new Map(Object.entries(entries)), at };
}

/** A map whose known entries are these and which may hold more (`why` says what is missing). */
export function openMap(entries: Map<string, TfValue>, why: string, address: string): TfValue {
  return { k: 'map', entries, open: { address, why } };
}

export function unknown(why: string, ref?: string): TfValue {
  return ref ? { k: 'unknown', why, ref } : { k: 'unknown', why };
}

/** A list known only in part (see PartialList); plain unknown when no element is known. */
export function partialList(items: TfValue[], prefix: number, why: string, set?: boolean): TfValue {
  if (!items.length) return unknown(why);
  const partial: PartialList = { items, prefix: Math.min(prefix, items.length) };
  if (set) partial.set = true;
  return { k: 'unknown', why, partial };
}

/**
 * The elements of a list as far as they are known: every element and `complete` for a known list;
 * the certain elements and why the rest is missing for a partial or wholly unknown one. Undefined
 * for an error or a value that is not a list.
 */
export function listParts(
  v: TfValue,
): { items: TfValue[]; prefix: number; complete: boolean; why?: string; set?: boolean } | undefined {
  if (v.k === 'list') return { items: v.items, prefix: v.items.length, complete: true, set: v.set };
  if (v.k !== 'unknown' || v.error) return undefined;
  if (v.partial) return { ...v.partial, complete: false, why: v.why };
  return { items: [], prefix: 0, complete: false, why: v.why };
}

export function error(why: string): TfValue {
  return { k: 'unknown', why, error: true };
}

/** True when the value and everything inside it is known. */
export function wholly(v: TfValue): boolean {
  if (v.k === 'unknown') return false;
  if (v.k === 'list') return v.items.every(wholly);
  if (v.k === 'map') return !v.open && [...v.entries.values()].every(wholly);
  return true;
}

/** The first unknown inside a value, to explain why a result is unknown. */
export function firstUnknown(v: TfValue): Extract<TfValue, { k: 'unknown' }> | undefined {
  if (v.k === 'unknown') return v;
  if (v.k === 'list')
    for (const i of v.items) {
      const u = firstUnknown(i);
      if (u) return u;
    }
  if (v.k === 'map' && v.open)
    return { k: 'unknown', why: v.open.why ?? `${v.open.address} is known only after apply` };
  if (v.k === 'map')
    for (const i of v.entries.values()) {
      const u = firstUnknown(i);
      if (u) return u;
    }
  return undefined;
}

/**
 * A key that is the same for two values Terraform would call equal: canonical text for known
 * values (map keys sorted), the resource address for an id known after apply (two resources never
 * share an id). Undefined when the value holds any other unknown, which equals nothing.
 */
export function identity(v: TfValue): string | undefined {
  switch (v.k) {
    case 'list': {
      const parts: string[] = [];
      for (const i of v.items) {
        const k = identity(i);
        if (k === undefined) return undefined;
        parts.push(k);
      }
      return `[${parts.join(',')}]`;
    }
    case 'map': {
      if (v.open) return undefined;
      const parts: string[] = [];
      for (const [key, x] of sortedEntries(v)) {
        const k = identity(x);
        if (k === undefined) return undefined;
        parts.push(`${JSON.stringify(key)}:${k}`);
      }
      return `{${parts.join(',')}}`;
    }
    case 'string':
      return JSON.stringify(v.v);
    case 'number':
    case 'bool':
      return `${v.k}:${v.v}`;
    case 'null':
      return 'null';
    case 'unknown':
      return v.ref && !v.partial ? `ref:${v.ref}` : undefined;
  }
}

/** Map entries in Terraform's iteration order: lexical by key. */
export function sortedEntries(v: Extract<TfValue, { k: 'map' }>): [string, TfValue][] {
  return [...v.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Converts to plain JSON data (for jsonencode and the model); undefined when anything is unknown. */
export function toPlain(v: TfValue): unknown {
  switch (v.k) {
    case 'string':
    case 'number':
    case 'bool':
      return v.v;
    case 'null':
      return null;
    case 'list': {
      const out: unknown[] = [];
      for (const i of v.items) {
        const p = toPlain(i);
        if (p === undefined) return undefined;
        out.push(p);
      }
      return out;
    }
    case 'map': {
      // A map that may hold more keys (a merge with an unknown map, a resource object) has no plain form.
      if (v.open) return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, i] of sortedEntries(v)) {
        const p = toPlain(i);
        if (p === undefined) return undefined;
        out[k] = p;
      }
      return out;
    }
    case 'unknown':
      return undefined;
  }
}

/** Converts decoded JSON or YAML data into a value. */
export function fromPlain(x: unknown, at?: FileSpan): TfValue {
  if (x === null || x === undefined) return { k: 'null', at };
  if (typeof x === 'string') return str(x, at);
  if (typeof x === 'number') return num(x, at);
  if (typeof x === 'boolean') return bool(x, at);
  if (Array.isArray(x))
    return list(
      x.map((i) => fromPlain(i, at)),
      at,
    );
  if (typeof x === 'object')
    return map(new Map(Object.entries(x as Record<string, unknown>).map(([k, i]) => [k, fromPlain(i, at)])), at);
  return unknown('unsupported value');
}

/** Terraform's string conversion of a primitive; undefined for anything else. */
export function asString(v: TfValue): string | undefined {
  if (v.k === 'string') return v.v;
  if (v.k === 'number') return String(v.v);
  if (v.k === 'bool') return String(v.v);
  return undefined;
}

/** Terraform's number conversion (strings of digits convert); undefined otherwise. */
export function asNumber(v: TfValue): number | undefined {
  if (v.k === 'number') return v.v;
  if (v.k === 'string' && v.v.trim() !== '' && Number.isFinite(Number(v.v))) return Number(v.v);
  return undefined;
}

export function asBool(v: TfValue): boolean | undefined {
  if (v.k === 'bool') return v.v;
  if (v.k === 'string' && (v.v === 'true' || v.v === 'false')) return v.v === 'true';
  return undefined;
}

/** Terraform's equality: same type and value, deep for collections. */
export function equal(a: TfValue, b: TfValue): boolean {
  if (a.k !== b.k) {
    if (
      (a.k === 'string' || a.k === 'number' || a.k === 'bool') &&
      (b.k === 'string' || b.k === 'number' || b.k === 'bool')
    )
      return false;
    return false;
  }
  switch (a.k) {
    case 'string':
    case 'number':
    case 'bool':
      return a.v === (b as typeof a).v;
    case 'null':
      return true;
    case 'list': {
      const bl = b as typeof a;
      return a.items.length === bl.items.length && a.items.every((x, i) => equal(x, bl.items[i]));
    }
    case 'map': {
      const bm = b as typeof a;
      if (a.entries.size !== bm.entries.size) return false;
      for (const [k, x] of a.entries) {
        const y = bm.entries.get(k);
        if (!y || !equal(x, y)) return false;
      }
      return true;
    }
    case 'unknown':
      return false;
  }
}

/** Attaches a location to a value that has none (computed values take the expression's span). */
export function locate(v: TfValue, at: FileSpan): TfValue {
  if (v.at) return v;
  // Literal values are most of what a configuration evaluates to; building them directly instead
  // of spreading keeps one object shape per kind, and the spread was a tenth of a large lint's
  // evaluation time.
  switch (v.k) {
    case 'string':
      return { k: 'string', v: v.v, at };
    case 'number':
      return { k: 'number', v: v.v, at };
    case 'bool':
      return { k: 'bool', v: v.v, at };
    case 'null':
      return { k: 'null', at };
    case 'list':
      return 'set' in v ? { ...v, at } : { k: 'list', items: v.items, at };
    // A spread with one more property gave every object a map (shape) of its own, 240 bytes each
    // on top of the value, for the common forms; the rest are rare.
    case 'map':
      if (v.open !== undefined) return { ...v, at };
      return v.keyAt === undefined
        ? { k: 'map', entries: v.entries, at }
        : { k: 'map', entries: v.entries, keyAt: v.keyAt, at };
    case 'unknown':
      if (v.error !== undefined || v.partial !== undefined) return { ...v, at };
      return v.ref === undefined ? { k: 'unknown', why: v.why, at } : { k: 'unknown', why: v.why, ref: v.ref, at };
  }
}

/** A short human rendering for hovers and `why` texts. */
export function render(v: TfValue, depth = 0): string {
  switch (v.k) {
    case 'string':
      return JSON.stringify(v.v);
    case 'number':
    case 'bool':
      return String(v.v);
    case 'null':
      return 'null';
    case 'unknown':
      if (v.partial && depth <= 2) return `[${v.partial.items.map((i) => render(i, depth + 1)).join(', ')}, …]`;
      return '(known after apply)';
    case 'list':
      if (depth > 2) return '[…]';
      return `[${v.items.map((i) => render(i, depth + 1)).join(', ')}]`;
    case 'map':
      if (depth > 2) return '{…}';
      return `{ ${sortedEntries(v)
        .map(([k, i]) => `${k} = ${render(i, depth + 1)}`)
        .join(', ')} }`;
  }
}
