import type { Finding, Severity } from '../base/finding';
import type { Span } from '../base/span';

/**
 * Findings of one rule shown per file. Past it the rest are counted, not built: a generated file
 * can hold thousands of instances of one mistake, and every finding costs memory in the engine,
 * bytes in publishDiagnostics and a row in the Problems panel. Real files stay far below it.
 */
export const MAX_FINDINGS_PER_RULE_AND_FILE = 200;

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

/**
 * Counts one rule's findings per file and, past the cap, replaces the rest with one finding at the
 * first one left out, saying how many were not shown. It carries the most severe level among them,
 * so a capped file still fails the CLI exactly as the full list would.
 */
export class FindingCap {
  private readonly perFile = new Map<string, { shown: number; hidden: number; at?: Span; severity?: Severity }>();

  constructor(
    private readonly ruleId: string,
    private readonly cap = MAX_FINDINGS_PER_RULE_AND_FILE,
  ) {}

  /** True when the finding is to be shown; otherwise it is counted. */
  admit(file: string, span: Span, severity: Severity): boolean {
    let c = this.perFile.get(file);
    if (!c) this.perFile.set(file, (c = { shown: 0, hidden: 0 }));
    if (c.shown < this.cap) {
      c.shown++;
      return true;
    }
    c.hidden++;
    c.at ??= span;
    if (!c.severity || RANK[severity] > RANK[c.severity]) c.severity = severity;
    return false;
  }

  /** One finding per file that went past the cap. */
  overflow(): Finding[] {
    const out: Finding[] = [];
    for (const [file, c] of this.perFile) {
      if (!c.hidden || !c.at || !c.severity) continue;
      out.push({
        ruleId: this.ruleId,
        severity: c.severity,
        messageId: 'more',
        message: `${c.hidden} more ${this.ruleId} ${c.hidden === 1 ? 'finding' : 'findings'} in this file, the first here, are not shown: eksnet reports at most ${this.cap} per rule and file.`,
        file,
        span: c.at,
        related: [],
        fixes: [],
      });
    }
    return out;
  }
}
