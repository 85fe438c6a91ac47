import type { Attribute, Block, Body, Expr } from '../../parsers/hclAst';

/**
 * Finding the HCL syntax at an offset, for hovers and completion: the blocks around it (outermost
 * first), the attribute whose name or value holds it, and the expressions from that value down to
 * the innermost one at the offset.
 */
export interface HclSite {
  blocks: Block[];
  attribute?: Attribute;
  /** True when the offset is on the attribute's name rather than in its value. */
  onName: boolean;
}

function inside(span: { start: number; end: number }, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

export function siteAt(body: Body, offset: number): HclSite | undefined {
  const blocks: Block[] = [];
  let cur: Body = body;
  for (;;) {
    const a = cur.attributes.find((x) => inside(x.span, offset));
    if (a) return { blocks, attribute: a, onName: inside(a.nameSpan, offset) && offset < a.nameSpan.end };
    const b = cur.blocks.find((x) => inside(x.span, offset));
    if (!b) return blocks.length ? { blocks, onName: false } : undefined;
    blocks.push(b);
    cur = b.body;
  }
}

/** The direct sub-expressions of an expression. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.t) {
    case 'tpl':
      return e.parts.filter((p): p is Expr => typeof p !== 'string');
    case 'attr':
      return [e.obj];
    case 'index':
      return [e.obj, e.key];
    case 'splat':
      return [e.obj, e.each];
    case 'call':
      return e.args;
    case 'tuple':
      return e.items;
    case 'object':
      return e.items.flatMap((i) => [i.key, i.value]);
    case 'cond':
      return [e.cond, e.then, e.else];
    case 'unary':
      return [e.x];
    case 'binary':
      return [e.l, e.r];
    case 'for':
      return [e.coll, ...(e.key ? [e.key] : []), e.value, ...(e.cond ? [e.cond] : [])];
    case 'lit':
    case 'var':
    case 'splatItem':
    case 'bad':
      return [];
  }
}

/** The expressions containing the offset, outermost first. */
export function exprPath(e: Expr, offset: number): Expr[] {
  const out: Expr[] = [];
  let cur: Expr | undefined = e;
  while (cur && inside(cur.span, offset)) {
    out.push(cur);
    cur = childrenOf(cur).find((c) => inside(c.span, offset));
  }
  return out;
}

/** The name an object item or attribute gives the value at the offset (`instance_types = [...]`). */
export function objectKeyAt(e: Expr, offset: number): { key: string; value: Expr } | undefined {
  let found: { key: string; value: Expr } | undefined;
  const walk = (x: Expr) => {
    if (!inside(x.span, offset)) return;
    if (x.t === 'object') {
      for (const i of x.items) {
        if (!inside(i.value.span, offset)) continue;
        const key = i.ident ?? (i.key.t === 'lit' && typeof i.key.value === 'string' ? i.key.value : undefined);
        if (key !== undefined) found = { key, value: i.value };
      }
    }
    for (const c of childrenOf(x)) walk(c);
  };
  walk(e);
  return found;
}
