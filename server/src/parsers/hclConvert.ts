import type { Node as TsNode } from 'web-tree-sitter';
import type { Attribute, Block, Body, Expr, ObjectItem } from './hclAst';
import type { Span } from '../text/span';

/**
 * Copies a tree-sitter terraform tree into the plain AST of hclAst.ts. The grammar inlines
 * expression terms, so an `expression` node holds a flat run of siblings (a primary, then
 * `get_attr`, `index` and `splat` postfixes); `term` folds such a run into one Expr.
 */
const TOP_LEVEL = new Set(['resource', 'data', 'module', 'variable', 'output', 'locals', 'provider', 'terraform']);

/**
 * Expressions and blocks nested deeper than this are not read: the copy below and the evaluator
 * recurse once per level, and ten thousand `(` would overflow the stack. Real configurations stay
 * far below it. The first place it was hit is reported as a problem by parseHcl.
 */
export const MAX_NESTING = 200;
let nesting = 0;
let tooDeep: Span | undefined;

function deeper(n: TsNode): Expr {
  tooDeep ??= { start: n.startIndex, end: Math.min(n.endIndex, n.startIndex + 1) };
  return { t: 'bad', why: `nested more than ${MAX_NESTING} levels deep; eksnet reads at most ${MAX_NESTING}`, span: sp(n) };
}

/** Converts a file's body; `tooDeep` is where nesting first passed MAX_NESTING, if it did. */
export function convertRoot(node: TsNode, text: string): { body: Body; tooDeep?: Span } {
  nesting = 0;
  tooDeep = undefined;
  const body = convertBody(node, text);
  return tooDeep ? { body, tooDeep } : { body };
}

function sp(n: TsNode): Span {
  return { start: n.startIndex, end: n.endIndex };
}

function kids(n: TsNode): TsNode[] {
  return n.children.filter((c): c is TsNode => !!c && c.type !== 'comment');
}

export function convertBody(node: TsNode, text: string): Body {
  const body: Body = { attributes: [], blocks: [], span: sp(node) };
  for (const c of kids(node)) {
    if (c.type === 'attribute') {
      const a = convertAttribute(c, text);
      if (a) body.attributes.push(a);
    } else if (c.type === 'block') {
      const b = convertBlock(c, text);
      body.blocks.push(b);
      // A block left open swallows the blocks typed after it; top-level kinds cannot nest, so
      // they are lifted back out and the rest of a half-typed file still counts.
      if (b.unclosed) {
        const lifted = b.body.blocks.filter((x) => TOP_LEVEL.has(x.type) && x.labels.length > 0);
        if (lifted.length) {
          b.body.blocks = b.body.blocks.filter((x) => !lifted.includes(x));
          body.blocks.push(...lifted);
        }
      }
    }
  }
  return body;
}

function convertAttribute(n: TsNode, text: string): Attribute | undefined {
  const id = n.children.find((c) => c?.type === 'identifier');
  const ex = n.children.find((c) => c?.type === 'expression');
  if (!id || id.isMissing) return undefined;
  const expr: Expr = ex && !ex.isMissing ? convertExpr(ex, text) : { t: 'bad', why: 'missing value', span: { start: n.endIndex, end: n.endIndex } };
  return { name: id.text, nameSpan: sp(id), expr, span: sp(n) };
}

function convertBlock(n: TsNode, text: string): Block {
  const cs = kids(n);
  const type = cs[0]?.type === 'identifier' ? cs[0].text : '';
  const labels: Block['labels'] = [];
  let bodyNode: TsNode | undefined;
  let open = n.endIndex;
  let close = n.endIndex;
  let unclosed = false;
  for (const c of cs.slice(1)) {
    if (c.type === 'string_lit') labels.push({ value: stringLit(c, text), span: sp(c) });
    else if (c.type === 'identifier') labels.push({ value: c.text, span: sp(c) });
    else if (c.type === 'block_start') open = c.endIndex;
    else if (c.type === 'body') bodyNode = c;
    else if (c.type === 'block_end') {
      close = c.startIndex;
      unclosed = c.isMissing || c.startIndex === c.endIndex;
    }
  }
  const empty = { attributes: [], blocks: [], span: { start: open, end: open } };
  let body: Body = empty;
  if (bodyNode && nesting >= MAX_NESTING) deeper(bodyNode);
  else if (bodyNode) {
    nesting++;
    try {
      body = convertBody(bodyNode, text);
    } finally {
      nesting--;
    }
  }
  return { type, labels, body, span: sp(n), open, close, unclosed };
}

/** The value of a `string_lit` (labels, simple strings): escapes decoded. */
function stringLit(n: TsNode, text: string): string {
  const lit = n.children.find((c) => c?.type === 'template_literal');
  return lit ? unescape(text.slice(lit.startIndex, lit.endIndex)) : '';
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unescape(s: string): string {
  return s
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (m, e: string) => {
      if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
      return ESCAPES[e] ?? m;
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

export function convertExpr(n: TsNode, text: string): Expr {
  if (nesting >= MAX_NESTING) return deeper(n);
  nesting++;
  try {
    if (n.type !== 'expression') return term([n], text);
    const cs = kids(n);
    if (cs.length === 1 && cs[0].type === 'conditional') return convertConditional(cs[0], text);
    return term(cs, text);
  } finally {
    nesting--;
  }
}

function convertConditional(n: TsNode, text: string): Expr {
  const es = kids(n).filter((c) => c.type === 'expression');
  if (es.length < 3) return { t: 'bad', why: 'incomplete conditional', span: sp(n) };
  return { t: 'cond', cond: convertExpr(es[0], text), then: convertExpr(es[1], text), else: convertExpr(es[2], text), span: sp(n) };
}

/** Folds a primary and its postfixes (`a.b[0][*].c`) into one expression. */
function term(nodes: TsNode[], text: string): Expr {
  if (!nodes.length) return { t: 'bad', why: 'empty expression', span: { start: 0, end: 0 } };
  let i = 0;
  let cur: Expr;
  const first = nodes[0];
  if (first.type === '(') {
    const inner = nodes.find((c) => c.type === 'expression');
    const closeIdx = nodes.findIndex((c) => c.type === ')');
    cur = inner ? convertExpr(inner, text) : { t: 'bad', why: 'empty parentheses', span: sp(first) };
    cur = { ...cur, span: { start: first.startIndex, end: (nodes[closeIdx] ?? first).endIndex } };
    i = closeIdx >= 0 ? closeIdx + 1 : nodes.length;
  } else {
    cur = primary(first, text);
    i = 1;
  }
  const start = first.startIndex;
  // Each postfix nests the expression one level (`a.b.c` is attr(attr(a))), which the evaluator recurses through.
  if (nesting + nodes.length - i > MAX_NESTING) return deeper(nodes[i]);
  for (; i < nodes.length; i++) cur = postfix(cur, nodes[i], start, text);
  return cur;
}

function postfix(obj: Expr, n: TsNode, start: number, text: string): Expr {
  const span = { start, end: n.endIndex };
  if (n.type === 'get_attr') {
    const id = n.children.find((c) => c?.type === 'identifier');
    return { t: 'attr', obj, name: id?.text ?? '', span };
  }
  if (n.type === 'index') {
    const inner = n.namedChildren[0];
    if (inner?.type === 'legacy_index') {
      const digits = inner.text.slice(1);
      return { t: 'index', obj, key: { t: 'lit', value: Number(digits), span: sp(inner) }, span };
    }
    const e = inner?.namedChildren.find((c) => c?.type === 'expression');
    return { t: 'index', obj, key: e ? convertExpr(e, text) : { t: 'bad', why: 'empty index', span: sp(n) }, span };
  }
  if (n.type === 'splat') {
    const inner = n.namedChildren[0];
    let each: Expr = { t: 'splatItem', span: sp(n) };
    const chain = inner ? kids(inner).filter((c) => c.type === 'get_attr' || c.type === 'index') : [];
    if (nesting + chain.length > MAX_NESTING) return deeper(n);
    for (const c of chain) each = postfix(each, c, n.startIndex, text);
    return { t: 'splat', obj, each, span };
  }
  return { t: 'bad', why: `unexpected ${n.type}`, span };
}

function primary(n: TsNode, text: string): Expr {
  const span = sp(n);
  switch (n.type) {
    case 'expression':
      return convertExpr(n, text);
    case 'literal_value':
      return literal(n.namedChildren[0] ?? n, text);
    case 'variable_expr':
      return { t: 'var', name: n.text, span };
    case 'template_expr':
      return template(n.namedChildren[0] ?? n, text);
    case 'collection_value':
      return collection(n.namedChildren[0] ?? n, text);
    case 'function_call':
      return call(n, text);
    case 'for_expr':
      return forExpr(n.namedChildren[0] ?? n, text);
    case 'operation':
      return operation(n.namedChildren[0] ?? n, text);
    case 'conditional':
      return convertConditional(n, text);
    default:
      return { t: 'bad', why: `unsupported ${n.type}`, span };
  }
}

function literal(n: TsNode, text: string): Expr {
  const span = sp(n);
  switch (n.type) {
    case 'numeric_lit':
      return { t: 'lit', value: Number(n.text), span };
    case 'bool_lit':
      return { t: 'lit', value: n.text === 'true', span };
    case 'null_lit':
      return { t: 'lit', value: null, span };
    case 'string_lit':
      return { t: 'lit', value: stringLit(n, text), span };
    default:
      return { t: 'bad', why: `unsupported ${n.type}`, span };
  }
}

function template(n: TsNode, text: string): Expr {
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
  const indent = Math.min(...lines.map((l) => /^[ \t]*/.exec(l)![0].length));
  if (!Number.isFinite(indent) || indent === 0) return parts;
  // A part after an interpolation does not start a line, so only its newlines strip indentation.
  const first = new RegExp(`(^|\\n)[ \\t]{0,${indent}}`, 'g');
  const rest = new RegExp(`(\\n)[ \\t]{0,${indent}}`, 'g');
  return parts.map((p, i) => (typeof p === 'string' ? p.replace(i === 0 ? first : rest, '$1') : p));
}

function collection(n: TsNode, text: string): Expr {
  const span = sp(n);
  if (n.type === 'tuple') return { t: 'tuple', items: kids(n).filter((c) => c.type === 'expression').map((c) => convertExpr(c, text)), span };
  const items: ObjectItem[] = [];
  for (const el of kids(n)) {
    if (el.type !== 'object_elem') continue;
    const k = el.childForFieldName('key');
    const v = el.childForFieldName('val');
    if (!k || !v) continue;
    const key = convertExpr(k, text);
    items.push({ key, ident: key.t === 'var' ? key.name : undefined, value: convertExpr(v, text), span: sp(el) });
  }
  return { t: 'object', items, span };
}

function call(n: TsNode, text: string): Expr {
  const cs = kids(n);
  const name = cs[0]?.text ?? '';
  const argsNode = cs.find((c) => c.type === 'function_arguments');
  const argNodes = argsNode ? kids(argsNode) : [];
  return {
    t: 'call',
    name,
    args: argNodes.filter((c) => c.type === 'expression').map((c) => convertExpr(c, text)),
    expand: argNodes.some((c) => c.type === 'ellipsis'),
    span: sp(n),
  };
}

function forExpr(n: TsNode, text: string): Expr {
  const span = sp(n);
  const cs = kids(n);
  const intro = cs.find((c) => c.type === 'for_intro');
  const ids = intro ? kids(intro).filter((c) => c.type === 'identifier') : [];
  const collNode = intro ? kids(intro).find((c) => c.type === 'expression') : undefined;
  const exprs = cs.filter((c) => c.type === 'expression');
  const condNode = cs.find((c) => c.type === 'for_cond');
  const condExpr = condNode ? kids(condNode).find((c) => c.type === 'expression') : undefined;
  if (!collNode || ids.length === 0 || exprs.length === 0) return { t: 'bad', why: 'incomplete for expression', span };
  const keyVar = ids.length > 1 ? ids[0].text : undefined;
  const valVar = ids[ids.length - 1].text;
  const base = { keyVar, valVar, coll: convertExpr(collNode, text), cond: condExpr ? convertExpr(condExpr, text) : undefined, span };
  if (n.type === 'for_object_expr') {
    if (exprs.length < 2) return { t: 'bad', why: 'incomplete for expression', span };
    return { t: 'for', kind: 'object', ...base, key: convertExpr(exprs[0], text), value: convertExpr(exprs[1], text), group: cs.some((c) => c.type === 'ellipsis') };
  }
  return { t: 'for', kind: 'tuple', ...base, value: convertExpr(exprs[0], text), group: false };
}

const BINARY = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);

function operation(n: TsNode, text: string): Expr {
  // Operands can be operations themselves without an `expression` node between (`- - - 1`).
  if (nesting >= MAX_NESTING) return deeper(n);
  nesting++;
  try {
    const span = sp(n);
    const cs = kids(n);
    if (n.type === 'unary_operation') return { t: 'unary', op: cs[0]?.type ?? '-', x: term(cs.slice(1), text), span };
    const at = cs.findIndex((c, i) => i > 0 && !c.isNamed && BINARY.has(c.type));
    if (at < 0) return { t: 'bad', why: 'incomplete operation', span };
    return { t: 'binary', op: cs[at].type, l: term(cs.slice(0, at), text), r: term(cs.slice(at + 1), text), span };
  } finally {
    nesting--;
  }
}
