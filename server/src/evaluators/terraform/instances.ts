/**
 * How a resource or module block becomes instances: count and for_each expansion (with its limit),
 * instance keys, and the object value Terraform exposes for an instance. These are pure functions of
 * a block and an environment, so they are kept apart from the module's caches and bookkeeping.
 */
import type { Block, Body } from '../../parsers/hclAst';
import { attr } from '../../parsers/hclAst';
import { bind, evaluate, type Env } from './evaluate';
import { asNumber, asString, list, map, num, sortedEntries, str, type TfValue } from './values';

/** Arguments Terraform gives meaning to on every resource and module block; they are not attributes. */
export const META = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'provisioner',
  'connection',
  'dynamic',
]);
/** count and for_each beyond this many instances are not expanded (the resource stays unknown). */
export const MAX_INSTANCES = 1000;
/**
 * Instances of one resource or module block across every instance of the modules around it: a
 * module with `count = 1000` calling one with `count = 1000` would be a million. Past it the block
 * is not expanded and a warning says so on the root module's call.
 */
export const MAX_TOTAL_INSTANCES = 10_000;

/** `module.a[3].module.b["x"].` → `module.a[*].module.b[*].`: one address for every instance. */
export function anyInstance(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '[*]');
}

/** Why a block with `perCaller` instances in each of `callers` module instances is not expanded. */
export function tooManyInAll(address: string, perCaller: number, callers: number): string {
  return `${anyInstance(address)} would have ${perCaller * callers} instances in all (${perCaller} in each of ${callers} instances of the module around it); eksnet expands at most ${MAX_TOTAL_INSTANCES}`;
}

/**
 * The repetitions of a resource or module block: `[address, env]` per count index or for_each key
 * (with `count.index` or `each.key`/`each.value` bound), or the block itself once. Undefined when
 * count or for_each is not known.
 */
export function repetitions(
  block: Block,
  base: Env,
  addr: string,
  why?: (reason: string) => void,
): [string, Env][] | undefined {
  const count = attr(block.body, 'count');
  const forEach = attr(block.body, 'for_each');
  // More instances than MAX_INSTANCES are not expanded at all: a truncated list would be a guess.
  const tooMany = (n: number) => {
    why?.(`${addr} would have ${n} instances; eksnet expands at most ${MAX_INSTANCES}`);
    return undefined;
  };
  if (count) {
    const n = asNumber(evaluate(count.expr, base));
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || n < 0) {
      why?.(`count = ${n} is not a whole number of instances, so Terraform rejects it`);
      return undefined;
    }
    if (n > MAX_INSTANCES) return tooMany(n);
    return Array.from({ length: n }, (_, i) => [`${addr}[${i}]`, bind(base, { count: map({ index: num(i) }) })]);
  }
  if (forEach) {
    const fe = evaluate(forEach.expr, base);
    const size = fe.k === 'map' ? fe.entries.size : fe.k === 'list' ? fe.items.length : 0;
    if (size > MAX_INSTANCES) return tooMany(size);
    if (fe.k === 'map' && !fe.open)
      return sortedEntries(fe).map(([k, v]) => [
        `${addr}[${JSON.stringify(k)}]`,
        bind(base, { each: map({ key: str(k), value: v }) }),
      ]);
    if (fe.k === 'list' && fe.items.every((i) => asString(i) !== undefined))
      return fe.items.map((i) => [
        `${addr}[${JSON.stringify(asString(i))}]`,
        bind(base, { each: map({ key: str(asString(i)!), value: i }) }),
      ]);
    return undefined;
  }
  return [[addr, base]];
}

/** `aws_subnet.this["a"]` → `a`; `x[2]` → `2`. */
export function keyOf(address: string): string {
  const m = /\[("(?:[^"\\]|\\.)*"|\d+)\]$/.exec(address);
  if (!m) return address;
  return m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1];
}

export function dataValue(address: string): Extract<TfValue, { k: 'map' }> {
  return { k: 'map', entries: new Map(), open: { address, why: `${address} is read from the provider at plan time` } };
}

/** Attributes evaluated, nested blocks as lists of objects (how Terraform exposes them). */
export function bodyValue(body: Body, env: Env, address: string): Extract<TfValue, { k: 'map' }> {
  const entries = new Map<string, TfValue>();
  for (const a of body.attributes) if (!META.has(a.name)) entries.set(a.name, evaluate(a.expr, env));
  for (const b of body.blocks) {
    if (META.has(b.type)) continue;
    const prev = entries.get(b.type);
    // Appending in place: copying the list for every repeated block is quadratic.
    if (prev && prev.k === 'list') prev.items.push(bodyValue(b.body, env, `${address}.${b.type}`));
    else entries.set(b.type, list([bodyValue(b.body, env, `${address}.${b.type}`)]));
  }
  return { k: 'map', entries, open: { address } };
}
