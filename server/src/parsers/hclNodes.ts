/**
 * Small pieces every part of the tree-sitter → AST copy needs: node spans, the children that are not
 * comments, decoding of string literals, and the nesting limit with the state that tracks it. They
 * are kept apart so that the block converter (hclConvert.ts), the expression converter (hclExpr.ts)
 * and the template converter (hclTemplate.ts) share them without importing each other.
 */
import type { Node as TsNode } from 'web-tree-sitter';
import type { Expr } from './hclAst';
import type { Span } from '../base/span';

/**
 * Expressions and blocks nested deeper than this are not read: the converters and the evaluator
 * recurse once per level, and ten thousand `(` would overflow the stack. Real configurations stay
 * far below it. The first place it was hit is reported as a problem by parseHcl.
 */
export const MAX_NESTING = 200;

/**
 * How deep the conversion under way currently is, and where nesting first passed MAX_NESTING.
 * Conversion is synchronous and one file at a time, so one shared record is enough; convertRoot
 * resets it for every file.
 */
export const nesting: { level: number; tooDeep?: Span } = { level: 0 };

/** Records the first place nesting passed MAX_NESTING and stands in for what is not read there. */
export function deeper(n: TsNode): Expr {
  nesting.tooDeep ??= { start: n.startIndex, end: Math.min(n.endIndex, n.startIndex + 1) };
  return {
    t: 'bad',
    why: `nested more than ${MAX_NESTING} levels deep; eksnet reads at most ${MAX_NESTING}`,
    span: sp(n),
  };
}

/** The node's span; web-tree-sitter indices are already UTF-16 offsets. */
export function sp(n: TsNode): Span {
  return { start: n.startIndex, end: n.endIndex };
}

/** The node's children without comments, which the AST does not keep. */
export function kids(n: TsNode): TsNode[] {
  return n.children.filter((c): c is TsNode => !!c && c.type !== 'comment');
}

/** The value of a `string_lit` (labels, simple strings): escapes decoded. */
export function stringLit(n: TsNode, text: string): string {
  const lit = n.children.find((c) => c?.type === 'template_literal');
  return lit ? unescape(text.slice(lit.startIndex, lit.endIndex)) : '';
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Decodes HCL string escapes (`\n`, `\u00e9`) and the `$${` / `%%{` escapes of template syntax. */
export function unescape(s: string): string {
  return s
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (m, e: string) => {
      if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
      return ESCAPES[e] ?? m;
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}
