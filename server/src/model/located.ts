import type { FileSpan } from '../base/span';
import { placeholders, placeholderWhy } from '../base/placeholders';

/**
 * Every value in the model is either known (with the span it came from) or explicitly unresolved:
 * something only AWS knows at apply time (a `!Ref` to a resource id, a data source, an `aws_vpc.x.id`
 * that is not written down anywhere). Rules skip unresolved values; they never guess.
 */
export interface Known<T> {
  kind: 'known';
  value: T;
  at: FileSpan;
}

export interface Unresolved {
  kind: 'unresolved';
  /** Why it cannot be known statically, for hovers and `model` output. */
  why: string;
  at: FileSpan;
}

export type Value<T> = Known<T> | Unresolved;

export function known<T>(value: T, at: FileSpan): Known<T> {
  return { kind: 'known', value, at };
}

export function unresolved(why: string, at: FileSpan): Unresolved {
  return { kind: 'unresolved', why, at };
}

export function isKnown<T>(v: Value<T> | undefined | null): v is Known<T> {
  return !!v && v.kind === 'known';
}

/** The plain value, or null when absent or unresolved (the `model` JSON convention). */
export function plain<T>(v: Value<T> | undefined | null): T | null {
  return isKnown(v) ? v.value : null;
}

/**
 * A string as written in a manifest or config: known, unless it holds a deploy-time placeholder
 * (`${VAR}`, `$VAR`, `$(VAR)`, `{{ .x }}`), which makes it unresolved with the variables it needs.
 */
export function textValue(text: string, at: FileSpan): Value<string> {
  const found = placeholders(text);
  return found.length === 0 ? known(text, at) : unresolved(placeholderWhy(text, found), at);
}
