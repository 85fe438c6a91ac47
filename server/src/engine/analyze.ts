import type { Finding, Severity } from '../base/finding';
import type { SourceFile } from '../model/sourceFile';
import type { EngineSettings } from '../base/settings';
import { emptyModel, mergeInto, type NetworkModel } from '../model/types';
import { RULES } from '../rules/registry';
import { formatMessage, type Rule } from '../rules/defineRule';
import type { Report } from '../rules/context';
import { isSuppressed } from '../base/suppressions';
import { BUILDERS } from '../model/builders';
import { changeEdits } from '../edits';
import type { Evaluators, RefineContext } from '../model/evaluation';
import { clip, describeError } from '../base/messages';
import { FindingCap } from './findingCap';

export interface Analysis {
  model: NetworkModel;
  findings: Finding[];
  byFile: Map<string, Finding[]>;
}

/**
 * Merges the files' fragments into one model and runs every enabled rule over it. Never throws:
 * a failure is contained to the file or rule it happened in and reported once as an internal
 * error, because the language server calls this from the event loop, where a throw ends the
 * process.
 */
export function analyzeFiles(
  files: ReadonlyMap<string, SourceFile>,
  settings: EngineSettings,
  evaluators: Evaluators,
): Analysis {
  try {
    return analyzeUnguarded(files, settings, evaluators);
  } catch (e) {
    const first = files.keys().next().value;
    const findings =
      first === undefined
        ? []
        : [
            internal(
              'syntax-error',
              first,
              `eksnet could not analyse the workspace (internal error: ${describeError(e)}).`,
            ),
          ];
    return { model: emptyModel(), findings, byFile: new Map(first === undefined ? [] : [[first, findings]]) };
  }
}

function analyzeUnguarded(
  files: ReadonlyMap<string, SourceFile>,
  settings: EngineSettings,
  evaluators: Evaluators,
): Analysis {
  const model = emptyModel();
  const findings: Finding[] = [];
  const ctx: RefineContext = { files, settings, evaluators };
  for (const f of files.values()) {
    try {
      mergeInto(model, refinedFragment(f, ctx));
    } catch (e) {
      // As in build.ts: a builder bug costs this file's model items, never the whole analysis.
      try {
        mergeInto(model, f.fragment);
      } catch {
        // The file's own fragment failed too; the finding below says the file was not analysed.
      }
      findings.push(
        internal(
          'syntax-error',
          f.id,
          `eksnet could not analyse this file together with the files it depends on (internal error: ${describeError(e)}).`,
        ),
      );
    }
  }
  for (const rule of RULES) {
    const setting = settings.rules[rule.id];
    if (setting === 'off') continue;
    const cap = new FindingCap(rule.id);
    const report = (r: Report) => {
      // Suppressed first, so a suppressed finding's fixes are never written.
      const file = files.get(r.at.file);
      if (file && isSuppressed(file.suppressions, rule.id, r.at.span)) return;
      const severity = setting ?? r.severity ?? rule.defaultSeverity;
      if (cap.admit(r.at.file, r.at.span, severity)) findings.push(toFinding(rule, r, severity, files));
    };
    try {
      rule.check({ model, files, settings, report });
    } catch (e) {
      // One broken rule must not hide every other finding; it reports itself instead.
      const first = files.keys().next().value;
      if (first !== undefined)
        findings.push(
          internal(
            rule.id,
            first,
            `Rule ${rule.id} failed (internal error: ${describeError(e)}); its findings are missing.`,
          ),
        );
    }
    for (const f of cap.overflow()) findings.push(f);
  }
  findings.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId),
  );
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  return { model, findings, byFile };
}

function internal(ruleId: string, file: string, message: string): Finding {
  return {
    ruleId,
    severity: 'error',
    messageId: 'internal',
    message,
    file,
    span: { start: 0, end: 0 },
    related: [],
    fixes: [],
  };
}

/** The file's fragment, or the one a builder recomputes from other files (see Builder.refine). */
function refinedFragment(f: SourceFile, ctx: RefineContext): NetworkModel {
  if (!f.relevant) return f.fragment;
  for (const b of BUILDERS) {
    const r = b.refine?.(f, ctx);
    if (r) return r;
  }
  return f.fragment;
}

/** Characters of a related location's message; rules build these from workspace names. */
const MAX_RELATED_MESSAGE = 300;

/**
 * A rule's report as a finding. Its fixes are turned into text here, by the edit layer of each
 * file's syntax; a fix that cannot be written in the file is dropped, never offered half done.
 */
function toFinding(rule: Rule, r: Report, severity: Severity, files: ReadonlyMap<string, SourceFile>): Finding {
  const fixes: Finding['fixes'] = [];
  for (const fx of r.fixes ?? []) {
    const edits = changeEdits(fx.changes, files);
    if (edits) fixes.push({ title: formatMessage(rule.fixes?.[fx.fixId] ?? fx.fixId, fx.data ?? r.data), edits });
  }
  return {
    ruleId: rule.id,
    severity,
    messageId: r.messageId,
    message: formatMessage(rule.messages[r.messageId] ?? r.messageId, r.data),
    file: r.at.file,
    span: r.at.span,
    related: (r.related ?? []).map((x) => ({
      file: x.at.file,
      span: x.at.span,
      message: clip(x.message, MAX_RELATED_MESSAGE),
    })),
    fixes,
  };
}
