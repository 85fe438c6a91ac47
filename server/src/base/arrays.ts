/**
 * Array helpers that work for any length. Spreading an array into a call (`push(...xs)`,
 * `Math.max(...xs)`) puts every element on the stack, and V8 throws "Maximum call stack size
 * exceeded" somewhere past 100,000 elements: a 260 KB eksctl file with a long instance type list
 * was enough. Workspace-sized arrays go through these loops instead (test/unit/no-spread.test.ts
 * forbids spread arguments in server/src).
 */

/** Appends every element of `from` to `into`, in order. */
export function pushAll<T>(into: T[], from: Iterable<T>): T[] {
  for (const x of from) into.push(x);
  return into;
}

/** The smallest number, or undefined for an empty list. */
export function minOf(xs: Iterable<number>): number | undefined {
  let best: number | undefined;
  for (const x of xs) if (best === undefined || x < best || Number.isNaN(x)) best = x;
  return best;
}

/** The largest number, or undefined for an empty list. */
export function maxOf(xs: Iterable<number>): number | undefined {
  let best: number | undefined;
  for (const x of xs) if (best === undefined || x > best || Number.isNaN(x)) best = x;
  return best;
}
