/**
 * TfModule: a Terraform module with its module calls. The references inside a module are answered
 * by ModuleScope (moduleScope.ts); this file adds what needs to construct modules: `module` blocks
 * expanded into instances, local child modules evaluated with the caller's inputs, their outputs,
 * and the detection of module folders that call themselves.
 */
import type { Decl, ModuleHost as GenericModuleHost } from './moduleTypes';
import { attr } from '../../parsers/hclAst';
import { evaluate, type Env } from './evaluate';
import { MAX_TOTAL_INSTANCES, META, keyOf, repetitions, tooManyInAll } from './instances';
import { ModuleScope } from './moduleScope';
import { NULL, asString, error, list, map, unknown, type TfValue } from './values';

export type { Decl, Instance, TfFile } from './moduleTypes';
/** The builder's hooks, as seen by a module scope. */
export type ModuleHost = GenericModuleHost<ModuleScope>;

/** Local modules nest at most this deep; a deeper call is left unevaluated rather than followed further. */
const MAX_DEPTH = 8;

/**
 * One Terraform module (the .tf files of a folder) evaluated the way `terraform plan` would
 * before asking any provider: variables (tfvars, then defaults), locals on demand in dependency
 * order (a cycle is reported and becomes unknown, never looped), resources expanded by count and
 * for_each, references between them, local child modules with the caller's inputs.
 */
export class TfModule extends ModuleScope {
  readonly children = new Map<string, TfModule>();
  private readonly outputValues = new Map<string, TfValue>();
  /** Why a local module call is not evaluated because it leads back to a folder being evaluated. */
  private readonly cycleWhy = new Map<string, string>();
  /** Why a module call is not expanded because of an instance limit. */
  private readonly limitWhy = new Map<string, string>();
  private readonly callCache = new Map<string, { list: { decl: Decl; env: Env }[] | undefined }>();

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
    const tooMany = (why: string) => {
      this.limitWhy.set(name, why);
      this.reportOnRoot(call, `eksnet does not expand this module call: ${why}.`);
    };
    const address = `${this.prefix}module.${name}`;
    let reps = repetitions(call.block, this.env(call.file), address, tooMany);
    if (reps && this.multiplicity * reps.length > MAX_TOTAL_INSTANCES) {
      tooMany(tooManyInAll(address, reps.length, this.multiplicity));
      reps = undefined;
    }
    // Instances are named by the call name and their key (`vpc[0]`), without the module prefix.
    const list = reps?.map(([n, env]) => ({
      decl: n === address ? call : { ...call, name: name + n.slice(address.length) },
      env,
    }));
    this.callCache.set(name, { list });
    return list;
  }

  /**
   * The outputs of a module call, computed once. A call whose arguments read its own outputs
   * (`x = module.m.y`, with `y = var.x` inside) is a cycle Terraform rejects: it stays unknown.
   */
  override moduleOutputs(name: string): TfValue {
    return this.once(
      this.outputValues,
      name,
      `module.${name}`,
      () => `module.${name} is used in its own arguments (a cycle Terraform rejects)`,
      () => this.moduleOutputsRaw(name),
    );
  }

  private moduleOutputsRaw(name: string): TfValue {
    const call = this.calls.get(name);
    if (!call) return error(`module.${name} is not declared`);
    const insts = this.callInstances(name);
    const body = call.block.body;
    if (!insts)
      return unknown(
        this.limitWhy.get(name) ??
          `the ${attr(body, 'count') ? 'count' : 'for_each'} of ${this.prefix}module.${name} is not known`,
      );
    const one = (inst: { decl: Decl; env: Env }): TfValue => {
      const src = attr(body, 'source');
      const source = (src ? asString(evaluate(src.expr, inst.env)) : undefined) ?? '';
      const local = source.startsWith('./') || source.startsWith('../');
      // Any other source may have been installed by `terraform init`: then it is read like a local folder.
      const child = this.childOf(inst.decl, inst.env);
      if (local || child) {
        if (!child)
          return unknown(this.cycleWhy.get(inst.decl.name) ?? `module.${name} (${source}) is not in the workspace`);
        const outs = new Map<string, TfValue>();
        for (const [k, o] of child.outputs) outs.set(k, evaluate(o.expr, child.env(o.file)));
        return map(outs);
      }
      return (
        this.host.registryOutputs(this, inst.decl, inst.env) ??
        unknown(`module.${name} (${source}) is not evaluated by eksnet`)
      );
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
    const found = source ? this.host.localFiles(this.dir, source, this.moduleKey(call.name)) : undefined;
    if (!found) return undefined;
    if (this.reportCycle(call, found.dir)) return undefined;
    const inputs = new Map<string, () => TfValue>();
    for (const a of call.block.body.attributes) {
      if (META.has(a.name) || a.name === 'source' || a.name === 'version' || a.name === 'providers') continue;
      inputs.set(a.name, () => evaluate(a.expr, env));
    }
    const child = new TfModule(
      found.dir,
      found.files,
      this.host,
      `${this.prefix}module.${call.name}.`,
      inputs,
      [],
      this.depth + 1,
      this,
      call.name,
    );
    child.multiplicity = this.multiplicity * (this.callCache.get(call.name.replace(/\[.*$/, ''))?.list?.length ?? 1);
    this.children.set(call.name, child);
    return child;
  }

  /** The key `terraform init` gives a call in modules.json: call names from the root, dotted, no instance keys. */
  private moduleKey(callName: string): string {
    const names = [callName];
    if (this.callName) names.unshift(this.callName);
    for (let m = this.parent; m?.callName; m = m.parent) names.unshift(m.callName);
    return names.map((n) => n.replace(/\[.*$/, '')).join('.');
  }

  /**
   * A module that calls its own folder, or a folder on the chain of its callers, makes Terraform
   * load modules forever. The call is not evaluated; the problem goes on the root module's call
   * that leads into the cycle (the root's problems are the ones shown), naming the whole chain.
   */
  private reportCycle(call: Decl, dir: string): boolean {
    const chain: ModuleScope[] = [this];
    for (let m = this.parent; m; m = m.parent) chain.unshift(m);
    const at = chain.findIndex((m) => m.dir === dir);
    if (at < 0) return false;
    const path = [...chain.slice(1).map((m) => `module.${m.callName}`), `module.${call.name}`].join(' → ');
    const why = `${path} calls the folder of ${at === 0 ? 'the root module' : `module.${chain[at].callName}`} again, so Terraform would load modules forever`;
    this.cycleWhy.set(call.name, why);
    this.reportOnRoot(call, `Terraform cannot load this module: ${why}.`, ['source'], undefined);
    return true;
  }
}
