/**
 * How deep a YAML or JSON text nests, bounded from above without parsing. The yaml package and
 * jsonc-parser recurse once per level; past a few thousand levels they exhaust the stack, and near
 * that point V8 can abort the whole process instead of throwing (it compiles a regular expression
 * with too little stack left: "RegExpCompiler Allocation failed"). So a text that may nest deeper
 * than MAX_DEPTH is not handed to them at all.
 */
export const MAX_DEPTH = 500;

/**
 * The offset where the nesting bound first passes `limit`, or undefined. Per line the bound is the
 * indentation (YAML only: each block level indents at least one column), the `- ` and `? `
 * indicators that open compact collections at the start of the line, and the flow brackets still
 * open. Brackets inside quoted text count too, so the bound can only be too high, never too low.
 */
export function tooDeepAt(text: string, limit: number, indentation: boolean): number | undefined {
  const n = text.length;
  let flow = 0;
  let i = 0;
  while (i < n) {
    let level = 0;
    if (indentation) {
      while (i < n && (text[i] === ' ' || text[i] === '\t')) {
        level++;
        i++;
      }
      while (i < n && (text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        level++;
        i += 2;
        while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
      }
    }
    if (level + flow > limit) return i;
    for (; i < n && text[i] !== '\n'; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5b || c === 0x7b) {
        if (level + ++flow > limit) return i;
      } else if ((c === 0x5d || c === 0x7d) && flow > 0) flow--;
    }
    i++;
  }
  return undefined;
}
