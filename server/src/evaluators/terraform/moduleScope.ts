/**
 * The part of a Terraform module that answers references inside it: variables (caller inputs,
 * tfvars, defaults), locals on demand with cycle reporting, and resources expanded into instances.
 * It is the base class of TfModule (module.ts), which adds module calls and child modules; the split
 * keeps each file small, and this half never needs to construct a module itself.
 */
import type { Block, Expr } from '../../parsers/hclAst';
import { attr } from '../../parsers/hclAst';
import type { Span } from '../../base/span';
import { MAX_STEPS, evaluate, type Budget, type Env, type Resolver } from './evaluate';
import { MAX_TOTAL_INSTANCES, bodyValue, dataValue, keyOf, repetitions, tooManyInAll } from './instances';
import type { Decl, Instance, ModuleHost, ModuleProblem, TfFile } from './moduleTypes';
import { NULL, error, list, map, str, unknown, type TfValue } from './values';

/** Variables, locals and resources of one module: what its expressions can refer to. */
export abstract class ModuleScope {
  readonly variables = new Map<string, { block: Block; file: string }>();
  readonly locals = new Map<string, { expr: Expr; nameSpan: Span; file: string }>();
  readonly decls = new Map<string, Decl>();
  readonly calls = new Map<string, Decl>();
  readonly outputs = new Map<string, { expr: Expr; file: string }>();
  readonly problems: ModuleProblem[] = [];
  private readonly localValues = new Map<string, TfValue>();
  private readonly stack: string[] = [];
  private readonly refValues = new Map<string, TfValue>();
  private readonly instanceCache = new Map<string, Instance[] | undefined>();
  private readonly busy = new Set<string>();
  private readonly building = new Set<string>();
  private readonly variableValues = new Map<string, TfValue>();
  /** Why a resource's instances are unknown, when it is not simply an unknown count or for_each. */
  private readonly instanceWhy = new Map<string, string>();
  /** Evaluation steps left for this module and its children (see Env.budget). */
  readonly budget: Budget;
  /** How many instances of this module exist: the product of the instance counts of the calls above it. */
  multiplicity = 1;
  private readonly tfvars = new Map<string, TfValue>();
  readonly resolver: Resolver;

  constructor(
    readonly dir: string,
    readonly files: TfFile[],
    readonly host: ModuleHost<ModuleScope>,
    /** `''` for a root module, `module.vpc.` for a child. */
    readonly prefix = '',
    /** Values the caller passes to a child module (evaluated lazily in the caller). */
    private readonly inputs?: Map<string, () => TfValue>,
    tfvarsFiles: TfFile[] = [],
    readonly depth = 0,
    /** The calling module, for children: a call that leads back to a folder on this chain is a cycle. */
    readonly parent?: ModuleScope,
    /** The name of the `module` block instance that made this child (`vpc`, `vpc[0]`). */
    readonly callName?: string,
  ) {
    this.budget = parent
      ? parent.budget
      : {
          left: MAX_STEPS,
          onExhausted: (at) =>
            this.problems.push({
              ...at,
              severity: 'warning',
              message: `eksnet stopped evaluating this module here: it needs more than ${MAX_STEPS} evaluation steps (loops over large ranges?), so values computed after this point are unknown.`,
            }),
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
      else if (b.type === 'locals')
        for (const a of b.body.attributes) this.locals.set(a.name, { expr: a.expr, nameSpan: a.nameSpan, file: f.id });
      else if ((b.type === 'resource' || b.type === 'data') && l0 && l1) {
        const key = b.type === 'data' ? `data.${l0}.${l1}` : `${l0}.${l1}`;
        this.decls.set(key, { kind: b.type, type: l0, name: l1, block: b, file: f.id });
      } else if (b.type === 'module' && l0)
        this.calls.set(l0, { kind: 'resource', type: 'module', name: l0, block: b, file: f.id });
      else if (b.type === 'output' && l0) {
        const v = attr(b.body, 'value');
        if (v) this.outputs.set(l0, { expr: v.expr, file: f.id });
      }
    }
  }

  /**
   * The tags the AWS provider adds to every resource it creates (`provider "aws" { default_tags {
   * tags = ... } }`), declared here or in a module above. Undefined when no aws provider has
   * default_tags; unknown when several aws provider configurations exist and one has them, since
   * eksnet does not follow which configuration a resource uses.
   */
  defaultTags(): TfValue | undefined {
    const found: { block: Block; scope: ModuleScope; file: string }[] = [];
    const chain: ModuleScope[] = [this];
    for (let m = this.parent; m; m = m.parent) chain.push(m);
    for (const m of chain)
      for (const f of m.files)
        for (const b of f.body.blocks)
          if (b.type === 'provider' && b.labels[0]?.value === 'aws') found.push({ block: b, scope: m, file: f.id });
    const withTags = found.filter((p) => p.block.body.blocks.some((b) => b.type === 'default_tags'));
    if (!withTags.length) return undefined;
    if (found.length > 1)
      return unknown(
        'several aws provider configurations are declared and one adds default_tags; eksnet does not follow which one a resource uses',
      );
    const p = withTags[0];
    const dt = p.block.body.blocks.find((b) => b.type === 'default_tags')!;
    const tags = attr(dt.body, 'tags');
    return tags ? evaluate(tags.expr, p.scope.env(p.file)) : undefined;
  }

  /** The outputs of a module call (implemented by TfModule, which knows how to load child modules). */
  abstract moduleOutputs(name: string): TfValue;

  env(file: string): Env {
    return { file, resolver: this.resolver, budget: this.budget };
  }

  /**
   * A variable's value, computed once. Terraform rejects references in a default; one that refers
   * back to the variable (directly or through the caller's arguments) is unknown, not a loop.
   */
  variable(name: string): TfValue {
    return this.once(
      this.variableValues,
      name,
      `var.${name}`,
      () => `var.${name} refers to itself`,
      () => this.variableRaw(name),
    );
  }

  /**
   * `compute()` once per name, cached in `cache`. While it runs, `key` is busy: a reference back to
   * it (a cycle Terraform rejects) gets an unknown saying `cycle()` instead of recursing forever.
   */
  protected once(
    cache: Map<string, TfValue>,
    name: string,
    key: string,
    cycle: () => string,
    compute: () => TfValue,
  ): TfValue {
    const done = cache.get(name);
    if (done) return done;
    if (this.busy.has(key)) return unknown(cycle());
    this.busy.add(key);
    try {
      const v = compute();
      cache.set(name, v);
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
    return unknown(
      this.inputs
        ? `the module call gives no value for var.${name}`
        : `var.${name} has no default and no value in terraform.tfvars or *.auto.tfvars`,
    );
  }

  local(name: string): TfValue {
    const done = this.localValues.get(name);
    if (done) return done;
    const decl = this.locals.get(name);
    if (!decl) return error(`local.${name} is not declared`);
    if (this.stack.includes(name)) {
      const cycle = [...this.stack.slice(this.stack.indexOf(name)), name].map((n) => `local.${n}`).join(' → ');
      this.problems.push({
        file: decl.file,
        span: decl.nameSpan,
        message: `Terraform rejects this configuration: the locals refer to each other in a cycle (${cycle}).`,
      });
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

  /**
   * Puts one of eksnet's own limits on the root module, whose problems are the ones shown: at the
   * block's count or for_each when this is the root, else at the root's module call that leads
   * here. The same message at the same place is said once, however many instances reach it.
   */
  reportOnRoot(
    decl: Decl,
    message: string,
    attrs = ['count', 'for_each'],
    severity: 'warning' | undefined = 'warning',
  ): void {
    const chain: ModuleScope[] = [this];
    for (let m = this.parent; m; m = m.parent) chain.unshift(m);
    const root = chain[0];
    const where = (chain.length > 1 ? root.calls.get(chain[1].callName!.replace(/\[.*$/, '')) : undefined) ?? decl;
    const a = attrs.map((n) => attr(where.block.body, n)).find((x) => x !== undefined);
    const span = a ? a.span : (where.block.labels[0]?.span ?? where.block.span);
    if (root.problems.some((p) => p.file === where.file && p.span.start === span.start && p.message === message))
      return;
    root.problems.push({ file: where.file, span, message, ...(severity ? { severity } : {}) });
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
    const tooMany = (why: string) => {
      this.instanceWhy.set(key, why);
      this.reportOnRoot(decl, `eksnet does not expand this ${decl.kind}: ${why}.`);
    };
    let envs = repetitions(decl.block, base, `${this.prefix}${key}`, tooMany);
    if (envs && this.multiplicity * envs.length > MAX_TOTAL_INSTANCES) {
      tooMany(tooManyInAll(`${this.prefix}${key}`, envs.length, this.multiplicity));
      envs = undefined;
    }
    const out = envs?.map(([address, env]) => ({
      address,
      decl,
      env,
      value: decl.kind === 'data' ? dataValue(address) : bodyValue(decl.block.body, env, address),
    }));
    this.instanceCache.set(key, out);
    return out;
  }
}
