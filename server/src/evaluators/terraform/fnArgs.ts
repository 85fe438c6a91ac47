/**
 * The argument handling the built-in functions share: the function type, the arity check, the rule
 * that an unknown argument makes the result unknown, and reading a list argument. Each family of
 * functions (collectionFunctions.ts, stringFunctions.ts, numericFunctions.ts, functions.ts) uses it.
 */
import { error, unknown, type TfValue } from './values';

/** A built-in function: evaluated arguments in, a value (or an `error` value `try` can catch) out. */
export type Fn = (args: TfValue[]) => TfValue;

/** The first unknown argument as the result: an error stays an error, anything else is plain unknown. */
export function unknownIn(args: TfValue[]): TfValue | undefined {
  for (const a of args) if (a.k === 'unknown') return a.error ? a : unknown(a.why);
  return undefined;
}

/** An `error` value when fewer than `n` arguments were given. */
export function need(args: TfValue[], n: number, name: string): TfValue | undefined {
  return args.length < n ? error(`${name}: expects at least ${n} argument(s).`) : undefined;
}

/** The items of a list argument, or the value to return instead (the unknown itself, or an error). */
export function toList(v: TfValue, name: string): TfValue[] | TfValue {
  if (v.k === 'list') return v.items;
  if (v.k === 'unknown') return v;
  return error(`${name}: expects a list.`);
}
