import { buildSourceFile } from './build';
import { analyzeFiles, type Analysis } from './analyze';
import { hoverAt, type HoverResult } from '../features/hover';
import { inlayHintsFor, type InlayHint } from '../features/inlayHints';
import { completionsAt, type CompletionResult } from '../features/completion';
import { normalizeSettings, type EngineSettings } from '../base/settings';
import type { SourceFile } from '../model/sourceFile';
import { initHcl } from '../parsers/hcl';
import type { Finding, Fix } from '../base/finding';
import type { Span } from '../base/span';
import { RULES } from '../rules/registry';

export type { Finding, Fix, TextEdit, Severity, RelatedLocation } from '../base/finding';
export { findingKey } from '../base/finding';
export type { Analysis } from './analyze';
export type { HoverResult } from '../features/hover';
export type { InlayHint } from '../features/inlayHints';
export type { CompletionItem, CompletionResult } from '../features/completion';
export type { EngineSettings, RuleSetting } from '../base/settings';
export { SETTINGS, defaultSettings, normalizeSettings } from '../base/settings';
export { RULES } from '../rules/registry';
export type { NetworkModel } from '../model/types';
export { LineIndex } from '../base/lineIndex';
export { modelToJson } from './modelJson';
export { ruleById } from '../rules/registry';
export type { Rule } from '../rules/defineRule';
export { ruleDocUrl } from '../rules/docs';
export type { Span } from '../base/span';
export { initHcl } from '../parsers/hcl';
export { pushAll, maxOf, minOf } from '../base/arrays';
export {
  capacity,
  type CapacityResult,
  getInstanceType,
  managedNodeGroupCap,
  suggestInstanceType,
  supportsPrefixDelegation,
} from '../catalog/instances';

/**
 * The engine: the only public API of eksnet. It holds the workspace's files (ids are opaque: paths
 * for the CLI, URIs for the language server), analyses them into findings and answers hovers, all
 * in UTF-16 offsets and plain data. Parsing is cached per file and redone only when its text
 * changes; the merged model and rules are recomputed lazily after any change.
 */
export class Engine {
  private readonly files = new Map<string, SourceFile>();
  private settings: EngineSettings;
  private analysis: Analysis | undefined;

  constructor(settings?: unknown) {
    this.settings = normalizeSettings(settings);
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
      if ((f.syntax === 'hcl' || f.syntax === 'hcl-json') && !f.extra.has('terraform')) {
        this.files.set(id, buildSourceFile(id, f.text));
        this.analysis = undefined;
      }
    }
  }

  /** Adds or replaces a file. Returns false when the text is unchanged (nothing to redo). */
  setFile(id: string, text: string): boolean {
    const old = this.files.get(id);
    if (old && old.text === text) return false;
    this.files.set(id, buildSourceFile(id, text));
    this.analysis = undefined;
    return true;
  }

  deleteFile(id: string): boolean {
    const had = this.files.delete(id);
    if (had) this.analysis = undefined;
    return had;
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

  analyze(): Analysis {
    this.analysis ??= analyzeFiles(this.files, this.settings);
    return this.analysis;
  }

  findings(id: string): Finding[] {
    return this.analyze().byFile.get(id) ?? [];
  }

  hover(id: string, offset: number): HoverResult | undefined {
    const file = this.files.get(id);
    if (!file) return undefined;
    const a = this.analyze();
    return hoverAt({ file, offset, model: a.model, files: this.files, settings: this.settings });
  }

  /** Completion items at an offset (instance types where one is expected), or undefined. */
  completions(id: string, offset: number): CompletionResult | undefined {
    const file = this.files.get(id);
    return file ? completionsAt(file, offset, this.analyze().model) : undefined;
  }

  /** Inlay hints for a file (usable addresses after subnet CIDRs); empty when the setting is off. */
  inlayHints(id: string): InlayHint[] {
    if (!this.files.has(id)) return [];
    return inlayHintsFor(this.analyze().model, id, this.settings);
  }

  /** Fixes of the findings in a file whose span overlaps the given span. */
  fixes(id: string, span: Span): { finding: Finding; fix: Fix }[] {
    const out: { finding: Finding; fix: Fix }[] = [];
    for (const f of this.findings(id)) {
      if (f.span.end < span.start || f.span.start > span.end) continue;
      for (const fix of f.fixes) out.push({ finding: f, fix });
    }
    return out;
  }

  rules() {
    return RULES;
  }
}
