/**
 * The intrinsic functions (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Select`, the condition functions and
 * the rest) as the Evaluator computes them. The Evaluator (evaluate.ts) walks the template and keeps
 * the budgets and caches; this file is the table of what each function means, which is the larger
 * half and changes for different reasons (a new function, a new language extension).
 */
import { type LNode, isMap, isSeq, isScalar, get, str } from '../../parsers/tree';
import type { EvalContext } from './context';
import { type CfnValue, Unknown, ResRef, Sym, AzList, isList, textOf, concat, sameValue, whyNotString } from './values';
import { parseSub } from './functions';
import { getAttr } from './attributes';
import { needsTransform, lengthOf, toJsonString } from './languageExtensions';

/** The value of the intrinsic function `name` called with `arg` (its argument node, unevaluated). */
export function callIntrinsic(ev: EvalContext, name: string, arg: LNode): CfnValue {
  const args = () => (isSeq(arg) ? arg.items : [arg]);
  switch (name) {
    case 'Ref': {
      const s = str(arg);
      return s === undefined ? new Unknown('Ref needs a name') : ev.ref(s);
    }
    case 'Condition': {
      const s = str(arg);
      return s === undefined ? new Unknown('Condition needs a name') : ev.condition(s);
    }
    case 'Fn::GetAtt': {
      let id: string | undefined;
      let attr: CfnValue | undefined;
      if (isScalar(arg)) {
        const s = str(arg) ?? '';
        const dot = s.indexOf('.');
        if (dot > 0) [id, attr] = [s.slice(0, dot), s.slice(dot + 1)];
      } else if (isSeq(arg) && arg.items.length === 2) {
        id = str(arg.items[0]);
        attr = ev.eval(arg.items[1]);
      }
      if (!id || typeof attr !== 'string') return new Unknown('Fn::GetAtt needs a resource and an attribute name');
      return getAttr(ev, id, attr);
    }
    case 'Fn::Join': {
      const [d, list] = args().map((a) => ev.eval(a));
      if (typeof d !== 'string') return new Unknown('Fn::Join needs a delimiter string');
      if (!isList(list)) return list instanceof Unknown ? list : new Unknown('Fn::Join needs a list');
      const parts: (string | Sym)[] = [];
      for (const [i, x] of list.entries()) {
        const t = textOf(x);
        if (t === undefined) return x instanceof Unknown ? x : new Unknown(`Fn::Join: element ${i} is not known`);
        if (i > 0) parts.push(d);
        parts.push(t);
      }
      return concat(parts);
    }
    case 'Fn::Select': {
      const [i, list] = args().map((a) => ev.eval(a));
      const index = typeof i === 'number' ? i : typeof i === 'string' && /^\d+$/.test(i) ? Number(i) : NaN;
      if (!Number.isInteger(index) || index < 0)
        return i instanceof Unknown ? i : new Unknown('Fn::Select needs a non-negative index');
      if (list instanceof AzList) return new Sym(`${list.region}[${index}]`);
      if (!isList(list)) return list instanceof Unknown ? list : new Unknown(`Fn::Select from ${whyNotString(list)}`);
      return index < list.length
        ? list[index]
        : new Unknown(
            `Fn::Select: index ${index} is past the end of a list of ${list.length}, so the stack would fail`,
          );
    }
    case 'Fn::Split': {
      const [d, s] = args().map((a) => ev.eval(a));
      if (typeof d !== 'string' || d === '') return new Unknown('Fn::Split needs a delimiter');
      if (typeof s !== 'string')
        return s instanceof Unknown ? s : new Unknown('Fn::Split of a value known only at deployment');
      return s.split(d);
    }
    case 'Fn::Sub':
      return sub(ev, arg);
    case 'Fn::Cidr': {
      const [b, c, bits] = args().map((a) => ev.eval(a));
      if (typeof b !== 'string')
        return b instanceof Unknown ? b : new Unknown('Fn::Cidr of a block known only at deployment');
      const num = (x: CfnValue) =>
        typeof x === 'number' ? x : typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : NaN;
      if (Number.isNaN(num(c)) || Number.isNaN(num(bits)))
        return new Unknown('Fn::Cidr needs a numeric count and cidrBits');
      return ev.cidr(b, num(c), num(bits));
    }
    case 'Fn::GetAZs': {
      const r = ev.eval(arg);
      if (r === '' || r === null) return new AzList('${AWS::Region}');
      if (typeof r === 'string') return new AzList(r);
      if (r instanceof Sym) return new AzList(r.text);
      return new Unknown('Fn::GetAZs of an unknown region');
    }
    case 'Fn::FindInMap': {
      const items = args();
      const [m, k1, k2] = items.slice(0, 3).map((a) => ev.eval(a));
      // `[Map, Key1, Key2, {DefaultValue: x}]` (language extensions): x when the keys are not in the map.
      const dflt = items.length > 3 ? get(items[3], 'DefaultValue') : undefined;
      if (items.length > 3 && !ev.languageExtensions()) return needsTransform('Fn::FindInMap with DefaultValue');
      if (typeof m !== 'string' || textOf(k1) === undefined || textOf(k2) === undefined) {
        return new Unknown('Fn::FindInMap with keys known only at deployment');
      }
      const [a, b] = [textOf(k1), textOf(k2)];
      if (a instanceof Sym || b instanceof Sym) {
        // Keyed by the partition or region: one fixed value per deployment, equal to itself, like a zone token.
        if (!get(ev.t.mappings, m)) return new Unknown(`Fn::FindInMap: ${m} is not in the Mappings`);
        const t = (x: string | Sym) => (x instanceof Sym ? x.text : x);
        return new Sym(`\${Fn::FindInMap(${m}, ${t(a!)}, ${t(b!)})}`);
      }
      const v = get(get(get(ev.t.mappings, m), a as string), b as string);
      if (!v && dflt) return ev.eval(dflt);
      return v
        ? ev.eval(v)
        : new Unknown(`Fn::FindInMap: ${m}.${a}.${b} is not in the Mappings, so the stack would fail`);
    }
    case 'Fn::If': {
      const [c, a, b] = args();
      const cond = str(c);
      if (!cond || !a || !b) return new Unknown('Fn::If needs a condition name and two values');
      const v = ev.condition(cond);
      if (typeof v === 'boolean') return ev.eval(v ? a : b);
      // A condition known only at deployment: both branches are considered, and only a value they agree on is kept.
      const [va, vb] = [ev.eval(a), ev.eval(b)];
      return sameValue(va, vb) ? va : new Unknown(`depends on condition ${cond}, which is not static (${v.why})`);
    }
    case 'Fn::Equals': {
      const [a, b] = args().map((x) => ev.eval(x));
      if (a === undefined || b === undefined) return new Unknown('Fn::Equals needs two values');
      if (sameValue(a, b)) return true;
      const concrete = (x: CfnValue) =>
        !(x instanceof Unknown || x instanceof ResRef || x instanceof Sym || x instanceof AzList);
      return concrete(a) && concrete(b) ? false : new Unknown('Fn::Equals of a value known only at deployment');
    }
    case 'Fn::Not': {
      const v = ev.eval(args()[0]);
      return typeof v === 'boolean' ? !v : v instanceof Unknown ? v : new Unknown('Fn::Not needs a condition');
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const vs = args().map((x) => ev.eval(x));
      const decisive = name === 'Fn::Or';
      if (vs.some((v) => v === decisive)) return decisive;
      if (vs.every((v) => typeof v === 'boolean')) return !decisive;
      return new Unknown(`${name} of a condition known only at deployment`);
    }
    case 'Fn::Base64': {
      const v = ev.eval(arg);
      return typeof v === 'string'
        ? Buffer.from(v, 'utf8').toString('base64')
        : new Unknown('Fn::Base64 of a value known only at deployment');
    }
    case 'Fn::Length':
      return ev.languageExtensions() ? lengthOf(ev.eval(arg)) : needsTransform(name);
    case 'Fn::ToJsonString':
      return ev.languageExtensions() ? toJsonString(ev.eval(arg)) : needsTransform(name);
    case 'Fn::ImportValue':
      return new Unknown("Fn::ImportValue reads another stack's export");
    default:
      return new Unknown(`${name} is not evaluated by eksnet`);
  }
}

/** `Fn::Sub` in both forms: a string, or `[string, {Name: value}]` with local variables. */
function sub(ev: EvalContext, arg: LNode): CfnValue {
  let tpl: LNode | undefined = arg;
  const vars = new Map<string, LNode>();
  if (isSeq(arg)) {
    tpl = arg.items[0];
    const m = arg.items[1];
    if (isMap(m)) for (const e of m.entries) vars.set(String(e.key.value), e.value);
  }
  const s = str(tpl);
  if (s === undefined || !isScalar(tpl)) return new Unknown('Fn::Sub needs a string');
  const parts: (string | Sym)[] = [];
  for (const p of parseSub(s)) {
    if ('text' in p) {
      parts.push(p.text);
      continue;
    }
    const local = vars.get(p.ref);
    let v: CfnValue;
    if (local) v = ev.eval(local);
    else if (p.ref.includes('.') && !p.ref.startsWith('AWS::')) {
      const dot = p.ref.indexOf('.');
      v = getAttr(ev, p.ref.slice(0, dot), p.ref.slice(dot + 1));
    } else v = ev.ref(p.ref);
    const t = textOf(v);
    if (t === undefined)
      return v instanceof Unknown ? v : new Unknown(`Fn::Sub: \${${p.ref}} is known only after deployment`);
    parts.push(t);
  }
  return concat(parts);
}
