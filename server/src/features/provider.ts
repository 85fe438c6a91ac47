import type { SourceFile } from '../model/sourceFile';
import type { NetworkModel } from '../model/types';
import type { EngineSettings } from '../base/settings';
import type { Evaluators } from '../model/evaluation';
import type { Finding } from '../base/finding';

/**
 * What every editor feature gets from the Engine: the file the request is about, the analysed
 * workspace (merged model, every file, settings) and the Engine's evaluator services, which answer
 * "what is the value here" (model/evaluation/). Features read these; they cache nothing themselves.
 */
export interface FeatureContext {
  file: SourceFile;
  model: NetworkModel;
  files: ReadonlyMap<string, SourceFile>;
  settings: EngineSettings;
  /** The analysis's structure version (WorkspaceView.structure), so services keep their layouts. */
  structure?: object;
  evaluators: Evaluators;
  /** The file's findings from the same analysis, for features that act on them (code actions). */
  findings: readonly Finding[];
}

/**
 * One editor feature: a request kind (hover, completion, inlay hints, code actions) and how it is answered. Every
 * feature has this shape and is registered in features/index.ts, the list the Engine calls.
 */
export interface EditorFeature<Req, Res> {
  readonly id: string;
  run(ctx: FeatureContext, req: Req): Res;
}
