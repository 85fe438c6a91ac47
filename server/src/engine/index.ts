import { buildSourceFile } from './build';
import { analyzeWith, type Analysis } from './analyze';
import { IncrementalAnalyzer } from './incremental';
import {
  FEATURES,
  type FeatureContext,
  type HoverResult,
  type InlayHint,
  type CompletionResult,
  type CodeAction,
} from '../features';
import { Evaluators } from '../model/evaluation';
import { YamlCache } from '../parsers/yaml';
import { normalizeSettings, type EngineSettings } from '../base/settings';
import type { SourceFile } from '../model/sourceFile';
import { initHcl } from '../parsers/hcl';
import type { Finding } from '../base/finding';
import type { Span } from '../base/span';
import { RULES } from '../rules/registry';
import type { LineIndex } from '../base/lineIndex';
import { addressMap, type AddressMap } from '../facts/addressMap';
import { applySafeFixes, type FixAllResult } from './fixAll';
import { RESIDENT_FILES, SyntaxResidency } from './residency';

export type { Finding, Fix, Severity } from '../base/finding';
export { findingKey } from '../base/finding';
export type { Analysis } from './analyze';
export type { FixAllResult } from './fixAll';
export type { HoverResult, InlayHint, CompletionResult } from '../features';
export type { EngineSettings, RuleSetting } from '../base/settings';
export { checkSettings, mergeSettings, RULE_LEVELS } from '../base/settings';
export { RULES } from '../rules/registry';
export { LineIndex } from '../base/lineIndex';
export { modelToJson } from './modelJson';
export { mapToJson, type MapJson, type MapJsonVpc, type MapJsonSubnet } from './mapJson';
export type { AddressMap } from '../facts/addressMap';
export { parseCidr, type Cidr } from '../base/cidr';
export { ruleById } from '../rules/registry';
export type { Rule } from '../rules/defineRule';
export { ruleDocUrl } from '../rules/docs';
export type { Span } from '../base/span';
export { initHcl } from '../parsers/hcl';
export { pushAll, maxOf } from '../base/arrays';
export {
  getInstanceType,
  managedNodeGroupCap,
  suggestInstanceType,
  supportsPrefixDelegation,
} from '../catalog/instances';
export { capacity, type CapacityResult } from '../facts/cni/capacityRow';
export { FILE_NAME_PATTERN, WATCH_GLOB } from '../base/fileKinds';

/**
 * The engine: the only public API of eksnet. It holds the workspace's files (ids are opaque: paths
 * for the CLI, URIs for the language server), analyses them into findings and answers hovers, all
 * in UTF-16 offsets and plain data. Parsing is cached per file and redone only when its text
 * changes; the merged model and rules are recomputed lazily after any change.
 *
 * Everything the engine remembers hangs off this object or off its SourceFiles: its YAML parse
 * cache and its evaluator services (with their evaluations) are created here, so two engines in
 * one process never share state, and no module of server/src keeps a cache of its own.
 */
export class Engine {
  private readonly files = new Map<string, SourceFile>();
  private settings: EngineSettings;
  private analysis: Analysis | undefined;
  /** What the last analysis computed, kept so the next one redoes only what changed. */
  private readonly analyzer = { current: new IncrementalAnalyzer() };
  /** Files set or deleted since the last analysis, and whether one came or went (see Changes). */
  private pending = new Set<string>();
  private membership = false;
  private readonly yaml = new YamlCache();
  private readonly evaluators = new Evaluators();
  /** The bound on parse products: files not read for a while drop theirs (engine/residency.ts). */
  private readonly residency: SyntaxResidency;

  /**
   * `options.residentFiles` bounds how many files (besides those kept with keepParsed) hold their
   * parse trees at once; the default is RESIDENT_FILES. Tests set it low to make the engine drop
   * and re-make trees all the time.
   */
  constructor(settings?: unknown, options: { residentFiles?: number } = {}) {
    this.settings = normalizeSettings(settings);
    this.residency = new SyntaxResidency(
      (f) => {
        // The same parse and builders as the file's first build, on a scratch copy: only the
        // products are taken, so the file's fragment and problems stay the objects they were.
        const fresh = buildSourceFile(f.id, f.text, this.yaml, { edited: false, productsOnly: true });
        return { yaml: fresh.yaml, hcl: fresh.hcl, cloudformation: fresh.cloudformation };
      },
      (f) => {
        if (f.syntax === 'yaml') this.yaml.release(f.text);
      },
      options.residentFiles ?? RESIDENT_FILES,
    );
  }

  setSettings(settings: unknown): void {
    this.settings = normalizeSettings(settings);
    this.analysis = undefined;
  }

  getSettings(): EngineSettings {
    return this.settings;
  }

  /**
   * Loads the parsers that need asynchronous set-up (tree-sitter for Terraform) and rebuilds the
   * files added before they were ready. The CLI awaits this before loading files and the language
   * server before indexing; until then HCL files contribute nothing (see ARCHITECTURE.md).
   */
  async ready(): Promise<void> {
    if (!(await initHcl())) return;
    for (const [id, f] of this.files) {
      if ((f.syntax === 'hcl' || f.syntax === 'hcl-json') && !f.hcl) {
        const file = buildSourceFile(id, f.text, this.yaml, { lines: f.lines, residency: this.residency });
        this.files.set(id, file);
        this.residency.used(file);
        this.touch(id, false);
      }
    }
  }

  /**
   * Adds or replaces a file. Returns false when the text is unchanged (nothing to redo). `lines` is
   * the text's line index when the caller has it already (the language server splices it from the
   * previous version's after an incremental change; see LineIndex.edit), so it is not rebuilt.
   */
  setFile(id: string, text: string, lines?: LineIndex): boolean {
    const old = this.files.get(id);
    if (old && old.text === text) return false;
    const file = buildSourceFile(id, text, this.yaml, { lines, edited: !!old, residency: this.residency });
    this.files.set(id, file);
    this.residency.used(file);
    if (old?.syntax === 'yaml') this.yaml.release(old.text, text);
    this.touch(id, !old);
    return true;
  }

  /** Removes a file and what the parse caches hold for it, so a closed buffer keeps no memory. */
  deleteFile(id: string): boolean {
    const old = this.files.get(id);
    if (!old) return false;
    this.files.delete(id);
    this.residency.forget(id);
    if (old.syntax === 'yaml') this.yaml.release(old.text);
    this.touch(id, true);
    return true;
  }

  private touch(id: string, membership: boolean): void {
    this.pending.add(id);
    if (membership) this.membership = true;
    this.analysis = undefined;
  }

  /**
   * Keeps a file's parse products however long it goes unread (the editor's open documents), or
   * lets the engine drop them again; see engine/residency.ts.
   */
  keepParsed(id: string, keep: boolean): void {
    this.residency.pin(id, keep);
  }

  /** How many unpinned files hold their parse trees, and how often a dropped one was made again. */
  syntaxResidency(): { resident: number; reparses: number } {
    return { resident: this.residency.resident, reparses: this.residency.reparses };
  }

  hasFile(id: string): boolean {
    return this.files.has(id);
  }

  fileIds(): string[] {
    return [...this.files.keys()];
  }

  text(id: string): string | undefined {
    return this.files.get(id)?.text;
  }

  /** The line index of a file's current text (built once per version, shared with the adapters). */
  lines(id: string): LineIndex | undefined {
    return this.files.get(id)?.lines;
  }

  analyze(): Analysis {
    if (!this.analysis) {
      const changes = { ids: this.pending, membership: this.membership };
      this.pending = new Set();
      this.membership = false;
      this.analysis = analyzeWith(this.analyzer, this.files, this.settings, this.evaluators, changes);
    }
    return this.analysis;
  }

  findings(id: string): Finding[] {
    return this.analyze().byFile.get(id) ?? [];
  }

  hover(id: string, offset: number): HoverResult | undefined {
    const ctx = this.featureContext(id);
    return ctx && FEATURES.hover.run(ctx, { offset });
  }

  /** Completion items at an offset (instance types where one is expected), or undefined. */
  completions(id: string, offset: number): CompletionResult | undefined {
    const ctx = this.featureContext(id);
    return ctx && FEATURES.completion.run(ctx, { offset });
  }

  /** Inlay hints for a file (usable addresses after subnet CIDRs); empty when the setting is off. */
  inlayHints(id: string): InlayHint[] {
    const ctx = this.featureContext(id);
    return ctx ? FEATURES.inlayHints.run(ctx) : [];
  }

  /** What every editor feature is given (features/provider.ts), after analysis; undefined for an unknown file. */
  private featureContext(id: string): FeatureContext | undefined {
    const file = this.files.get(id);
    if (!file) return undefined;
    const analysis = this.analyze();
    const findings = analysis.byFile.get(id) ?? [];
    return {
      file,
      // The whole model is merged only for a feature that reads it.
      get model() {
        return analysis.model;
      },
      files: this.files,
      settings: this.settings,
      structure: this.analyzer.current.structureVersion(),
      evaluators: this.evaluators,
      findings,
    };
  }

  /** Fixes of the findings in a file whose span overlaps the given span. */
  fixes(id: string, span: Span): CodeAction[] {
    const ctx = this.featureContext(id);
    return ctx ? FEATURES.codeActions.run(ctx, { span }) : [];
  }

  /**
   * The address plan of every VPC in the workspace (facts/addressMap.ts): blocks, subnets by
   * address, free space, overlaps. The CLI's `map` command and the language server's map request
   * both ask this.
   */
  addressMap(): AddressMap {
    return addressMap(this.analyze().model);
  }

  /**
   * Applies every safe fix (Fix.safe) of the findings `include` accepts, in passes until none is
   * left, to the engine's copies of the files; the caller writes them (or shows the difference).
   * The engine is left holding the fixed texts, so `analyze()` then gives what remains.
   */
  applySafeFixes(include?: (f: Finding) => boolean): FixAllResult {
    return applySafeFixes(this, include);
  }

  rules() {
    return RULES;
  }
}
