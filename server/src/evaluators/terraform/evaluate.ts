import type { Expr } from '../../parsers/hclAst';
import type { FileSpan } from '../../base/span';
import { FUNCTIONS } from './functions';
import {
  MAX_LIST,
  MAX_STRING,
  NULL,
  asBool,
  asNumber,
  asString,
  bool,
  equal,
  error,
  identity,
  list,
  listParts,
  locate,
  map,
  num,
  openMap,
  partialList,
  sortedEntries,
  str,
  tooLong,
  tooMany,
  unknown,
  type TfValue,
} from './values';

/**
 * Evaluates one HCL expression. Names are resolved by the module (`Resolver`): `var.x`, `local.x`,
 * `aws_vpc.main`, `data.x.y`, `module.x`; `bindings` hold for-expression, count and each values.
 * Every result carries `at`: a literal keeps where it was written, a computed value gets the span
 * of the expression that computed it.
 */
export interface Resolver {
  /** `root.attr` for a root name that is not a local binding (var, local, resource types...). */
  ref(root: string, attr: string): TfValue | undefined;
  /** A bare root name (`count`, `each`, `self`, `path`...). */
  root(name: string): TfValue | undefined;
}

export interface Env {
  file: string;
  resolver: Resolver;
  bindings?: Map<string, TfValue>;
  /**
   * Evaluation steps the module may still take (shared by every Env of one module). Nested for
   * expressions over ranges multiply: `[for a in range(1000) : [for b in range(1000) : ...]]` would
   * take minutes. Each evaluated expression and each list element produced costs a step.
   */
  budget?: Budget;
}

export interface Budget {
  left: number;
  stopped?: boolean;
  /** Called once, with the expression being evaluated when the steps ran out. */
  onExhausted?: (at: FileSpan) => void;
}

/** Steps one module's evaluation may take (see Env.budget); real configurations take a few thousand. */
export const MAX_STEPS = 1_000_000;

function outOfSteps(): TfValue {
  return unknown(
    `evaluation stopped: this module needs more than ${MAX_STEPS} evaluation steps; eksnet evaluates at most ${MAX_STEPS}`,
  );
}

const SPLAT = '\u0000splat';

export function bind(env: Env, values: Record<string, TfValue>): Env {
  const bindings = new Map(env.bindings);
  for (const [k, v] of Object.entries(values)) bindings.set(k, v);
  // Written out, not spread: `{ ...env, bindings }` gave every Env a shape of its own (see locate).
  const { file, resolver, budget } = env;
  return budget === undefined ? { file, resolver, bindings } : { file, resolver, bindings, budget };
}

export function evaluate(e: Expr, env: Env): TfValue {
  // The location is made only when the value needs one: most values carry theirs already.
  if (env.budget && spend(env.budget, 1, e, env)) return locate(outOfSteps(), { file: env.file, span: e.span });
  const v = evalRaw(e, env);
  if (env.budget && v.k === 'list') spend(env.budget, v.items.length, e, env);
  return v.at ? v : locate(v, { file: env.file, span: e.span });
}

/** Takes steps from the budget; true when it is used up (the first time, `onExhausted` says where). */
function spend(b: Budget, n: number, e: Expr, env: Env): boolean {
  b.left -= n;
  if (b.left >= 0) return false;
  if (!b.stopped) {
    b.stopped = true;
    b.onExhausted?.({ file: env.file, span: e.span });
  }
  return true;
}

function evalRaw(e: Expr, env: Env): TfValue {
  switch (e.t) {
    case 'lit':
      return e.value === null
        ? NULL
        : typeof e.value === 'string'
          ? str(e.value)
          : typeof e.value === 'number'
            ? num(e.value)
            : bool(e.value);
    case 'tpl':
      return template(e, env);
    case 'var': {
      const b = env.bindings?.get(e.name);
      if (b) return b;
      return env.resolver.root(e.name) ?? error(`unknown name "${e.name}"`);
    }
    case 'splatItem':
      return env.bindings?.get(SPLAT) ?? error('splat outside a splat expression');
    case 'attr': {
      if (e.obj.t === 'var' && !env.bindings?.has(e.obj.name)) {
        const v = env.resolver.ref(e.obj.name, e.name);
        if (v) return v;
      }
      return getAttr(evaluate(e.obj, env), e.name);
    }
    case 'index':
      return index(evaluate(e.obj, env), evaluate(e.key, env));
    case 'splat': {
      const v = evaluate(e.obj, env);
      if (v.k === 'unknown' && !v.partial) return v.error ? v : unknown(v.why);
      const parts = v.k === 'null' ? undefined : listParts(v);
      const items = v.k === 'null' ? [] : parts ? parts.items : [v];
      const out: TfValue[] = [];
      for (const i of items) {
        if (env.budget && env.budget.left < 0) return outOfSteps();
        out.push(evaluate(e.each, bind(env, { [SPLAT]: i })));
      }
      // A splat over a partly known list is as known as the list.
      if (parts && !parts.complete) return partialList(out, parts.prefix, parts.why ?? 'unknown list', parts.set);
      return list(out);
    }
    case 'call':
      return call(e, env);
    case 'tuple':
      return list(e.items.map((i) => evaluate(i, env)));
    case 'object': {
      const m = new Map<string, TfValue>();
      const keyAt = new Map<string, FileSpan>();
      for (const item of e.items) {
        let key: string | undefined = item.ident;
        if (key === undefined) {
          const kv = evaluate(item.key, env);
          if (kv.k === 'unknown') return kv.error ? kv : unknown(kv.why);
          key = asString(kv);
          if (key === undefined) return error('object keys must be strings');
        }
        m.set(key, evaluate(item.value, env));
        keyAt.set(key, { file: env.file, span: item.key.span });
      }
      return { k: 'map', entries: m, keyAt };
    }
    case 'cond': {
      const c = evaluate(e.cond, env);
      if (c.k === 'unknown') return c.error ? c : common(evaluate(e.then, env), evaluate(e.else, env), c.why);
      const b = asBool(c);
      if (b === undefined) return error('the condition must be a bool');
      return evaluate(b ? e.then : e.else, env);
    }
    case 'unary': {
      const x = evaluate(e.x, env);
      if (x.k === 'unknown') return x.error ? x : unknown(x.why);
      if (e.op === '!') {
        const b = asBool(x);
        return b === undefined ? error('! needs a bool') : bool(!b);
      }
      const n = asNumber(x);
      return n === undefined ? error('- needs a number') : num(-n);
    }
    case 'binary':
      return binary(e.op, evaluate(e.l, env), evaluate(e.r, env));
    case 'for':
      return forExpr(e, env);
    case 'bad':
      return unknown(`not evaluated: ${e.why}`);
  }
}

function template(e: Extract<Expr, { t: 'tpl' }>, env: Env): TfValue {
  // A template that is a single interpolation returns the value itself, not its string form.
  if (e.parts.length === 1 && typeof e.parts[0] !== 'string') return evaluate(e.parts[0], env);
  let out = '';
  for (const p of e.parts) {
    let s: string | undefined;
    if (typeof p === 'string') s = p;
    else {
      const v = evaluate(p, env);
      if (v.k === 'unknown') return v.error ? v : unknown(v.why);
      s = asString(v);
      if (s === undefined) return error('only strings, numbers and bools can be interpolated');
    }
    if (out.length + s.length > MAX_STRING) return tooLong(out.length + s.length);
    out += s;
  }
  return str(out);
}

export function getAttr(v: TfValue, name: string): TfValue {
  if (v.k === 'unknown') return v.error ? v : unknown(v.why);
  if (v.k === 'map') {
    const x = v.entries.get(name);
    if (x) return x;
    if (v.open?.why) return unknown(v.open.why);
    if (v.open)
      return name === 'id'
        ? unknown(`${v.open.address}.id is known after apply`, v.open.address)
        : unknown(`${v.open.address}.${name} is known after apply`);
    return error(`no attribute "${name}"`);
  }
  return error(`cannot read "${name}" from a ${v.k}`);
}

export function index(v: TfValue, key: TfValue): TfValue {
  if (key.k === 'unknown') return key.error ? key : v.k === 'unknown' && v.error ? v : unknown(key.why);
  if (v.k === 'unknown') {
    // A partly known list answers for the elements whose index is certain.
    const i = asNumber(key);
    if (v.partial && i !== undefined && Number.isInteger(i) && i >= 0 && i < v.partial.prefix && !v.partial.set)
      return v.partial.items[i];
    return v.error ? v : unknown(v.why);
  }
  if (v.k === 'list') {
    const i = asNumber(key);
    if (i === undefined || !Number.isInteger(i)) return error('a list index must be a whole number');
    return v.items[i] ?? error(`index ${i} is out of range (length ${v.items.length})`);
  }
  if (v.k === 'map') {
    const k = asString(key);
    if (k === undefined) return error('a map key must be a string');
    return getAttr(v, k);
  }
  return error(`cannot index a ${v.k}`);
}

function call(e: Extract<Expr, { t: 'call' }>, env: Env): TfValue {
  if (e.name === 'try') {
    for (const a of e.args) {
      const v = evaluate(a, env);
      if (!(v.k === 'unknown' && v.error)) return v;
    }
    return error('try: every argument failed');
  }
  if (e.name === 'can') {
    const v = e.args[0] ? evaluate(e.args[0], env) : error('can: no argument');
    return v.k === 'unknown' ? (v.error ? bool(false) : unknown(v.why)) : bool(true);
  }
  const fn = FUNCTIONS[e.name];
  if (!fn) return unknown(`the function ${e.name}() is not evaluated by eksnet`);
  let args = e.args.map((a) => evaluate(a, env));
  const failed = args.find((a) => a.k === 'unknown' && a.error);
  if (failed) return failed;
  if (e.expand && args.length) {
    const last = args[args.length - 1];
    if (last.k === 'unknown') return unknown(last.why);
    if (last.k !== 'list') return error(`${e.name}: only a list can be expanded with "..."`);
    if (last.items.length > MAX_LIST) return tooMany(last.items.length);
    args = [...args.slice(0, -1), ...last.items];
  }
  return fn(args);
}

function binary(op: string, l: TfValue, r: TfValue): TfValue {
  for (const x of [l, r]) if (x.k === 'unknown') return x.error ? x : unknown(x.why);
  if (op === '==' || op === '!=') {
    // Terraform converts a number and its string form to compare them.
    const same =
      equal(l, r) ||
      (asString(l) !== undefined && l.k !== r.k && asString(l) === asString(r) && l.k !== 'bool' && r.k !== 'bool');
    return bool(op === '==' ? same : !same);
  }
  if (op === '&&' || op === '||') {
    const [a, b] = [asBool(l), asBool(r)];
    if (a === undefined || b === undefined) return error(`${op} needs bools`);
    return bool(op === '&&' ? a && b : a || b);
  }
  const [a, b] = [asNumber(l), asNumber(r)];
  if (a === undefined || b === undefined) return error(`${op} needs numbers`);
  switch (op) {
    case '+':
      return num(a + b);
    case '-':
      return num(a - b);
    case '*':
      return num(a * b);
    case '/':
      return b === 0 ? error('division by zero') : num(a / b);
    case '%':
      return b === 0 ? error('division by zero') : num(a % b);
    case '<':
      return bool(a < b);
    case '<=':
      return bool(a <= b);
    case '>':
      return bool(a > b);
    case '>=':
      return bool(a >= b);
  }
  return error(`unknown operator ${op}`);
}

function forExpr(e: Extract<Expr, { t: 'for' }>, env: Env): TfValue {
  const coll = evaluate(e.coll, env);
  if (coll.k === 'unknown' && !coll.partial) return coll.error ? coll : unknown(coll.why);
  let pairs: [TfValue, TfValue][];
  // Over a partly known list the result is partly known too: elements whose condition or key is
  // unknown are left out and make it so (`missing`), and past `prefix` an element's index is not known.
  let missing: string | undefined;
  let prefix: number | undefined;
  if (coll.k === 'unknown') {
    const parts = coll.partial!;
    missing = coll.why;
    pairs = parts.items.map((v, i) => [parts.set ? v : i < parts.prefix ? num(i) : unknown(coll.why), v]);
  } else if (coll.k === 'list') pairs = coll.items.map((v, i) => [coll.set ? v : num(i), v]);
  else if (coll.k === 'map') {
    pairs = sortedEntries(coll).map(([k, v]) => [str(k), v]);
    // A map that may hold more keys (a merge with var.tags) gives a result that may hold more too.
    if (coll.open) missing = coll.open.why ?? `${coll.open.address} is known only after apply`;
  } else return error('for: expects a list, set, map or object');
  const collPrefix = coll.k === 'unknown' ? coll.partial!.prefix : pairs.length;
  const items: TfValue[] = [];
  const out = new Map<string, TfValue>();
  // Grouped values (`...`) are collected in arrays first: copying the list on every element is quadratic.
  const groups = new Map<string, TfValue[]>();
  for (const [n, [k, v]] of pairs.entries()) {
    if (env.budget && env.budget.left < 0) return outOfSteps();
    if (n === collPrefix) prefix ??= items.length;
    const inner = bind(env, e.keyVar ? { [e.keyVar]: k, [e.valVar]: v } : { [e.valVar]: v });
    if (e.cond) {
      const c = evaluate(e.cond, inner);
      if (c.k === 'unknown') {
        if (c.error) return c;
        missing ??= c.why;
        prefix ??= items.length;
        continue;
      }
      if (!asBool(c)) continue;
    }
    if (e.kind === 'tuple') {
      items.push(evaluate(e.value, inner));
      continue;
    }
    const kv = evaluate(e.key!, inner);
    if (kv.k === 'unknown') {
      if (kv.error) return kv;
      missing ??= kv.why;
      continue;
    }
    const ks = asString(kv);
    if (ks === undefined) return error('for: object keys must be strings');
    const val = evaluate(e.value, inner);
    if (e.group) {
      let g = groups.get(ks);
      if (!g) {
        groups.set(ks, (g = []));
        out.set(ks, list(g));
      }
      g.push(val);
    } else {
      if (out.has(ks)) return error(`for: duplicate key "${ks}"; add "..." to group values`);
      out.set(ks, val);
    }
  }
  if (e.kind === 'tuple')
    return missing === undefined ? list(items) : partialList(items, prefix ?? items.length, missing);
  // A grouped value may gain elements from the missing ones, so it is not certain either.
  if (missing !== undefined && e.group) for (const ks of groups.keys()) out.set(ks, unknown(missing));
  return missing === undefined ? map(out) : openMap(out, missing, 'for');
}

/**
 * The value of a conditional whose condition is unknown: what both branches agree on. Equal
 * branches give that value; two lists give the elements both hold (a partial list, exact up to
 * their common prefix); two maps the entries both have alike (an open map); anything else is
 * unknown. So `var.extra != null ? concat(local.ids, var.extra) : local.ids` keeps local.ids.
 */
function common(a: TfValue, b: TfValue, why: string): TfValue {
  if ((a.k === 'unknown' && a.error) || (b.k === 'unknown' && b.error)) return unknown(why);
  const ka = identity(a);
  if (ka !== undefined && ka === identity(b)) return a;
  const pa = listParts(a);
  const pb = listParts(b);
  if (pa && pb) {
    const keysB = new Set(pb.items.map(identity).filter((k) => k !== undefined));
    let prefix = 0;
    while (
      prefix < Math.min(pa.prefix, pb.prefix) &&
      identity(pa.items[prefix]) !== undefined &&
      identity(pa.items[prefix]) === identity(pb.items[prefix])
    )
      prefix++;
    const items = pa.items.filter((x, i) => i < prefix || keysB.has(identity(x) ?? '\u0000'));
    return partialList(items, prefix, why);
  }
  if (a.k === 'map' && b.k === 'map') {
    const m = new Map<string, TfValue>();
    for (const [k, x] of a.entries) {
      const y = b.entries.get(k);
      const kx = identity(x);
      if (y && kx !== undefined && kx === identity(y)) m.set(k, x);
    }
    return openMap(m, why, 'a conditional');
  }
  return unknown(why);
}
