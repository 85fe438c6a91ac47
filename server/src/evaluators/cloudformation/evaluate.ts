/**
 * The CloudFormation Evaluator: walks a template's values with the limits that keep YAML aliases from
 * exploding, and resolves parameters, pseudo parameters and conditions. What each intrinsic function
 * computes is in intrinsics.ts, which this class calls for every `Fn::*` / `Ref` node.
 */
import { type LNode, isSeq, isScalar, get, str } from '../../parsers/tree';
import { type CfnTemplate, fnCall } from './template';
import { type CfnValue, Unknown, ResRef, Sym, NO_VALUE, NoValue, isList, textOf } from './values';
import { callIntrinsic } from './intrinsics';
import { cidrFn } from './functions';
import { declaresLanguageExtensions } from './languageExtensions';
import type { EvalContext } from './context';

const PSEUDO = new Set([
  'AWS::Region',
  'AWS::AccountId',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::Partition',
  'AWS::URLSuffix',
]);
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
export class Evaluator implements EvalContext {
  private depth = 0;
  /** Nodes the current top-level evaluation may still visit, and the template's evaluations in total. */
  private budget = MAX_EVAL_NODES;
  private total = 0;
  private readonly condCache = new Map<string, boolean | Unknown>();
  private readonly cidrCache = new Map<string, CfnValue>();

  constructor(
    readonly t: CfnTemplate,
    readonly overrides: ReadonlyMap<string, string> = new Map(),
    /** False when a parameter without an override is chosen at deployment (scenarios.ts), not its Default. */
    private readonly defaults = true,
  ) {}

  eval(n: LNode | undefined): CfnValue {
    if (this.depth > 0) return this.evalNode(n);
    if (this.total > MAX_TEMPLATE_NODES)
      return new Unknown(
        `the template expands to more than ${MAX_TEMPLATE_NODES} values (YAML aliases?); eksnet evaluates at most ${MAX_TEMPLATE_NODES} per template`,
      );
    this.budget = MAX_EVAL_NODES;
    const v = this.evalNode(n);
    this.total += MAX_EVAL_NODES - Math.max(this.budget, 0);
    // A value cut short by the budget is not returned in part: its known pieces would be a guess about the whole.
    return this.budget < 0
      ? new Unknown(
          `the value expands to more than ${MAX_EVAL_NODES} nodes (YAML aliases?); eksnet evaluates at most ${MAX_EVAL_NODES}`,
        )
      : v;
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
      if (call) return callIntrinsic(this, call.name, call.arg);
      if (isScalar(n)) {
        // A dynamic reference (`{{resolve:ssm:/path}}`) is replaced by CloudFormation at deployment.
        if (typeof n.value === 'string' && n.value.includes('{{resolve:'))
          return new Unknown(`${n.value} is a dynamic reference resolved at deployment`);
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

  cidr(block: string, count: number, cidrBits: number): CfnValue {
    // A template selects each subnet from the same `!Cidr [block, 256, 8]`: without the memo a
    // 500-resource template formats the same 256 addresses once per subnet. Callers get a copy of a
    // list, so none can change another's.
    const key = `${block} ${count} ${cidrBits}`;
    let hit = this.cidrCache.get(key);
    if (!hit) this.cidrCache.set(key, (hit = cidrFn(block, count, cidrBits)));
    return Array.isArray(hit) ? hit.slice() : hit;
  }

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
    else if (!this.defaults) return new Unknown(`parameter ${name} is chosen at deployment`);
    else {
      const d = get(p, 'Default');
      if (!d) return new Unknown(`parameter ${name} has no Default and no value in a parameters file`);
      v = this.eval(d);
    }
    if (/^(CommaDelimitedList|List<)/.test(type) || type.startsWith('AWS::SSM::Parameter::Value<List<')) {
      if (type.startsWith('AWS::SSM::')) return new Unknown(`parameter ${name} is read from SSM at deployment`);
      const s = textOf(v);
      return typeof s === 'string'
        ? s.split(',').map((x) => x.trim())
        : isList(v)
          ? v
          : new Unknown(`parameter ${name} is not a list`);
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
}
