import type { Finding, Fix, Severity } from '../base/finding';
import type { EngineSettings } from '../base/settings';
import type { SourceFile } from '../model/sourceFile';
import type { NetworkModel } from '../model/types';
import type { RefineContext } from '../model/evaluation';
import { BUILDERS } from '../model/builders';
import { formatMessage, type Rule } from '../rules/defineRule';
import type { FileFacts, Report } from '../rules/context';
import { isSuppressed } from '../base/suppressions';
import { changeEdits } from '../edits';
import { clip, describeError } from '../base/messages';
import { FindingCap } from './findingCap';
import { memoOn } from '../base/memo';

const NO_INPUTS: readonly string[] = [];

/**
 * The file's fragment, or the one a builder recomputes from other files (see Builder.refine), with
 * the other files that builder read.
 */
export function refinedFragment(
  f: SourceFile,
  ctx: RefineContext,
): { fragment: NetworkModel; inputs: readonly string[] } {
  if (!f.relevant) return { fragment: f.fragment, inputs: NO_INPUTS };
  for (const b of BUILDERS) {
    const r = b.refine?.(f, ctx);
    if (r) return { fragment: r, inputs: b.inputs?.(f, ctx) ?? NO_INPUTS };
  }
  return { fragment: f.fragment, inputs: NO_INPUTS };
}

const STRUCTURE = Symbol('structure keys');

/**
 * The builders' structure keys of a file (Builder.structure), as one string. Taken once per
 * SourceFile, when it is built (engine/build.ts): every analysis that regroups the workspace asks it
 * of every file, and it must not make dropped trees again for that (engine/residency.ts).
 */
export function structureOf(f: SourceFile): string {
  return memoOn(f, STRUCTURE, () => structureOnce(f));
}

function structureOnce(f: SourceFile): string {
  let out = '';
  for (const b of BUILDERS) {
    const s = b.structure?.(f);
    if (s) out += `${b.name}:${s}\n`;
  }
  return out;
}

/**
 * Runs one rule over one model (a file's, a network's or the workspace's lists) and returns its
 * findings, capped per file. Never throws: a broken rule reports itself instead, because one broken
 * rule must not hide every other finding, and the language server calls this from the event loop.
 */
export function runRule(
  rule: Rule,
  model: NetworkModel,
  files: ReadonlyMap<string, FileFacts>,
  settings: EngineSettings,
  sources: ReadonlyMap<string, SourceFile>,
  /** Where a failure of the rule is reported: the file (or a file of the network) it was checking. */
  failureAt: string | undefined,
): Finding[] {
  const setting = settings.rules[rule.id];
  const findings: Finding[] = [];
  const cap = new FindingCap(rule.id);
  const report = (r: Report) => {
    // Suppressed first, so a suppressed finding's fixes are never described.
    const file = sources.get(r.at.file);
    if (file && isSuppressed(file.suppressions, rule.id, r.at.span)) return;
    const severity = (setting === 'off' ? undefined : setting) ?? r.severity ?? rule.defaultSeverity;
    if (cap.admit(r.at.file, r.at.span, severity)) findings.push(toFinding(rule, r, severity, sources));
  };
  try {
    rule.check({ model, files, settings, report });
  } catch (e) {
    if (failureAt !== undefined)
      findings.push(
        internalFinding(
          rule.id,
          failureAt,
          `Rule ${rule.id} failed (internal error: ${describeError(e)}); its findings are missing.`,
        ),
      );
  }
  for (const f of cap.overflow()) findings.push(f);
  return findings;
}

export function internalFinding(ruleId: string, file: string, message: string): Finding {
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

/** Characters of a related location's message; rules build these from workspace names. */
const MAX_RELATED_MESSAGE = 300;

/**
 * A rule's report as a finding. Its fixes are written as text (by the edit layer of each file's
 * syntax) only when something reads them, a code action or the CLI's JSON and SARIF: most findings
 * are published and never fixed, and a keystroke should not pay for edits nobody asks for. The
 * SourceFiles are looked up when the fixes are first read; a finding is only ever read from the
 * analysis that made it or one whose inputs did not change since (engine/incremental.ts), so the
 * files are the ones it was made from. A fix that cannot be written is dropped, never offered half done.
 */
function toFinding(rule: Rule, r: Report, severity: Severity, sources: ReadonlyMap<string, SourceFile>): Finding {
  let fixes: Fix[] | undefined;
  const specs = r.fixes ?? [];
  const base = {
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
  };
  // Without fixes the finding is plain data (and may stand in for an equal one, see sameFindings).
  if (!specs.length) return { ...base, fixes: [] };
  return {
    ...base,
    get fixes(): Fix[] {
      if (!fixes) {
        fixes = [];
        for (const fx of specs) {
          const written = changeEdits(fx.changes, sources);
          if (!written) continue;
          const meta = rule.fixes?.[fx.fixId];
          fixes.push({
            title: formatMessage(meta?.title ?? fx.fixId, fx.data ?? r.data),
            edits: written.edits,
            safe: !!meta?.safe && !written.overwritesExpression,
          });
        }
      }
      return fixes;
    },
  };
}

/** Position order within a file, total so that the order never depends on which run came first. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.span.start - b.span.start ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    a.span.end - b.span.end ||
    (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/**
 * Drops repeats from a sorted list: a network rule sees the global part in every network, so a
 * finding about an ENIConfig or a node selector can come from several networks' runs; a plan placed
 * at its .tf blocks repeats what the HCL finds there.
 */
export function dedupe(sorted: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && compareFindings(last, f) === 0 && last.severity === f.severity) {
      // The same finding from two sources (a plan placed at the .tf block whose HCL finds it too):
      // keep the one that can be fixed. Fixes are read only for such repeats.
      if (!last.fixes.length && f.fixes.length) out[out.length - 1] = f;
      continue;
    }
    out.push(f);
  }
  return out;
}

/**
 * True when two runs' findings read the same to a user and carry no fixes: the engine then keeps the
 * earlier objects (an early cut-off), so a rule that re-ran because an input changed but came to the
 * same verdict changes no file's findings. Findings with fixes are always replaced, because a fix
 * is written from the model handles of the run that made it.
 */
export function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!plain(x) || !plain(y)) return false;
    if (
      x.ruleId !== y.ruleId ||
      x.messageId !== y.messageId ||
      x.message !== y.message ||
      x.severity !== y.severity ||
      x.file !== y.file ||
      x.span.start !== y.span.start ||
      x.span.end !== y.span.end ||
      x.related.length !== y.related.length
    )
      return false;
    for (let j = 0; j < x.related.length; j++) {
      const r = x.related[j];
      const s = y.related[j];
      if (r.file !== s.file || r.span.start !== s.span.start || r.span.end !== s.span.end || r.message !== s.message)
        return false;
    }
  }
  return true;
}

function plain(f: Finding): boolean {
  const d = Object.getOwnPropertyDescriptor(f, 'fixes');
  return !!d && !d.get && Array.isArray(d.value) && d.value.length === 0;
}
