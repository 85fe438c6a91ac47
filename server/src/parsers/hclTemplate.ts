/**
 * Converts HCL string templates (quoted strings and heredocs) into `tpl` expressions: literal text
 * read from the source between interpolations, `<<-` indentation stripped. It is separate from
 * hclExpr.ts because reading heredoc text is its own job; the expression converter is passed in,
 * not imported, so the two files have no import cycle.
 */
import type { Node as TsNode } from 'web-tree-sitter';
import type { Expr } from './hclAst';
import { kids, sp, unescape } from './hclNodes';
import { minOf } from '../base/arrays';

/** A template node as a `tpl` expression; `convertExpr` converts the interpolated expressions. */
export function template(n: TsNode, text: string, convertExpr: (n: TsNode, text: string) => Expr): Expr {
  const span = sp(n);
  const parts: (string | Expr)[] = [];
  const heredoc = n.type === 'heredoc_template';
  const cs = kids(n);
  // Literal text is read from the source between the pieces: the grammar's template_literal
  // nodes drop whitespace next to interpolations in heredocs.
  let from: number;
  let to: number;
  if (heredoc) {
    const ids = cs.filter((c) => c.type === 'heredoc_identifier');
    const nl = text.indexOf('\n', ids[0]?.endIndex ?? n.startIndex);
    from = nl < 0 ? n.endIndex : nl + 1;
    const last = ids[1];
    to = last ? text.lastIndexOf('\n', last.startIndex) + 1 : n.endIndex;
    if (to < from) to = from;
  } else {
    from = cs[0]?.endIndex ?? n.startIndex;
    const endTok = cs.find((c) => c.type === 'quoted_template_end');
    to = endTok ? endTok.startIndex : n.endIndex;
  }
  const strip = heredoc && cs[0]?.text === '<<-';
  let pos = from;
  const addText = (end: number) => {
    if (end > pos) parts.push(heredoc ? text.slice(pos, end) : unescape(text.slice(pos, end)));
  };
  for (const c of cs) {
    if (c.type === 'template_interpolation') {
      addText(c.startIndex);
      const e = c.namedChildren.find((x) => x?.type === 'expression');
      parts.push(e ? convertExpr(e, text) : { t: 'bad', why: 'empty interpolation', span: sp(c) });
      pos = c.endIndex;
    } else if (c.type === 'template_directive') {
      addText(c.startIndex);
      parts.push({ t: 'bad', why: 'template directives (%{ if } / %{ for }) are not evaluated', span: sp(c) });
      pos = c.endIndex;
    }
  }
  addText(to);
  if (strip) return { t: 'tpl', parts: stripIndent(parts), span };
  return { t: 'tpl', parts, span };
}

/** `<<-` heredocs remove the smallest common leading whitespace of their lines. */
function stripIndent(parts: (string | Expr)[]): (string | Expr)[] {
  const lines = parts
    .filter((p): p is string => typeof p === 'string')
    .join('\u0000')
    .split('\n')
    .filter((l) => l.trim());
  const indent = minOf(lines.map((l) => /^[ \t]*/.exec(l)![0].length));
  if (indent === undefined || indent === 0) return parts;
  // A part after an interpolation does not start a line, so only its newlines strip indentation.
  const first = new RegExp(`(^|\\n)[ \\t]{0,${indent}}`, 'g');
  const rest = new RegExp(`(\\n)[ \\t]{0,${indent}}`, 'g');
  return parts.map((p, i) => (typeof p === 'string' ? p.replace(i === 0 ? first : rest, '$1') : p));
}
