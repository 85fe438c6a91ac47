import type { Block, Body, Expr } from '../parsers/hclAst';
import { attr } from '../parsers/hclAst';
import type { Span } from '../text/span';
import { MAX_STEPS, bind, evaluate, type Budget, type Env, type Resolver } from './evaluate';
import { NULL, asNumber, asString, error, list, map, num, sortedEntries, str, unknown, type TfValue } from './values';

/** One parsed .tf (or .tfvars) file of a module folder. */
export interface TfFile {
  id: string;
  body: Body;
  /** The file's text, for values whose positions are found in it (JSON inside a heredoc). */
  text?: string;
}

export interface Decl {
  kind: 'resource' | 'data';
  type: string;
  name: string;
  block: Block;
  file: string;
}

export interface Instance {
  /** Absolute address: `module.vpc.aws_subnet.private[0]`. */
  address: string;
  decl: Decl;
  env: Env;
  /** The instance's attributes and nested blocks (blocks as lists of objects). */
  value: Extract<TfValue, { k: 'map' }>;
}

export interface ModuleProblem {
  file: string;
  span: Span;
  message: string;
  /** Problems Terraform itself reports are errors (the default); eksnet's own limits are warnings. */
  severity?: 'warning';
}

/** Hooks the builder provides: registry modules it knows, and the files of local module folders. */
export interface ModuleHost {
  /** Outputs of a module call that is not a local folder (terraform-aws-modules/vpc/aws...). */
  registryOutputs(mod: TfModule, call: Decl, env: Env): TfValue | undefined;
  /** Files of a local module folder relative to `fromDir`, or undefined when not in the workspace. */
  localFiles(fromDir: string, source: string): { dir: string; files: TfFile[] } | undefined;
}

const META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection', 'dynamic']);
const MAX_DEPTH = 8;
/** count and for_each beyond this many instances are not expanded (the resource stays unknown). */
export const MAX_INSTANCES = 1000;

/**
 * One Terraform module (the .tf files of a folder) evaluated the way `terraform plan` would
 * before asking any provider: variables (tfvars, then defaults), locals on demand in dependency
 * order (a cycle is reported and becomes unknown, never looped), resources expanded by count and
 * for_each, references between them, local child modules with the caller's inputs.
 */
export class TfModule {
  readonly variables = new Map<string, { block: Block; file: string }>();
  readonly locals = new Map<string, { expr: Expr; nameSpan: Span; file: string }>();
  readonly decls = new Map<string, Decl>();
  readonly calls = new Map<string, Decl>();
  readonly outputs = new Map<string, { expr: Expr; file: string }>();
  readonly problems: ModuleProblem[] = [];
  readonly children = new Map<string, TfModule>();
  private readonly localValues = new Map<string, TfValue>();
  private readonly stack: string[] = [];
  private readonly refValues = new Map<string, TfValue>();
  private readonly instanceCache = new Map<string, Instance[] | undefined>();
  private readonly busy = new Set<string>();
  private readonly building = new Set<string>();
  private readonly variableValues = new Map<string, TfValue>();
  private readonly outputValues = new Map<string, TfValue>();
  /** Why a resource's instances are unknown, when it is not simply an unknown count or for_each. */
  private readonly instanceWhy = new Map<string, string>();
  /** Why a local module call is not evaluated because it leads back to a folder being evaluated. */
  private readonly cycleWhy = new Map<string, string>();
  /** Evaluation steps left for this module and its children (see Env.budget). */
  readonly budget: Budget;
  private readonly tfvars = new Map<string, TfValue>();
  private readonly callCache = new Map<string, { list: { decl: Decl; env: Env }[] | undefined }>();
  readonly resolver: Resolver;

  constructor(
    readonly dir: string,
    readonly files: TfFile[],
    readonly host: ModuleHost,
    /** `''` for a root module, `module.vpc.` for a child. */
    readonly prefix = '',
    /** Values the caller passes to a child module (evaluated lazily in the caller). */
    private readonly inputs?: Map<string, () => TfValue>,
    tfvarsFiles: TfFile[] = [],
    readonly depth = 0,
    /** The calling module, for children: a call that leads back to a folder on this chain is a cycle. */
    readonly parent?: TfModule,
    /** The name of the `module` block instance that made this child (`vpc`, `vpc[0]`). */
    readonly callName?: string,
  ) {
    this.budget = parent
      ? parent.budget
      : {
          left: MAX_STEPS,
          onExhausted: (at) =>
            this.problems.push({ ...at, severity: 'warning', message: `eksnet stopped evaluating this module here: it needs more than ${MAX_STEPS} evaluation steps (loops over large ranges?), so values computed after this point are unknown.` }),
        };
    for (const f of files) this.index(f);
    for (const f of tfvarsFiles) {
      const env: Env = { file: f.id, resolver: { ref: () => undefined, root: () => undefined }, budget: this.budget };
      for (const a of f.body.attributes) this.tfvars.set(a.name, evaluate(a.expr, env));
    }
    this.resolver = { ref: (r, a) => this.ref(r, a), root: (n) => this.rootName(n) };
  }

  private index(f: TfFile): void {
    for (const b of f.body.blocks) {
      const [l0, l1] = b.labels.map((l) => l.value);
      if (b.type === 'variable' && l0) this.variables.set(l0, { block: b, file: f.id });
      else if (b.type === 'locals') for (const a of b.body.attributes) this.locals.set(a.name, { expr: a.expr, nameSpan: a.nameSpan, file: f.id });
      else if ((b.type === 'resource' || b.type === 'data') && l0 && l1) {
        const key = b.type === 'data' ? `data.${l0}.${l1}` : `${l0}.${l1}`;
        this.decls.set(key, { kind: b.type, type: l0, name: l1, block: b, file: f.id });
      } else if (b.type === 'module' && l0) this.calls.set(l0, { kind: 'resource', type: 'module', name: l0, block: b, file: f.id });
      else if (b.type === 'output' && l0) {
        const v = attr(b.body, 'value');
        if (v) this.outputs.set(l0, { expr: v.expr, file: f.id });
      }
    }
  }

  env(file: string): Env {
    return { file, resolver: this.resolver, budget: this.budget };
  }

  /**
   * A variable's value, computed once. Terraform rejects references in a default; one that refers
   * back to the variable (directly or through the caller's arguments) is unknown, not a loop.
   */
  variable(name: string): TfValue {
    const done = this.variableValues.get(name);
    if (done) return done;
    const key = `var.${name}`;
    if (this.busy.has(key)) return unknown(`var.${name} refers to itself`);
    this.busy.add(key);
    try {
      const v = this.variableRaw(name);
      this.variableValues.set(name, v);
      return v;
    } finally {
      this.busy.delete(key);
    }
  }

  private variableRaw(name: string): TfValue {
    const decl = this.variables.get(name);
    const input = this.inputs?.get(name);
    if (input) return input();
    if (this.tfvars.has(name)) return this.tfvars.get(name)!;
    if (!decl) return error(`var.${name} is not declared`);
    const def = attr(decl.block.body, 'default');
    if (def) return evaluate(def.expr, this.env(decl.file));
    return unknown(this.inputs ? `the module call gives no value for var.${name}` : `var.${name} has no default and no value in terraform.tfvars or *.auto.tfvars`);
  }

  local(name: string): TfValue {
    const done = this.localValues.get(name);
    if (done) return done;
    const decl = this.locals.get(name);
    if (!decl) return error(`local.${name} is not declared`);
    if (this.stack.includes(name)) {
      const cycle = [...this.stack.slice(this.stack.indexOf(name)), name].map((n) => `local.${n}`).join(' → ');
      this.problems.push({ file: decl.file, span: decl.nameSpan, message: `Terraform rejects this configuration: the locals refer to each other in a cycle (${cycle}).` });
      return unknown(`local.${name} is part of a cycle`);
    }
    this.stack.push(name);
    const v = evaluate(decl.expr, this.env(decl.file));
    this.stack.pop();
    this.localValues.set(name, v);
    return v;
  }

  private rootName(name: string): TfValue | undefined {
    if (name === 'terraform') return map({ workspace: str('default') });
    if (name === 'path') return unknown('file paths are not evaluated');
    if (name === 'self' || name === 'count' || name === 'each') return error(`${name} is not available here`);
    return undefined;
  }

  private ref(root: string, a: string): TfValue | undefined {
    switch (root) {
      case 'var':
        return this.variable(a);
      case 'local':
        return this.local(a);
      case 'module':
        return this.moduleOutputs(a);
      case 'data':
        return unknown(`data.${a} is read from the provider at plan time`);
      case 'path':
      case 'terraform':
      case 'count':
      case 'each':
      case 'self':
        return undefined;
    }
    const key = `${root}.${a}`;
    if (!this.decls.has(key)) return undefined;
    return this.resourceValue(key);
  }

  /** The value `aws_subnet.private` has in expressions: an object, a list (count) or a map (for_each). */
  resourceValue(key: string): TfValue {
    const cached = this.refValues.get(key);
    if (cached) return cached;
    if (this.busy.has(key)) return unknown(`${key} refers to itself`);
    this.busy.add(key);
    const decl = this.decls.get(key)!;
    const b = decl.block.body;
    let v: TfValue;
    const insts = this.instances(key);
    if (insts === undefined) {
      const why = attr(b, 'count') ? 'count' : 'for_each';
      v = unknown(this.instanceWhy.get(key) ?? `the ${why} of ${this.prefix}${key} is not known`);
    } else if (attr(b, 'count')) v = list(insts.map((i) => i.value));
    else if (attr(b, 'for_each')) v = map(new Map(insts.map((i) => [keyOf(i.address), i.value])));
    else v = insts[0]?.value ?? NULL;
    this.busy.delete(key);
    this.refValues.set(key, v);
    return v;
  }

  /** The instances of a resource; undefined when count or for_each is not known. */
  instances(key: string): Instance[] | undefined {
    if (this.instanceCache.has(key)) return this.instanceCache.get(key);
    const decl = this.decls.get(key);
    if (!decl) return [];
    // A resource whose count refers to itself is invalid; it stays unknown instead of recursing.
    if (this.building.has(key)) return undefined;
    this.building.add(key);
    try {
      return this.expand(key, decl);
    } finally {
      this.building.delete(key);
    }
  }

  private expand(key: string, decl: Decl): Instance[] | undefined {
    const base = this.env(decl.file);
    const envs = repetitions(decl.block, base, `${this.prefix}${key}`, (why) => this.instanceWhy.set(key, why));
    const out = envs?.map(([address, env]) => ({ address, decl, env, value: decl.kind === 'data' ? dataValue(address) : bodyValue(decl.block.body, env, address) }));
    this.instanceCache.set(key, out);
    return out;
  }

  /**
   * The instances of a module call: one, or one per count index / for_each key, each as a Decl
   * named with its key (`vpc[0]`, `x["a"]`, so addresses inside read `module.vpc[0].aws_subnet...`)
   * and the env its arguments are evaluated in. Undefined when count or for_each is not known.
   */
  callInstances(name: string): { decl: Decl; env: Env }[] | undefined {
    const cached = this.callCache.get(name);
    if (cached) return cached.list;
    const call = this.calls.get(name);
    if (!call) return [];
    // A count that refers to the call's own outputs is invalid: while computing, it reads as unknown.
    this.callCache.set(name, { list: undefined });
    const reps = repetitions(call.block, this.env(call.file), name);
    const list = reps?.map(([n, env]) => ({ decl: n === name ? call : { ...call, name: n }, env }));
    this.callCache.set(name, { list });
    return list;
  }

  /**
   * The outputs of a module call, computed once. A call whose arguments read its own outputs
   * (`x = module.m.y`, with `y = var.x` inside) is a cycle Terraform rejects: it stays unknown.
   */
  moduleOutputs(name: string): TfValue {
    const done = this.outputValues.get(name);
    if (done) return done;
    const key = `module.${name}`;
    if (this.busy.has(key)) return unknown(`module.${name} is used in its own arguments (a cycle Terraform rejects)`);
    this.busy.add(key);
    try {
      const v = this.moduleOutputsRaw(name);
      this.outputValues.set(name, v);
      return v;
    } finally {
      this.busy.delete(key);
    }
  }

  private moduleOutputsRaw(name: string): TfValue {
    const call = this.calls.get(name);
    if (!call) return error(`module.${name} is not declared`);
    const insts = this.callInstances(name);
    const body = call.block.body;
    if (!insts) return unknown(`the ${attr(body, 'count') ? 'count' : 'for_each'} of ${this.prefix}module.${name} is not known`);
    const one = (inst: { decl: Decl; env: Env }): TfValue => {
      const src = attr(body, 'source');
      const source = (src ? asString(evaluate(src.expr, inst.env)) : undefined) ?? '';
      if (source.startsWith('./') || source.startsWith('../')) {
        const child = this.childOf(inst.decl, inst.env);
        if (!child) return unknown(this.cycleWhy.get(inst.decl.name) ?? `module.${name} (${source}) is not in the workspace`);
        const outs = new Map<string, TfValue>();
        for (const [k, o] of child.outputs) outs.set(k, evaluate(o.expr, child.env(o.file)));
        return map(outs);
      }
      return this.host.registryOutputs(this, inst.decl, inst.env) ?? unknown(`module.${name} (${source}) is not evaluated by eksnet`);
    };
    if (attr(body, 'count')) return list(insts.map(one));
    if (attr(body, 'for_each')) return map(new Map(insts.map((i) => [keyOf(i.decl.name), one(i)])));
    return insts[0] ? one(insts[0]) : NULL;
  }

  /** The evaluated child modules of a local `module` block, one per instance, with the caller's arguments as inputs. */
  childInstances(name: string): TfModule[] {
    return (this.callInstances(name) ?? []).map((i) => this.childOf(i.decl, i.env)).filter((c): c is TfModule => !!c);
  }

  /** The single child of a local `module` block without count or for_each (the first instance otherwise). */
  child(name: string): TfModule | undefined {
    return this.childInstances(name)[0];
  }

  private childOf(call: Decl, env: Env): TfModule | undefined {
    if (this.children.has(call.name)) return this.children.get(call.name);
    if (this.depth >= MAX_DEPTH) return undefined;
    const src = attr(call.block.body, 'source');
    const source = src ? asString(evaluate(src.expr, env)) : undefined;
    const found = source ? this.host.localFiles(this.dir, source) : undefined;
    if (!found) return undefined;
    if (this.reportCycle(call, found.dir)) return undefined;
    const inputs = new Map<string, () => TfValue>();
    for (const a of call.block.body.attributes) {
      if (META.has(a.name) || a.name === 'source' || a.name === 'version' || a.name === 'providers') continue;
      inputs.set(a.name, () => evaluate(a.expr, env));
    }
    const child = new TfModule(found.dir, found.files, this.host, `${this.prefix}module.${call.name}.`, inputs, [], this.depth + 1, this, call.name);
    this.children.set(call.name, child);
    return child;
  }

  /**
   * A module that calls its own folder, or a folder on the chain of its callers, makes Terraform
   * load modules forever. The call is not evaluated; the problem goes on the root module's call
   * that leads into the cycle (the root's problems are the ones shown), naming the whole chain.
   */
  private reportCycle(call: Decl, dir: string): boolean {
    const chain: TfModule[] = [];
    for (let m: TfModule | undefined = this; m; m = m.parent) chain.unshift(m);
    const at = chain.findIndex((m) => m.dir === dir);
    if (at < 0) return false;
    const path = [...chain.slice(1).map((m) => `module.${m.callName}`), `module.${call.name}`].join(' → ');
    const why = `${path} calls the folder of ${at === 0 ? 'the root module' : `module.${chain[at].callName}`} again, so Terraform would load modules forever`;
    this.cycleWhy.set(call.name, why);
    const root = chain[0];
    const first = chain.length > 1 ? root.calls.get(chain[1].callName!.replace(/\[.*$/, '')) : undefined;
    const where = first ?? call;
    const src = attr(where.block.body, 'source');
    const span = src ? src.span : (where.block.labels[0]?.span ?? where.block.span);
    if (!root.problems.some((p) => p.file === where.file && p.span.start === span.start)) {
      root.problems.push({ file: where.file, span, message: `Terraform cannot load this module: ${why}.` });
    }
    return true;
  }
}

/**
 * The repetitions of a resource or module block: `[address, env]` per count index or for_each key
 * (with `count.index` or `each.key`/`each.value` bound), or the block itself once. Undefined when
 * count or for_each is not known.
 */
function repetitions(block: Block, base: Env, addr: string, why?: (reason: string) => void): [string, Env][] | undefined {
  const count = attr(block.body, 'count');
  const forEach = attr(block.body, 'for_each');
  // More instances than MAX_INSTANCES are not expanded at all: a truncated list would be a guess.
  const tooMany = (n: number) => {
    why?.(`${addr} would have ${n} instances; eksnet expands at most ${MAX_INSTANCES}`);
    return undefined;
  };
  if (count) {
    const n = asNumber(evaluate(count.expr, base));
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || n < 0) {
      why?.(`count = ${n} is not a whole number of instances, so Terraform rejects it`);
      return undefined;
    }
    if (n > MAX_INSTANCES) return tooMany(n);
    return Array.from({ length: n }, (_, i) => [`${addr}[${i}]`, bind(base, { count: map({ index: num(i) }) })]);
  }
  if (forEach) {
    const fe = evaluate(forEach.expr, base);
    const size = fe.k === 'map' ? fe.entries.size : fe.k === 'list' ? fe.items.length : 0;
    if (size > MAX_INSTANCES) return tooMany(size);
    if (fe.k === 'map' && !fe.open) return sortedEntries(fe).map(([k, v]) => [`${addr}[${JSON.stringify(k)}]`, bind(base, { each: map({ key: str(k), value: v }) })]);
    if (fe.k === 'list' && fe.items.every((i) => asString(i) !== undefined))
      return fe.items.map((i) => [`${addr}[${JSON.stringify(asString(i))}]`, bind(base, { each: map({ key: str(asString(i)!), value: i }) })]);
    return undefined;
  }
  return [[addr, base]];
}

/** `aws_subnet.this["a"]` → `a`; `x[2]` → `2`. */
function keyOf(address: string): string {
  const m = /\[("(?:[^"\\]|\\.)*"|\d+)\]$/.exec(address);
  if (!m) return address;
  return m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1];
}

function dataValue(address: string): Extract<TfValue, { k: 'map' }> {
  return { k: 'map', entries: new Map(), open: { address, why: `${address} is read from the provider at plan time` } };
}

/** Attributes evaluated, nested blocks as lists of objects (how Terraform exposes them). */
export function bodyValue(body: Body, env: Env, address: string): Extract<TfValue, { k: 'map' }> {
  const entries = new Map<string, TfValue>();
  for (const a of body.attributes) if (!META.has(a.name)) entries.set(a.name, evaluate(a.expr, env));
  for (const b of body.blocks) {
    if (META.has(b.type)) continue;
    const prev = entries.get(b.type);
    // Appending in place: copying the list for every repeated block is quadratic.
    if (prev && prev.k === 'list') prev.items.push(bodyValue(b.body, env, `${address}.${b.type}`));
    else entries.set(b.type, list([bodyValue(b.body, env, `${address}.${b.type}`)]));
  }
  return { k: 'map', entries, open: { address } };
}
