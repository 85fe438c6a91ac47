import { type LNode, isMap, isSeq, isScalar, get, str } from '../../../parsers/tree';
import { type CfnTemplate, fnCall } from './template';
import { type CfnValue, Unknown, ResRef, Sym, AzList, NO_VALUE, NoValue, isList, textOf, concat, sameValue, whyNotString } from './values';
import { cidrFn, parseSub } from './functions';
import { getAttr } from './attributes';
import { declaresLanguageExtensions, needsTransform, lengthOf, toJsonString } from './languageExtensions';

const PSEUDO = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::StackName', 'AWS::StackId', 'AWS::Partition', 'AWS::URLSuffix']);
const MAX_DEPTH = 64;
/**
 * YAML aliases make the template a DAG, and evaluating it expands every alias: a billion-laughs
 * template would never finish. One top-level evaluation (a property, a condition) may visit this
 * many nodes, and one template all its evaluations together this many; past that the value is an
 * Unknown that says so, never a partial guess.
 */
export const MAX_EVAL_NODES = 100_000;
export const MAX_TEMPLATE_NODES = 2_000_000;

/**
 * Evaluates template values statically, only where AWS would get the same answer: parameters
 * (override file, else Default), mappings, static conditions, resource properties reached through
 * Ref/GetAtt, and the pure functions. Everything else is an Unknown with a reason; nothing is guessed.
 */
export class Evaluator {
  private depth = 0;
  /** Nodes the current top-level evaluation may still visit, and the template's evaluations in total. */
  private budget = MAX_EVAL_NODES;
  private total = 0;
  private readonly condCache = new Map<string, boolean | Unknown>();

  constructor(readonly t: CfnTemplate, readonly overrides: ReadonlyMap<string, string> = new Map()) {}

  eval(n: LNode | undefined): CfnValue {
    if (this.depth > 0) return this.evalNode(n);
    if (this.total > MAX_TEMPLATE_NODES) return new Unknown(`the template expands to more than ${MAX_TEMPLATE_NODES} values (YAML aliases?); eksnet evaluates at most ${MAX_TEMPLATE_NODES} per template`);
    this.budget = MAX_EVAL_NODES;
    const v = this.evalNode(n);
    this.total += MAX_EVAL_NODES - Math.max(this.budget, 0);
    // A value cut short by the budget is not returned in part: its known pieces would be a guess about the whole.
    return this.budget < 0 ? new Unknown(`the value expands to more than ${MAX_EVAL_NODES} nodes (YAML aliases?); eksnet evaluates at most ${MAX_EVAL_NODES}`) : v;
  }

  private evalNode(n: LNode | undefined): CfnValue {
    if (!n) return NO_VALUE;
    if (--this.budget < 0) return new Unknown('expansion limit');
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      return new Unknown('references nest too deeply (a cycle?)');
    }
    try {
      const call = fnCall(n);
      if (call) return this.call(call.name, call.arg);
      if (isScalar(n)) {
        // A dynamic reference (`{{resolve:ssm:/path}}`) is replaced by CloudFormation at deployment.
        if (typeof n.value === 'string' && n.value.includes('{{resolve:')) return new Unknown(`${n.value} is a dynamic reference resolved at deployment`);
        return n.value;
      }
      if (isSeq(n)) return n.items.map((i) => this.eval(i)).filter((v) => !(v instanceof NoValue));
      const out: { [k: string]: CfnValue } = {};
      for (const e of n.entries) {
        const v = this.eval(e.value);
        if (!(v instanceof NoValue)) out[String(e.key.value)] = v;
      }
      return out;
    } finally {
      this.depth--;
    }
  }

  private langExt: boolean | undefined;

  /** Whether the template declares `Transform: AWS::LanguageExtensions` (Fn::Length and friends). */
  languageExtensions(): boolean {
    return (this.langExt ??= declaresLanguageExtensions(this.t.root));
  }

  /** A property of a resource of this template, evaluated (NoValue when absent). */
  prop(logicalId: string, path: string[]): CfnValue {
    const r = this.t.resources.get(logicalId);
    let n: LNode | undefined = r?.properties;
    for (const p of path) n = get(n, p);
    return this.eval(n);
  }

  ref(name: string): CfnValue {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name === 'AWS::NotificationARNs') return new Unknown('AWS::NotificationARNs is set at deployment');
    if (PSEUDO.has(name)) return new Sym(`\${${name}}`);
    const p = this.t.parameters.get(name);
    if (p) return this.parameter(name, p);
    if (this.t.resources.has(name)) return new ResRef(name);
    return new Unknown(`${name} is not a parameter or resource of this template`);
  }

  private parameter(name: string, p: LNode): CfnValue {
    const type = str(get(p, 'Type')) ?? 'String';
    const override = this.overrides.get(name);
    let v: CfnValue;
    if (override !== undefined) v = override;
    else {
      const d = get(p, 'Default');
      if (!d) return new Unknown(`parameter ${name} has no Default and no value in a parameters file`);
      v = this.eval(d);
    }
    if (/^(CommaDelimitedList|List<)/.test(type) || type.startsWith('AWS::SSM::Parameter::Value<List<')) {
      if (type.startsWith('AWS::SSM::')) return new Unknown(`parameter ${name} is read from SSM at deployment`);
      const s = textOf(v);
      return typeof s === 'string' ? s.split(',').map((x) => x.trim()) : isList(v) ? v : new Unknown(`parameter ${name} is not a list`);
    }
    if (type.startsWith('AWS::SSM::')) return new Unknown(`parameter ${name} is read from SSM at deployment`);
    return v;
  }

  condition(name: string): boolean | Unknown {
    const cached = this.condCache.get(name);
    if (cached !== undefined) return cached;
    // Guards against a condition that refers to itself.
    this.condCache.set(name, new Unknown(`condition ${name} refers to itself`));
    const node = this.t.conditions.get(name);
    const v = node ? this.eval(node) : new Unknown(`condition ${name} is not declared`);
    const r = typeof v === 'boolean' ? v : v instanceof Unknown ? v : new Unknown(`condition ${name} is not a boolean`);
    this.condCache.set(name, r);
    return r;
  }

  private call(name: string, arg: LNode): CfnValue {
    const args = () => (isSeq(arg) ? arg.items : [arg]);
    switch (name) {
      case 'Ref': {
        const s = str(arg);
        return s === undefined ? new Unknown('Ref needs a name') : this.ref(s);
      }
      case 'Condition': {
        const s = str(arg);
        return s === undefined ? new Unknown('Condition needs a name') : this.condition(s);
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
          attr = this.eval(arg.items[1]);
        }
        if (!id || typeof attr !== 'string') return new Unknown('Fn::GetAtt needs a resource and an attribute name');
        return getAttr(this, id, attr);
      }
      case 'Fn::Join': {
        const [d, list] = args().map((a) => this.eval(a));
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
        const [i, list] = args().map((a) => this.eval(a));
        const index = typeof i === 'number' ? i : typeof i === 'string' && /^\d+$/.test(i) ? Number(i) : NaN;
        if (!Number.isInteger(index) || index < 0) return i instanceof Unknown ? i : new Unknown('Fn::Select needs a non-negative index');
        if (list instanceof AzList) return new Sym(`${list.region}[${index}]`);
        if (!isList(list)) return list instanceof Unknown ? list : new Unknown(`Fn::Select from ${whyNotString(list)}`);
        return index < list.length ? list[index] : new Unknown(`Fn::Select: index ${index} is past the end of a list of ${list.length}, so the stack would fail`);
      }
      case 'Fn::Split': {
        const [d, s] = args().map((a) => this.eval(a));
        if (typeof d !== 'string' || d === '') return new Unknown('Fn::Split needs a delimiter');
        if (typeof s !== 'string') return s instanceof Unknown ? s : new Unknown('Fn::Split of a value known only at deployment');
        return s.split(d);
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Cidr': {
        const [b, c, bits] = args().map((a) => this.eval(a));
        if (typeof b !== 'string') return b instanceof Unknown ? b : new Unknown('Fn::Cidr of a block known only at deployment');
        const num = (x: CfnValue) => (typeof x === 'number' ? x : typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : NaN);
        if (Number.isNaN(num(c)) || Number.isNaN(num(bits))) return new Unknown('Fn::Cidr needs a numeric count and cidrBits');
        return cidrFn(b, num(c), num(bits));
      }
      case 'Fn::GetAZs': {
        const r = this.eval(arg);
        if (r === '' || r === null) return new AzList('${AWS::Region}');
        if (typeof r === 'string') return new AzList(r);
        if (r instanceof Sym) return new AzList(r.text);
        return new Unknown('Fn::GetAZs of an unknown region');
      }
      case 'Fn::FindInMap': {
        const items = args();
        const [m, k1, k2] = items.slice(0, 3).map((a) => this.eval(a));
        // `[Map, Key1, Key2, {DefaultValue: x}]` (language extensions): x when the keys are not in the map.
        const dflt = items.length > 3 ? get(items[3], 'DefaultValue') : undefined;
        if (items.length > 3 && !this.languageExtensions()) return needsTransform('Fn::FindInMap with DefaultValue');
        if (typeof m !== 'string' || textOf(k1) === undefined || textOf(k2) === undefined) {
          return new Unknown('Fn::FindInMap with keys known only at deployment');
        }
        const [a, b] = [textOf(k1), textOf(k2)];
        if (a instanceof Sym || b instanceof Sym) {
          // Keyed by the partition or region: one fixed value per deployment, equal to itself, like a zone token.
          if (!get(this.t.mappings, m)) return new Unknown(`Fn::FindInMap: ${m} is not in the Mappings`);
          const t = (x: string | Sym) => (x instanceof Sym ? x.text : x);
          return new Sym(`\${Fn::FindInMap(${m}, ${t(a!)}, ${t(b!)})}`);
        }
        const v = get(get(get(this.t.mappings, m), a as string), b as string);
        if (!v && dflt) return this.eval(dflt);
        return v ? this.eval(v) : new Unknown(`Fn::FindInMap: ${m}.${a}.${b} is not in the Mappings, so the stack would fail`);
      }
      case 'Fn::If': {
        const [c, a, b] = args();
        const cond = str(c);
        if (!cond || !a || !b) return new Unknown('Fn::If needs a condition name and two values');
        const v = this.condition(cond);
        if (typeof v === 'boolean') return this.eval(v ? a : b);
        // A condition known only at deployment: both branches are considered, and only a value they agree on is kept.
        const [va, vb] = [this.eval(a), this.eval(b)];
        return sameValue(va, vb) ? va : new Unknown(`depends on condition ${cond}, which is not static (${v.why})`);
      }
      case 'Fn::Equals': {
        const [a, b] = args().map((x) => this.eval(x));
        if (a === undefined || b === undefined) return new Unknown('Fn::Equals needs two values');
        if (sameValue(a, b)) return true;
        const concrete = (x: CfnValue) => !(x instanceof Unknown || x instanceof ResRef || x instanceof Sym || x instanceof AzList);
        return concrete(a) && concrete(b) ? false : new Unknown('Fn::Equals of a value known only at deployment');
      }
      case 'Fn::Not': {
        const v = this.eval(args()[0]);
        return typeof v === 'boolean' ? !v : v instanceof Unknown ? v : new Unknown('Fn::Not needs a condition');
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const vs = args().map((x) => this.eval(x));
        const decisive = name === 'Fn::Or';
        if (vs.some((v) => v === decisive)) return decisive;
        if (vs.every((v) => typeof v === 'boolean')) return !decisive;
        return new Unknown(`${name} of a condition known only at deployment`);
      }
      case 'Fn::Base64': {
        const v = this.eval(arg);
        return typeof v === 'string' ? Buffer.from(v, 'utf8').toString('base64') : new Unknown('Fn::Base64 of a value known only at deployment');
      }
      case 'Fn::Length':
        return this.languageExtensions() ? lengthOf(this.eval(arg)) : needsTransform(name);
      case 'Fn::ToJsonString':
        return this.languageExtensions() ? toJsonString(this.eval(arg)) : needsTransform(name);
      case 'Fn::ImportValue':
        return new Unknown('Fn::ImportValue reads another stack\'s export');
      default:
        return new Unknown(`${name} is not evaluated by eksnet`);
    }
  }

  private sub(arg: LNode): CfnValue {
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
      if (local) v = this.eval(local);
      else if (p.ref.includes('.') && !p.ref.startsWith('AWS::')) {
        const dot = p.ref.indexOf('.');
        v = getAttr(this, p.ref.slice(0, dot), p.ref.slice(dot + 1));
      } else v = this.ref(p.ref);
      const t = textOf(v);
      if (t === undefined) return v instanceof Unknown ? v : new Unknown(`Fn::Sub: \${${p.ref}} is known only after deployment`);
      parts.push(t);
    }
    return concat(parts);
  }
}
