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

export interface Analysis {
  model: NetworkModel;
  findings: Finding[];
  byFile: Map<string, Finding[]>;
}

/** Merges the files' fragments into one model and runs every enabled rule over it. */
export function analyzeFiles(
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
      mergeInto(model, f.fragment);
      findings.push({
        ruleId: 'syntax-error',
        severity: 'error',
        messageId: 'internal',
        message: `eksnet could not analyse this file together with the files it depends on (internal error: ${(e as Error).message}).`,
        file: f.id,
        span: { start: 0, end: 0 },
        related: [],
        fixes: [],
      });
    }
  }
  for (const rule of RULES) {
    const setting = settings.rules[rule.id];
    if (setting === 'off') continue;
    const report = (r: Report) => {
      // Suppressed first, so a suppressed finding's fixes are never written.
      const file = files.get(r.at.file);
      if (file && isSuppressed(file.suppressions, rule.id, r.at.span)) return;
      findings.push(toFinding(rule, r, setting, files));
    };
    try {
      rule.check({ model, files, settings, report });
    } catch (e) {
      // One broken rule must not hide every other finding; it reports itself instead.
      const first = files.keys().next().value;
      if (first !== undefined) {
        findings.push({
          ruleId: rule.id,
          severity: 'error',
          messageId: 'internal',
          message: `Rule ${rule.id} failed (internal error: ${(e as Error).message}); its findings are missing.`,
          file: first,
          span: { start: 0, end: 0 },
          related: [],
          fixes: [],
        });
      }
    }
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

/** The file's fragment, or the one a builder recomputes from other files (see Builder.refine). */
function refinedFragment(f: SourceFile, ctx: RefineContext): NetworkModel {
  if (!f.relevant) return f.fragment;
  for (const b of BUILDERS) {
    const r = b.refine?.(f, ctx);
    if (r) return r;
  }
  return f.fragment;
}

/**
 * A rule's report as a finding. Its fixes are turned into text here, by the edit layer of each
 * file's syntax; a fix that cannot be written in the file is dropped, never offered half done.
 */
function toFinding(
  rule: Rule,
  r: Report,
  override: Severity | undefined,
  files: ReadonlyMap<string, SourceFile>,
): Finding {
  const fixes: Finding['fixes'] = [];
  for (const fx of r.fixes ?? []) {
    const edits = changeEdits(fx.changes, files);
    if (edits) fixes.push({ title: formatMessage(rule.fixes?.[fx.fixId] ?? fx.fixId, fx.data ?? r.data), edits });
  }
  return {
    ruleId: rule.id,
    severity: override ?? r.severity ?? rule.defaultSeverity,
    messageId: r.messageId,
    message: formatMessage(rule.messages[r.messageId] ?? r.messageId, r.data),
    file: r.at.file,
    span: r.at.span,
    related: (r.related ?? []).map((x) => ({ file: x.at.file, span: x.at.span, message: x.message })),
    fixes,
  };
}
