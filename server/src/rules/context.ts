import type { FileSpan } from '../base/span';
import type { NetworkModel } from '../model/types';
import type { ValueChange } from '../model/change';
import type { Severity } from '../base/finding';
import type { EngineSettings } from '../base/settings';
import type { Problem } from '../base/problem';

/** A fix as a rule describes it: what must change in the model's terms; edits/ writes the text. */
export interface FixSpec<F extends string = string> {
  fixId: F;
  data?: Record<string, string | number>;
  changes: ValueChange[];
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

/**
 * What a rule learns about a file besides its model items: whether it parsed, and whether it was a
 * skipped template. Never its text or syntax tree: rules read the model.
 */
export interface FileFacts {
  id: string;
  /** Problems reported as `syntax-error` findings. */
  problems: Problem[];
  /** True when the file was recognised as a Helm/Go template and skipped. */
  template: boolean;
  /** True when some builder recognised content in the file. */
  relevant: boolean;
}

/** What a rule sees: the merged model, facts about the files, the settings, and a way to report. */
export interface RuleContext<M extends string = string, F extends string = string> {
  model: NetworkModel;
  files: ReadonlyMap<string, FileFacts>;
  settings: EngineSettings;
  report(r: Report<M, F>): void;
}
