import type { FileSpan } from '../../base/span';
import { known, unresolved, type Value } from '../located';
import type { TagKey, Tags } from '../types';
import { asBool, asNumber, asString, sortedEntries, type TfValue } from '../../evaluators/terraform/values';
import type { Instance, TfModule } from '../../evaluators/terraform/module';

/** Conversions from evaluated Terraform values to the model's located values. */
export function vStr(v: TfValue | undefined, fallback: FileSpan): Value<string> | undefined {
  return vTyped(v, fallback, asString, 'string');
}

export function vNum(v: TfValue | undefined, fallback: FileSpan): Value<number> | undefined {
  return vTyped(v, fallback, asNumber, 'number');
}

export function vBool(v: TfValue | undefined, fallback: FileSpan): Value<boolean> | undefined {
  return vTyped(v, fallback, asBool, 'bool');
}

/**
 * One scalar as a located value: absent for null, unresolved with Terraform's reason for an unknown
 * or with the type found when `read` cannot take it, known otherwise (located at its literal).
 */
function vTyped<T>(
  v: TfValue | undefined,
  fallback: FileSpan,
  read: (v: TfValue) => T | undefined,
  expected: string,
): Value<T> | undefined {
  if (!v || v.k === 'null') return undefined;
  const at = v.at ?? fallback;
  if (v.k === 'unknown') return unresolved(v.why, at);
  const x = read(v);
  return x === undefined ? unresolved(`a ${v.k} where a ${expected} is expected`, at) : known(x, at);
}

/** The items of a list value; a wholly unknown list is one unresolved entry. */
export function vStrList(v: TfValue | undefined, fallback: FileSpan): Value<string>[] {
  if (!v || v.k === 'null') return [];
  if (v.k === 'list') return v.items.map((i) => vStr(i, v.at ?? fallback)).filter((x): x is Value<string> => !!x);
  const one = vStr(v, fallback);
  return one ? [one] : [];
}

/**
 * Tags, plus why they are incomplete when the map is unknown or partly known (a merge with var.tags),
 * and where each key is written when an object literal wrote it (a later map's key wins, as its
 * value does).
 */
export function vTags(...values: (TfValue | undefined)[]): {
  tags: Tags;
  keys: Record<string, FileSpan>;
  incomplete?: string;
} {
  const tags: Tags = {};
  const keys: Record<string, FileSpan> = {};
  let incomplete: string | undefined;
  for (const v of values) {
    if (!v || v.k === 'null') continue;
    if (v.k === 'unknown') {
      incomplete ??= v.why;
      continue;
    }
    if (v.k !== 'map') continue;
    // A resource's tags map is open only because it is an object; the tags map itself is closed
    // unless a merge left it partly unknown (open with a reason).
    if (v.open?.why) incomplete ??= v.open.why;
    for (const [k, x] of sortedEntries(v)) {
      const s = vStr(x, v.at ?? { file: '', span: { start: 0, end: 0 } });
      if (s) tags[k] = s;
      const at = v.keyAt?.get(k);
      if (at) keys[k] = at;
      else delete keys[k];
    }
  }
  return { tags, keys, incomplete };
}

/**
 * The written keys of vTags as the model's TagKeys. A key is renamed by rewriting only its own
 * characters inside what is written there (quotes, or an interpolation that does not spell it out,
 * leave no edit rather than a guess; edits/scalar.ts).
 */
export function tagKeysOf(keys: Record<string, FileSpan>): Record<string, TagKey> {
  const out: Record<string, TagKey> = {};
  for (const [k, at] of Object.entries(keys)) out[k] = { at, edit: { at, value: k } };
  return out;
}

/** Kubernetes labels of a node group (`labels`), read like tags: an unknown map makes them incomplete. */
export function labelsOf(v: TfValue | undefined): { labels: Record<string, Value<string>>; labelsIncomplete?: string } {
  const { tags, incomplete } = vTags(v);
  return { labels: tags, ...(incomplete ? { labelsIncomplete: incomplete } : {}) };
}

/** The resource references inside a value (`aws_subnet.a.id`, `aws_subnet.b[*].id`). */
export function refs(v: TfValue | undefined): string[] {
  if (!v) return [];
  if (v.k === 'unknown') return v.ref ? [v.ref] : v.partial ? v.partial.items.flatMap(refs) : [];
  if (v.k === 'list') return v.items.flatMap(refs);
  return [];
}

/**
 * The subnets a list of subnet ids names (`subnet_ids`), as resource addresses, and why the list
 * may name others: an element or a part of the list that is not known, or an id written as text
 * (a subnet made outside this configuration). A cluster keeps the subnets that are known; rules
 * that need them all stay silent while `incomplete` is set.
 */
export function subnetRefs(v: TfValue | undefined): { addresses: string[]; incomplete?: string } {
  const addresses: string[] = [];
  let incomplete: string | undefined;
  const walk = (x: TfValue): void => {
    if (x.k === 'null') return;
    if (x.k === 'unknown') {
      if (x.ref && !x.partial) addresses.push(x.ref);
      else incomplete ??= x.why;
      if (x.partial) for (const i of x.partial.items) walk(i);
      return;
    }
    if (x.k === 'list') for (const i of x.items) walk(i);
    else if (x.k === 'string') incomplete ??= `the subnet ${JSON.stringify(x.v)} is not declared in this configuration`;
    else incomplete ??= `a ${x.k} where subnet ids are expected`;
  };
  if (v) walk(v);
  return incomplete === undefined ? { addresses } : { addresses, incomplete };
}

/** Reads one attribute of an evaluated resource instance. */
export type Get = (name: string) => TfValue | undefined;

export function instanceGet(i: Instance): Get {
  return (name) => i.value.entries.get(name);
}

/** Where an instance's resource block is written. */
export function instanceAt(i: Instance): FileSpan {
  return { file: i.decl.file, span: i.decl.block.span };
}

/** The instances of every resource of `type` in a module; a resource whose count is unknown gives none. */
export function resourceInstances(mod: TfModule, type: string): Instance[] {
  return [...mod.decls.values()]
    .filter((d) => d.kind === 'resource' && d.type === type)
    .flatMap((d) => mod.instances(`${d.type}.${d.name}`) ?? []);
}
