/**
 * A copy of a string that holds its own characters. V8 makes `text.slice(a, b)` of 13 characters
 * or more a view into `text`, which keeps all of `text` alive as long as the slice lives. A tree or
 * cache that outlives the text it was parsed from (a document's tree reused by later versions of
 * the file, an interned key) must hold copies, or every version of an edited file stays in memory.
 * Concatenating forces V8 to flatten the pair into a new string, and slicing that copy drops the
 * extra character; shorter strings are always copied by V8 already.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
