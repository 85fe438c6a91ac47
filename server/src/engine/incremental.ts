import type { Finding } from '../base/finding';
import type { EngineSettings } from '../base/settings';
import type { SourceFile } from '../model/sourceFile';
import { emptyModel, type NetworkModel } from '../model/types';
import { fragmentParts, isEmpty, mergeLists, NetworkIndex, type Member, type Network } from '../model/networks';
import type { Evaluators, RefineContext } from '../model/evaluation';
import { RULES } from '../rules/registry';
import type { ModelList, Rule } from '../rules/defineRule';
import type { FileFacts } from '../rules/context';
import { describeError } from '../base/messages';
import {
  refinedFragment,
  structureOf,
  runRule,
  internalFinding,
  compareFindings,
  dedupe,
  sameFindings,
} from './ruleRun';

/** The lists that hold the workspace's global part (see model/networks.ts). */
const GLOBAL_LISTS: ReadonlySet<ModelList> = new Set<ModelList>([
  'awsNode',
  'eniConfigs',
  'instanceTypeRefs',
  'ingressClasses',
]);
const LISTS = Object.keys(emptyModel()) as ModelList[];

export interface Analysis {
  /** Every file's findings, sorted by position; a file without findings has no entry. */
  readonly byFile: ReadonlyMap<string, Finding[]>;
  /** Every finding, by file then position (built on first use). */
  readonly findings: Finding[];
  /** The whole workspace's model (merged on first use; rules never need it whole). */
  readonly model: NetworkModel;
  /** Files whose findings differ from the previous analysis of the same analyser. */
  readonly changed: ReadonlySet<string>;
}

/** What changed since the last analysis: the files set or deleted, and whether any came or went. */
export interface Changes {
  ids: ReadonlySet<string>;
  membership: boolean;
}

interface FileEntry {
  source: SourceFile;
  member: Member;
  /** The other files its refine read (Builder.inputs), and its structure key (Builder.structure). */
  inputs: readonly string[];
  structure: string;
  /** A builder failure while refining this file against the others. */
  internal?: Finding;
}

/** What every rule run of one analysis shares. */
interface RunContext {
  facts: ReadonlyMap<string, FileFacts>;
  settings: EngineSettings;
  sources: ReadonlyMap<string, SourceFile>;
  /** Files whose findings must be re-assembled. */
  dirty: Set<string>;
}

interface NetworkRun {
  /** The version of the global part the run read (0 for rules that do not read it). */
  globals: number;
}

/**
 * The engine's incremental analysis (ARCHITECTURE.md, "Incremental analysis"). It keeps, from one
 * analysis to the next, each file's fragment, the networks (model/networks.ts), and every rule run's
 * findings keyed by what the run read:
 * - a `file` rule's run per file, redone when that file's SourceFile or fragment is a new object;
 * - a `network` rule's run per network, redone when the network is a new object (a member changed,
 *   or references joined or split networks), or when the rule reads the global part and it changed;
 * - a `workspace` rule's run, redone when one of the lists it reads changed in any file.
 * A file's findings are re-assembled only when a run that reports in it was redone.
 */
export class IncrementalAnalyzer {
  private settings: EngineSettings | undefined;
  private entries = new Map<string, FileEntry>();
  private order: string[] = [];
  private index = new NetworkIndex();
  /** File id → the files whose refine read it; and the structure version (WorkspaceView.structure). */
  private dependents = new Map<string, Set<string>>();
  private structure: object = {};
  /** Networks made since the last rule runs, and the global part's version those runs saw. */
  private made: Network[] = [];
  private gone: Network[] = [];
  private globalsSeen = -1;
  /** Bumped when any file's items of a list change; `globals` when any global part changes. */
  private versions = new Map<ModelList | 'globals', number>();
  private wholeLists = new Map<ModelList, { version: number; items: unknown[] }>();
  /** Per list, the files that hold items of it, and those ids in file order once asked for. */
  private holders = new Map<ModelList, { ids: Set<string>; sorted?: string[] }>();
  private globalModel: { version: number; model: NetworkModel } | undefined;
  private networkRuns = new Map<Network, Map<string, NetworkRun>>();
  private globalRuns = new Map<string, string>();
  private workspaceRuns = new Map<string, string>();
  /** The findings of every run, by run key; and per file, the runs that report in it. */
  private results = new Map<string, Finding[]>();
  private perFile = new Map<string, Map<string, Finding[]>>();
  private byFile = new Map<string, Finding[]>();

  analyze(
    files: ReadonlyMap<string, SourceFile>,
    settings: EngineSettings,
    evaluators: Evaluators,
    changes?: Changes,
  ): Analysis {
    if (settings !== this.settings) this.reset(settings);
    const dirty = new Set<string>();
    const changedFiles = this.refine(files, { files, settings, evaluators }, changes, dirty);
    const facts = files as ReadonlyMap<string, FileFacts>;
    const enabled = RULES.filter((r) => settings.rules[r.id] !== 'off');
    const fileRules = enabled.filter((r) => r.scope === 'file');
    for (const id of changedFiles) {
      const source = files.get(id);
      const fragment = this.entries.get(id)?.member.fragment;
      const only = source && new Map([[id, source]]);
      for (const rule of fileRules) {
        const key = `f|${rule.id}|${id}`;
        if (!source || !fragment || !only || readsNothing(rule, fragment)) this.setResult(key, undefined, dirty);
        else this.setResult(key, runRule(rule, view(fragment, rule.reads), only, settings, files, id), dirty);
      }
    }
    const run: RunContext = { facts, settings, sources: files, dirty };
    this.runNetworks(enabled, run);
    this.runWorkspace(enabled, run);
    for (const id of dirty) this.assemble(id);
    return this.snapshot(dirty);
  }

  private reset(settings: EngineSettings): void {
    Object.assign(this, new IncrementalAnalyzer());
    this.settings = settings;
  }

  /** The structure token of the last analysis (WorkspaceView.structure), for editor requests. */
  structureVersion(): object {
    return this.structure;
  }

  /**
   * Refines files against the others (the builders' refine step, whose evaluations the evaluator
   * services cache) and keeps the previous fragment object when the items are the same objects, so
   * that a fragment's identity changes only when its items do. With `changes` (the files set since
   * the last analysis) only those files and the files whose refine read one of them (Builder.inputs)
   * are refined; without it, or when a file came or went or a file's structure changed
   * (Builder.structure), every file is, and the structure version moves on. Returns the files whose
   * SourceFile or fragment changed, and the files that left; the network index and list versions
   * are updated for them.
   */
  private refine(
    files: ReadonlyMap<string, SourceFile>,
    base: Omit<RefineContext, 'structure'>,
    changes: Changes | undefined,
    dirty: Set<string>,
  ): string[] {
    let full = !changes || changes.membership || this.entries.size === 0;
    if (!full) {
      for (const id of changes!.ids) {
        const source = files.get(id);
        const prev = this.entries.get(id);
        if (!source || !prev || structureOf(source) !== prev.structure) {
          full = true;
          break;
        }
      }
    }
    if (full) this.structure = {};
    const ctx: RefineContext = { ...base, structure: this.structure };
    const visit = full ? files.keys() : this.affected(changes!.ids);
    const changed: string[] = [];
    const removed: Member[] = [];
    const added: Member[] = [];
    let membership = false;
    for (const id of visit) {
      const source = files.get(id);
      if (!source) continue;
      const prev = this.entries.get(id);
      let fragment: NetworkModel;
      let inputs: readonly string[] = [];
      let internal: Finding | undefined;
      try {
        ({ fragment, inputs } = refinedFragment(source, ctx));
      } catch (e) {
        // As in build.ts: a builder bug costs this file's model items, never the whole analysis.
        fragment = source.fragment;
        internal = internalFinding(
          'syntax-error',
          id,
          `eksnet could not analyse this file together with the files it depends on (internal error: ${describeError(e)}).`,
        );
      }
      this.setInputs(id, prev?.inputs ?? [], inputs);
      if (prev && sameItems(prev.member.fragment, fragment)) fragment = prev.member.fragment;
      if (prev && prev.source === source && prev.member.fragment === fragment) {
        if (prev.inputs !== inputs) prev.inputs = inputs;
        continue;
      }
      const member = prev && prev.member.fragment === fragment ? prev.member : { file: id, fragment };
      if (!prev) membership = true;
      if (prev?.member !== member) {
        if (prev) removed.push(prev.member);
        added.push(member);
        this.bump(id, prev?.member.fragment, fragment);
      }
      const structure = prev?.source === source ? prev.structure : structureOf(source);
      this.entries.set(id, { source, member, inputs, structure, ...(internal ? { internal } : {}) });
      this.setResult(`i|${id}`, internal ? [internal] : undefined, dirty);
      changed.push(id);
    }
    if (full) {
      for (const [id, prev] of this.entries) {
        if (files.has(id)) continue;
        this.entries.delete(id);
        this.setInputs(id, prev.inputs, []);
        removed.push(prev.member);
        this.bump(id, prev.member.fragment, undefined);
        this.setResult(`i|${id}`, undefined, dirty);
        membership = true;
        changed.push(id);
      }
    }
    if (membership) this.order = [...this.entries.keys()].sort();
    const { made, gone } = this.index.update(removed, added);
    for (const n of made) this.made.push(n);
    for (const n of gone) this.gone.push(n);
    return changed;
  }

  /** The changed files and every file whose last refine read one of them. */
  private affected(ids: ReadonlySet<string>): Set<string> {
    const out = new Set(ids);
    for (const id of ids) for (const d of this.dependents.get(id) ?? []) out.add(d);
    return out;
  }

  private setInputs(id: string, before: readonly string[], after: readonly string[]): void {
    if (before === after) return;
    for (const i of before) {
      const s = this.dependents.get(i);
      s?.delete(id);
      if (s && !s.size) this.dependents.delete(i);
    }
    for (const i of after) {
      if (i === id) continue;
      let s = this.dependents.get(i);
      if (!s) this.dependents.set(i, (s = new Set()));
      s.add(id);
    }
  }

  private bump(id: string, before: NetworkModel | undefined, after: NetworkModel | undefined): void {
    for (const list of LISTS) {
      const had = (before?.[list].length ?? 0) > 0;
      const has = (after?.[list].length ?? 0) > 0;
      if (had || has) this.next(list);
      if (had === has) continue;
      let h = this.holders.get(list);
      if (!h) this.holders.set(list, (h = { ids: new Set() }));
      if (has) h.ids.add(id);
      else h.ids.delete(id);
      h.sorted = undefined;
    }
    const global = (m: NetworkModel | undefined) => (m ? fragmentParts(m).hasGlobal : false);
    if (global(before) || global(after)) this.next('globals');
  }

  private next(k: ModelList | 'globals'): void {
    this.versions.set(k, (this.versions.get(k) ?? 0) + 1);
  }

  private version(k: ModelList | 'globals'): number {
    return this.versions.get(k) ?? 0;
  }

  /** Every file's items of one list, in file order; rebuilt only when the list changed. */
  private whole(list: ModelList): unknown[] {
    const v = this.version(list);
    const hit = this.wholeLists.get(list);
    if (hit && hit.version === v) return hit.items;
    const items: unknown[] = [];
    const h = this.holders.get(list);
    if (h) h.sorted ??= [...h.ids].sort();
    for (const id of h?.sorted ?? []) {
      const src = this.entries.get(id)!.member.fragment[list] as unknown[];
      for (let i = 0; i < src.length; i++) items.push(src[i]);
    }
    this.wholeLists.set(list, { version: v, items });
    return items;
  }

  /** The global part of every file, merged in file order; rebuilt only when it changed. */
  private globals(): NetworkModel {
    const v = this.version('globals');
    if (this.globalModel?.version === v) return this.globalModel.model;
    const model = emptyModel();
    for (const id of this.order) {
      const parts = fragmentParts(this.entries.get(id)!.member.fragment);
      if (parts.hasGlobal) mergeLists(model, parts.global);
    }
    this.globalModel = { version: v, model };
    return model;
  }

  private runNetworks(rules: readonly Rule[], { facts, settings, sources, dirty }: RunContext): void {
    const live = this.index.networks();
    const gv = this.version('globals');
    // Runs of networks that are gone are dropped; the networks to visit are the new ones, or all of
    // them when the global part changed (rules that read it re-run; the others keep their findings).
    const visit = gv === this.globalsSeen ? this.made.filter((n) => live.has(n)) : live;
    for (const net of this.gone) {
      const runs = this.networkRuns.get(net);
      if (!runs) continue;
      for (const ruleId of runs.keys()) this.setResult(`n|${ruleId}|${net.id}`, undefined, dirty);
      this.networkRuns.delete(net);
    }
    this.made = [];
    this.gone = [];
    this.globalsSeen = gv;
    const networkRules = rules.filter((r) => r.scope === 'network');
    for (const net of visit) {
      let runs = this.networkRuns.get(net);
      if (!runs) this.networkRuns.set(net, (runs = new Map<string, NetworkRun>()));
      const views = new Map<string, NetworkModel>();
      for (const rule of networkRules) {
        const globals = rule.reads.some((l) => GLOBAL_LISTS.has(l)) ? gv : 0;
        if (runs.get(rule.id)?.globals === globals) continue;
        if (readsNothing(rule, net.model())) {
          // A network without any item of the lists the rule reads about itself has nothing to check.
          runs.set(rule.id, { globals });
          this.setResult(`n|${rule.id}|${net.id}`, undefined, dirty);
          continue;
        }
        const sig = rule.reads.join(',');
        let model = views.get(sig);
        if (!model) views.set(sig, (model = networkView(net.model(), this.globals(), rule.reads)));
        const findings = runRule(rule, model, facts, settings, sources, net.members[0]?.file);
        runs.set(rule.id, { globals });
        this.setResult(`n|${rule.id}|${net.id}`, findings, dirty);
      }
    }
    // The global part alone, with every aws-node source: how rules judge what no network holds (a
    // node selector's instance type), with every source counting as for a type of no known cluster.
    const hasGlobals = !isEmpty(this.globals());
    const key = `${gv}|${this.version('awsNode')}`;
    const views = new Map<string, NetworkModel>();
    for (const rule of networkRules) {
      const reads = rule.reads.some((l) => GLOBAL_LISTS.has(l));
      const runKey = `g|${rule.id}`;
      if (!hasGlobals || !reads) {
        if (this.globalRuns.delete(rule.id)) this.setResult(runKey, undefined, dirty);
        continue;
      }
      if (this.globalRuns.get(rule.id) === key) continue;
      const sig = rule.reads.join(',');
      let model = views.get(sig);
      if (!model) views.set(sig, (model = this.globalView(rule.reads)));
      const findings = runRule(rule, model, facts, settings, sources, this.order[0]);
      this.globalRuns.set(rule.id, key);
      this.setResult(runKey, findings, dirty);
    }
  }

  private globalView(reads: readonly ModelList[]): NetworkModel {
    const g = this.globals();
    const out = emptyModel();
    for (const list of reads) {
      if (list === 'awsNode') out.awsNode = this.whole('awsNode') as NetworkModel['awsNode'];
      else if (GLOBAL_LISTS.has(list)) (out[list] as unknown[]) = g[list];
    }
    return out;
  }

  private runWorkspace(rules: readonly Rule[], { facts, settings, sources, dirty }: RunContext): void {
    for (const rule of rules) {
      if (rule.scope !== 'workspace') continue;
      const key = rule.reads.map((l) => this.version(l)).join('|');
      if (this.workspaceRuns.get(rule.id) === key) continue;
      const model = emptyModel();
      for (const list of rule.reads) (model[list] as unknown[]) = this.whole(list);
      const findings = runRule(rule, model, facts, settings, sources, this.order[0]);
      this.workspaceRuns.set(rule.id, key);
      this.setResult(`w|${rule.id}`, findings, dirty);
    }
  }

  /** Replaces one run's findings; the files they were or are in need re-assembling. */
  private setResult(runKey: string, findings: Finding[] | undefined, dirty: Set<string>): void {
    const old = this.results.get(runKey);
    if (!old && !findings?.length) return;
    if (old && findings && sameFindings(old, findings)) return;
    for (const f of old ?? []) {
      dirty.add(f.file);
      this.perFile.get(f.file)?.delete(runKey);
    }
    if (!findings?.length) {
      this.results.delete(runKey);
      return;
    }
    this.results.set(runKey, findings);
    for (const f of findings) {
      dirty.add(f.file);
      let runs = this.perFile.get(f.file);
      if (!runs) this.perFile.set(f.file, (runs = new Map<string, Finding[]>()));
      let list = runs.get(runKey);
      if (!list) runs.set(runKey, (list = []));
      list.push(f);
    }
  }

  /** A file's findings from every run that reports in it, without duplicates, in position order. */
  private assemble(id: string): void {
    const runs = this.perFile.get(id);
    const all: Finding[] = [];
    for (const list of runs?.values() ?? []) for (const f of list) all.push(f);
    if (!all.length) {
      this.perFile.delete(id);
      this.byFile.delete(id);
      return;
    }
    all.sort(compareFindings);
    this.byFile.set(id, dedupe(all));
  }

  private snapshot(changed: ReadonlySet<string>): Analysis {
    const byFile = new Map(this.byFile);
    const order = this.order;
    const entries = this.entries;
    let findings: Finding[] | undefined;
    let model: NetworkModel | undefined;
    return {
      byFile,
      changed,
      get findings() {
        if (!findings) {
          findings = [];
          const ids = [...byFile.keys()].sort();
          for (const id of ids) for (const f of byFile.get(id)!) findings.push(f);
        }
        return findings;
      },
      get model() {
        if (!model) {
          model = emptyModel();
          for (const id of order) {
            const e = entries.get(id);
            if (e) mergeLists(model, e.member.fragment);
          }
        }
        return model;
      },
    };
  }
}

/**
 * True when a rule that reads model lists finds none of them filled in a model (a rule reading none,
 * such as syntax-error, reads the file's facts instead and always runs).
 */
function readsNothing(rule: Rule, m: NetworkModel): boolean {
  return rule.reads.length > 0 && rule.reads.every((l) => m[l].length === 0);
}

/** A model with only the lists a rule reads; the others are empty, so an undeclared read finds nothing. */
function view(m: NetworkModel, reads: readonly ModelList[]): NetworkModel {
  const out = emptyModel();
  for (const list of reads) (out[list] as unknown[]) = m[list];
  return out;
}

/**
 * What a network's rule sees: the network's items, aws-node sources bound to no cluster and every
 * ENIConfig (the global part), and only the instance types the network itself declares. The global
 * lists are shared, not copied, by every network that adds nothing to them; a network's own aws-node
 * sources are merged in file order, the order the whole workspace's list has, since the later of two
 * equal sources wins.
 */
function networkView(local: NetworkModel, global: NetworkModel, reads: readonly ModelList[]): NetworkModel {
  const out = emptyModel();
  for (const list of reads) {
    if (list === 'awsNode') {
      const own = local.awsNode;
      const all = global.awsNode;
      out.awsNode = own.length === 0 ? all : all.length === 0 ? own : mergeByFile(own, all);
    } else if (list === 'eniConfigs') out.eniConfigs = global.eniConfigs;
    else if (list === 'ingressClasses') out.ingressClasses = global.ingressClasses;
    else (out[list] as unknown[]) = local[list];
  }
  return out;
}

/** Two lists each in file order, merged into one in file order (the first list first within a file). */
function mergeByFile<T extends { file: string }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].file <= b[j].file)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

/** True when two fragments hold the same item objects in the same order. */
function sameItems(a: NetworkModel, b: NetworkModel): boolean {
  if (a === b) return true;
  for (const list of LISTS) {
    const x = a[list] as unknown[];
    const y = b[list] as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}
