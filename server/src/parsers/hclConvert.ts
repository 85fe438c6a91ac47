/**
 * Copies a tree-sitter terraform tree into the plain AST of hclAst.ts. This file converts the
 * structure (the file body, attributes, blocks and their labels); expressions are converted in
 * hclExpr.ts and string templates in hclTemplate.ts, with shared helpers in hclNodes.ts.
 */
import type { Node as TsNode } from 'web-tree-sitter';
import type { Attribute, Block, Body, Expr } from './hclAst';
import { convertExpr } from './hclExpr';
import { MAX_NESTING, deeper, kids, nesting, sp, stringLit } from './hclNodes';
import type { Span } from '../base/span';
import { pushAll } from '../base/arrays';

export { MAX_NESTING } from './hclNodes';

/** Block types that only appear at the top level of a file (lifted out of a block left open). */
const TOP_LEVEL = new Set(['resource', 'data', 'module', 'variable', 'output', 'locals', 'provider', 'terraform']);

/** Converts a file's body; `tooDeep` is where nesting first passed MAX_NESTING, if it did. */
export function convertRoot(node: TsNode, text: string): { body: Body; tooDeep?: Span } {
  nesting.level = 0;
  nesting.tooDeep = undefined;
  const body = convertBody(node, text);
  const tooDeep = nesting.tooDeep;
  return tooDeep ? { body, tooDeep } : { body };
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
          pushAll(body.blocks, lifted);
        }
      }
    }
  }
  // Made at their final length: an array grown by push keeps room for 16 more elements, and a
  // workspace holds a body per block.
  body.attributes = body.attributes.slice();
  body.blocks = body.blocks.slice();
  return body;
}

function convertAttribute(n: TsNode, text: string): Attribute | undefined {
  const id = n.children.find((c) => c?.type === 'identifier');
  const ex = n.children.find((c) => c?.type === 'expression');
  if (!id || id.isMissing) return undefined;
  const expr: Expr =
    ex && !ex.isMissing
      ? convertExpr(ex, text)
      : { t: 'bad', why: 'missing value', span: { start: n.endIndex, end: n.endIndex } };
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
  if (bodyNode && nesting.level >= MAX_NESTING) deeper(bodyNode);
  else if (bodyNode) {
    nesting.level++;
    try {
      body = convertBody(bodyNode, text);
    } finally {
      nesting.level--;
    }
  }
  return { type, labels, body, span: sp(n), open, close, unclosed };
}
