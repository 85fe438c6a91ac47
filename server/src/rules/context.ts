import type { FileSpan } from '../base/span';
import type { NetworkModel } from '../model/types';
import type { TextEdit, Severity } from '../base/finding';
import type { EngineSettings } from '../base/settings';
import type { SourceFile } from '../model/sourceFile';

export interface FixSpec<F extends string = string> {
  fixId: F;
  data?: Record<string, string | number>;
  edits: TextEdit[];
}

export interface Report<M extends string = string, F extends string = string> {
  at: FileSpan;
  messageId: M;
  data?: Record<string, string | number>;
  related?: { at: FileSpan; message: string }[];
  fixes?: FixSpec<F>[];
  /** Overrides the rule's default severity for this finding (a user's setting still wins). */
  severity?: Severity;
}

/** What a rule sees: the merged model, the parsed files, the settings, and a way to report. */
export interface RuleContext<M extends string = string, F extends string = string> {
  model: NetworkModel;
  files: ReadonlyMap<string, SourceFile>;
  settings: EngineSettings;
  report(r: Report<M, F>): void;
}
