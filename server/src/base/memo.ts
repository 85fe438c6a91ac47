/**
 * Memoises a value derived from an object on that object itself, under a private symbol and not
 * enumerable (so JSON output, spreads and deep equality never see it). The memo then lives and dies
 * with its owner: a tree node or model value belongs to one SourceFile of one Engine, so nothing is
 * shared between engines and nothing needs an eviction rule. Frozen owners are simply not memoised.
 */
export function memoOn<T>(owner: object, key: symbol, compute: () => T): T {
  const slot = owner as Record<symbol, { value: T } | undefined>;
  const hit = slot[key];
  if (hit) return hit.value;
  const value = compute();
  if (Object.isExtensible(owner)) Object.defineProperty(owner, key, { value: { value }, enumerable: false });
  return value;
}
