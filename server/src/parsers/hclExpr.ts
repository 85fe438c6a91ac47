/**
 * Converts HCL expressions from the tree-sitter tree into the plain AST. The grammar inlines
 * expression terms, so an `expression` node holds a flat run of siblings (a primary, then
 * `get_attr`, `index` and `splat` postfixes); `term` folds such a run into one Expr. Templates
 * (quoted strings and heredocs) are converted in hclTemplate.ts, which is handed convertExpr for
 * their interpolations so that the two files do not import each other.
 */
import type { Node as TsNode } from 'web-tree-sitter';
import type { Expr, ObjectItem } from './hclAst';
import { MAX_NESTING, deeper, kids, nesting, sp, stringLit } from './hclNodes';
import { template } from './hclTemplate';
import { exponentLiteral } from './hclNumbers';

export function convertExpr(n: TsNode, text: string): Expr {
  if (nesting.level >= MAX_NESTING) return deeper(n);
  nesting.level++;
  try {
    if (n.type !== 'expression') return term([n], text);
    const cs = kids(n);
    if (cs.length === 1 && cs[0].type === 'conditional') return convertConditional(cs[0], text);
    return term(cs, text);
  } finally {
    nesting.level--;
  }
}

function convertConditional(n: TsNode, text: string): Expr {
  const es = kids(n).filter((c) => c.type === 'expression');
  if (es.length < 3) return { t: 'bad', why: 'incomplete conditional', span: sp(n) };
  return {
    t: 'cond',
    cond: convertExpr(es[0], text),
    then: convertExpr(es[1], text),
    else: convertExpr(es[2], text),
    span: sp(n),
  };
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
  if (nesting.level + nodes.length - i > MAX_NESTING) return deeper(nodes[i]);
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
    if (nesting.level + chain.length > MAX_NESTING) return deeper(n);
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
    case 'variable_expr': {
      // A number with an exponent and no fraction, masked before parsing (see hclNumbers.ts).
      const value = exponentLiteral(text.slice(span.start, span.end));
      return value !== undefined ? { t: 'lit', value, span } : { t: 'var', name: n.text, span };
    }
    case 'template_expr':
      return template(n.namedChildren[0] ?? n, text, convertExpr);
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

function collection(n: TsNode, text: string): Expr {
  const span = sp(n);
  if (n.type === 'tuple')
    return {
      t: 'tuple',
      items: kids(n)
        .filter((c) => c.type === 'expression')
        .map((c) => convertExpr(c, text)),
      span,
    };
  const items: ObjectItem[] = [];
  for (const el of kids(n)) {
    if (el.type !== 'object_elem') continue;
    const k = el.childForFieldName('key');
    const v = el.childForFieldName('val');
    if (!k || !v) continue;
    const key = convertExpr(k, text);
    items.push({ key, ident: key.t === 'var' ? key.name : undefined, value: convertExpr(v, text), span: sp(el) });
  }
  return { t: 'object', items: items.slice(), span };
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
  const base = {
    keyVar,
    valVar,
    coll: convertExpr(collNode, text),
    cond: condExpr ? convertExpr(condExpr, text) : undefined,
    span,
  };
  if (n.type === 'for_object_expr') {
    if (exprs.length < 2) return { t: 'bad', why: 'incomplete for expression', span };
    return {
      t: 'for',
      kind: 'object',
      ...base,
      key: convertExpr(exprs[0], text),
      value: convertExpr(exprs[1], text),
      group: cs.some((c) => c.type === 'ellipsis'),
    };
  }
  return { t: 'for', kind: 'tuple', ...base, value: convertExpr(exprs[0], text), group: false };
}

const BINARY = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);

function operation(n: TsNode, text: string): Expr {
  // Operands can be operations themselves without an `expression` node between (`- - - 1`).
  if (nesting.level >= MAX_NESTING) return deeper(n);
  nesting.level++;
  try {
    const span = sp(n);
    const cs = kids(n);
    if (n.type === 'unary_operation') return { t: 'unary', op: cs[0]?.type ?? '-', x: term(cs.slice(1), text), span };
    const at = cs.findIndex((c, i) => i > 0 && !c.isNamed && BINARY.has(c.type));
    if (at < 0) return { t: 'bad', why: 'incomplete operation', span };
    return { t: 'binary', op: cs[at].type, l: term(cs.slice(0, at), text), r: term(cs.slice(at + 1), text), span };
  } finally {
    nesting.level--;
  }
}
