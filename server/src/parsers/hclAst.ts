import type { Span } from '../base/span';

/**
 * The HCL syntax tree eksnet evaluates. tree-sitter nodes live in wasm memory and must be freed, so
 * the parser copies what the evaluator needs into these plain objects (with UTF-16 spans) and
 * deletes the tree at once.
 */
export type Expr =
  | { t: 'lit'; value: string | number | boolean | null; span: Span }
  | { t: 'tpl'; parts: (string | Expr)[]; span: Span }
  | { t: 'var'; name: string; span: Span }
  | { t: 'attr'; obj: Expr; name: string; span: Span }
  | { t: 'index'; obj: Expr; key: Expr; span: Span }
  /** `obj[*].a.b` and `obj.*.a`: `each` is applied to every element (a chain rooted at `splatItem`). */
  | { t: 'splat'; obj: Expr; each: Expr; span: Span }
  | { t: 'splatItem'; span: Span }
  | { t: 'call'; name: string; args: Expr[]; expand: boolean; span: Span }
  | { t: 'tuple'; items: Expr[]; span: Span }
  | { t: 'object'; items: ObjectItem[]; span: Span }
  | { t: 'cond'; cond: Expr; then: Expr; else: Expr; span: Span }
  | { t: 'unary'; op: string; x: Expr; span: Span }
  | { t: 'binary'; op: string; l: Expr; r: Expr; span: Span }
  | {
      t: 'for';
      kind: 'tuple' | 'object';
      keyVar?: string;
      valVar: string;
      coll: Expr;
      key?: Expr;
      value: Expr;
      cond?: Expr;
      group: boolean;
      span: Span;
    }
  | { t: 'bad'; why: string; span: Span };

export interface ObjectItem {
  key: Expr;
  /** Set when the key is a bare identifier (`Name = ...`), which HCL reads as a string. */
  ident?: string;
  value: Expr;
  span: Span;
}

export interface Attribute {
  name: string;
  nameSpan: Span;
  expr: Expr;
  /** From the name to the end of the expression. */
  span: Span;
}

export interface Block {
  type: string;
  labels: { value: string; span: Span }[];
  body: Body;
  span: Span;
  /** The offset just after `{` and just before `}` (where an inserted attribute goes). */
  open: number;
  close: number;
  /** True when the closing brace is missing (a half-typed block). */
  unclosed: boolean;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
  span: Span;
}

export function attr(body: Body | undefined, name: string): Attribute | undefined {
  if (!body) return undefined;
  for (let i = body.attributes.length - 1; i >= 0; i--) if (body.attributes[i].name === name) return body.attributes[i];
  return undefined;
}
