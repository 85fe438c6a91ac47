import { scalarNode, type LScalar, type ScalarStyle } from './tree';

/**
 * What both YAML paths (the yaml package's composer, yamlWhole.ts, and the fast path from its CST,
 * yamlFast.ts) share about scalars, so the two build scalars the same way by construction.
 */

/**
 * envsubst placeholders are replaced in the raw text, before YAML is read, so authors write them
 * where YAML would see flow syntax: `securityGroups: [${NODE_SG}]`. Their braces are swapped for
 * private-use characters of the same length while parsing (offsets stay exact) and restored in
 * every scalar, so the tree holds the text as written and the placeholder is one plain scalar.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';

export function maskPlaceholders(text: string): string {
  if (!text.includes('${')) return text;
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => `$${OPEN}${name}${CLOSE}`);
}

export function unmask(s: string): string {
  return s.includes(OPEN) ? s.replaceAll(OPEN, '{').replaceAll(CLOSE, '}') : s;
}

/** The yaml package's scalar types (`Scalar.type`) by the style name of our tree. */
export function styleOf(type: string | undefined): ScalarStyle {
  return type === 'QUOTE_DOUBLE'
    ? 'double'
    : type === 'QUOTE_SINGLE'
      ? 'single'
      : type === 'BLOCK_FOLDED' || type === 'BLOCK_LITERAL'
        ? 'block'
        : 'plain';
}

export function emptyScalar(at: number): LScalar {
  return scalarNode(null, '', 'plain', at, at);
}

/**
 * The value the yaml package's core schema (YAML 1.2, its default) gives an untagged plain scalar:
 * the same tests in the same order as its `schema/core` tags (null, bool, octal, decimal and hex
 * int, the .inf/.nan forms, exponent floats, floats), each resolved as that tag resolves it.
 * Anything else is the string itself.
 */
export function coreValue(s: string): string | number | boolean | null {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  // Only texts that start like a number can be one; most plain scalars are words and stop here.
  const c = s.charCodeAt(0);
  const numeric = (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
  if (!numeric) return s;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s))
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}
