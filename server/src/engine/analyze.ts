import type { SourceFile } from '../model/sourceFile';
import type { EngineSettings } from '../base/settings';
import { emptyModel } from '../model/types';
import type { Evaluators } from '../model/evaluation';
import { describeError } from '../base/messages';
import { IncrementalAnalyzer, type Analysis, type Changes } from './incremental';
import { internalFinding } from './ruleRun';

export type { Analysis } from './incremental';

/**
 * Analyses the files with an analyser that remembers what it computed (engine/incremental.ts), so
 * the next call redoes only what the changes reach. Never throws: a failure inside one file or rule
 * is contained there; anything else is reported once as an internal error and the analyser starts
 * afresh next time (its memory may be half updated), because the language server calls this from
 * the event loop, where a throw ends the process.
 */
export function analyzeWith(
  analyzer: { current: IncrementalAnalyzer },
  files: ReadonlyMap<string, SourceFile>,
  settings: EngineSettings,
  evaluators: Evaluators,
  changes?: Changes,
): Analysis {
  try {
    return analyzer.current.analyze(files, settings, evaluators, changes);
  } catch (e) {
    analyzer.current = new IncrementalAnalyzer();
    const first = files.keys().next().value;
    const findings =
      first === undefined
        ? []
        : [
            internalFinding(
              'syntax-error',
              first,
              `eksnet could not analyse the workspace (internal error: ${describeError(e)}).`,
            ),
          ];
    const byFile = new Map(first === undefined ? [] : [[first, findings]]);
    return { model: emptyModel(), findings, byFile, changed: new Set(byFile.keys()) };
  }
}

/** One analysis from scratch (tests and one-off callers). */
export function analyzeFiles(
  files: ReadonlyMap<string, SourceFile>,
  settings: EngineSettings,
  evaluators: Evaluators,
): Analysis {
  return analyzeWith({ current: new IncrementalAnalyzer() }, files, settings, evaluators);
}
