import type { Attribute, Block, Body, Expr, ObjectItem } from './hclAst';
import type { Problem } from '../base/problem';
import type { LMap, LNode, LScalar } from './tree';
import { parseJson } from './json';
import { hclReady, type ParsedHcl } from './hcl';
import { MAX_PROBLEMS, template, type Cx } from './hclJsonTemplate';
import type { Span } from '../base/span';

/**
 * Terraform's JSON syntax (`*.tf.json`, `*.tfvars.json`) read into the same AST as native HCL, so a
 * module mixing .tf and .tf.json files evaluates as one. The rules follow
 * https://developer.hashicorp.com/terraform/language/syntax/json:
 * - the root object's properties are block types; each label level is one more object (or an
 *   array of them, which keeps order); `locals` is an object of names;
 * - a string where an expression is expected is a string template (`${...}` interpolations, `$${`
 *   escapes); a template that is a single interpolation yields the value itself;
 * - `"//"` properties of block bodies are comments; in expressions they are ordinary keys;
 * - some arguments are literal, never templates: everything in `variable` and `terraform` blocks,
 *   `source`/`version`/`providers` of modules, `description`/`sensitive` of outputs, `provider` and
 *   `depends_on` of resources, `alias`/`version` of providers; every value of a .tfvars.json file.
 * JSON cannot say whether an object property is a nested block or an object-valued argument (the
 * provider schema does); the nested block types eksnet reads are listed in NESTED.
 */
const LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
};

/** Nested block types (resource and data bodies) whose JSON objects are blocks, with their label count. */
const NESTED: Record<string, number> = {
  lifecycle: 0,
  vpc_config: 0,
  kubernetes_network_config: 0,
  scaling_config: 0,
  launch_template: 0,
  update_config: 0,
  remote_access: 0,
  taint: 0,
  route: 0,
  timeouts: 0,
  connection: 0,
  metadata_options: 0,
  network_interfaces: 0,
  block_device_mappings: 0,
  ebs: 0,
  tag_specifications: 0,
  access_config: 0,
  encryption_config: 0,
  provider: 0,
  ingress: 0,
  egress: 0,
  provisioner: 1,
  dynamic: 1,
  content: 0,
  upgrade_policy: 0,
  zonal_shift_config: 0,
};

const LITERAL: Record<string, Set<string> | 'all'> = {
  variable: 'all',
  terraform: 'all',
  module: new Set(['source', 'version', 'providers']),
  output: new Set(['description', 'sensitive']),
  resource: new Set(['provider', 'depends_on']),
  data: new Set(['provider', 'depends_on']),
  provider: new Set(['alias', 'version']),
};

const emptyBody = (span: Span): Body => ({ attributes: [], blocks: [], span });

/**
 * Parses a .tf.json (`vars` false) or .tfvars.json (`vars` true) text. Undefined while the HCL
 * parser is not loaded (interpolations are parsed by it); never throws on bad input.
 */
export function parseHclJson(text: string, vars: boolean): ParsedHcl | undefined {
  if (!vars && !hclReady()) return undefined;
  const parsed = parseJson(text);
  const problems: Problem[] = [...parsed.problems];
  const root = parsed.documents[0]?.root;
  const whole = { start: 0, end: text.length };
  if (!root || root.kind !== 'map') {
    if (root)
      problems.push({
        message: 'Syntax error: a Terraform JSON file holds one JSON object.',
        span: root.span,
        severity: 'error',
      });
    return { body: emptyBody(whole), problems: problems.slice(0, MAX_PROBLEMS) };
  }
  const cx: Cx = { text, problems };
  const body = vars ? varsBody(root) : configBody(root, cx);
  return { body, problems: problems.slice(0, MAX_PROBLEMS) };
}

function varsBody(root: LMap): Body {
  const attributes: Attribute[] = [];
  for (const e of root.entries) {
    const name = String(e.key.value);
    if (name === '//') continue;
    attributes.push({ name, nameSpan: inner(e.key), expr: literal(e.value), span: e.span });
  }
  return { attributes, blocks: [], span: root.span };
}

function configBody(root: LMap, cx: Cx): Body {
  const body = emptyBody(root.span);
  for (const e of root.entries) {
    const type = String(e.key.value);
    if (type === '//' || !(type in LABELS)) continue;
    if (type === 'locals') {
      for (const m of objects(e.value)) {
        const b = block(type, [], m, e.span);
        b.body.attributes = m.entries.filter((x) => String(x.key.value) !== '//').map((x) => attribute(x, false, cx));
        body.blocks.push(b);
      }
      continue;
    }
    labelled(e.value, LABELS[type], [], e.span, (labels, m, span) =>
      body.blocks.push(blockBody(type, type, labels, m, span, cx)),
    );
  }
  return body;
}

/** A JSON object, or each object of an array (the ordered form). */
function objects(n: LNode): LMap[] {
  if (n.kind === 'map') return [n];
  if (n.kind === 'seq') return n.items.filter((i): i is LMap => i.kind === 'map');
  return [];
}

/** Walks `levels` label levels (objects keyed by label, or arrays of them) down to block bodies. */
function labelled(
  n: LNode,
  levels: number,
  labels: Block['labels'],
  span: Span,
  out: (labels: Block['labels'], body: LMap, span: Span) => void,
): void {
  for (const m of objects(n)) {
    if (levels === 0) {
      out(labels, m, span);
      continue;
    }
    for (const e of m.entries) {
      const label = String(e.key.value);
      if (label === '//') continue;
      labelled(e.value, levels - 1, [...labels, { value: label, span: e.key.span }], e.span, out);
    }
  }
}

function block(type: string, labels: Block['labels'], m: LMap, span: Span): Block {
  return {
    type,
    labels,
    body: emptyBody(m.span),
    span,
    open: m.span.start + 1,
    close: Math.max(m.span.start + 1, m.span.end - 1),
    unclosed: false,
  };
}

/** A block body: nested block types become blocks, everything else arguments. */
function blockBody(top: string, type: string, labels: Block['labels'], m: LMap, span: Span, cx: Cx): Block {
  const b = block(type, labels, m, span);
  const lit = LITERAL[top];
  const nestedOk = top === 'resource' || top === 'data';
  for (const e of m.entries) {
    const name = String(e.key.value);
    if (name === '//') continue;
    const isObjects =
      e.value.kind === 'map' ||
      (e.value.kind === 'seq' && e.value.items.length > 0 && e.value.items.every((i) => i.kind === 'map'));
    if (nestedOk && name in NESTED && isObjects) {
      labelled(e.value, NESTED[name], [], e.span, (ls, bm, sp) =>
        b.body.blocks.push(blockBody(top, name, ls, bm, sp, cx)),
      );
      continue;
    }
    const literalArg = lit === 'all' || (type === top && !!lit?.has(name));
    b.body.attributes.push(attribute(e, literalArg, cx));
  }
  return b;
}

function attribute(e: LMap['entries'][number], literalArg: boolean, cx: Cx): Attribute {
  return {
    name: String(e.key.value),
    nameSpan: inner(e.key),
    expr: literalArg ? literal(e.value) : expression(e.value, cx),
    span: e.span,
  };
}

/** A quoted key's span without its quotes. */
function inner(k: LScalar): Span {
  return k.style === 'double' && k.span.end - k.span.start >= 2
    ? { start: k.span.start + 1, end: k.span.end - 1 }
    : k.span;
}

/** A JSON value taken literally (tfvars, variable defaults): strings are never templates. */
function literal(n: LNode): Expr {
  if (n.kind === 'seq') return { t: 'tuple', items: n.items.map(literal), span: n.span };
  if (n.kind === 'map')
    return {
      t: 'object',
      items: n.entries.map((e) => ({
        key: { t: 'lit', value: String(e.key.value), span: e.key.span },
        value: literal(e.value),
        span: e.span,
      })),
      span: n.span,
    };
  return { t: 'lit', value: n.value, span: n.span };
}

/** A JSON value where an expression is expected: strings are templates. */
function expression(n: LNode, cx: Cx): Expr {
  if (n.kind === 'seq') return { t: 'tuple', items: n.items.map((i) => expression(i, cx)), span: n.span };
  if (n.kind === 'map') {
    const items: ObjectItem[] = n.entries.map((e) => ({
      key:
        typeof e.key.value === 'string' && e.key.value.includes('${')
          ? template(e.key, cx)
          : { t: 'lit', value: String(e.key.value), span: e.key.span },
      value: expression(e.value, cx),
      span: e.span,
    }));
    return { t: 'object', items, span: n.span };
  }
  if (typeof n.value === 'string') return template(n, cx);
  return { t: 'lit', value: n.value, span: n.span };
}
