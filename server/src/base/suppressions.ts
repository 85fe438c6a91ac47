import type { Span } from './span';
import type { LineIndex } from './lineIndex';

/** A region in which some rules (or all, for an empty set) are silenced. */
export interface Suppression {
  span: Span;
  rules: Set<string>;
}

const NEXT_LINE = /(?:#|\/\/)\s*eksnet-disable-next-line\b([^\n\r]*)/g;

/**
 * `# eksnet-disable-next-line rule-a, rule-b` (YAML, HCL, shell) or `// ...` (HCL) silences the
 * named rules (all rules when none is named) on the next line that is not itself a comment.
 */
export function commentSuppressions(text: string, lineIndex: () => LineIndex): Suppression[] {
  const out: Suppression[] = [];
  if (!text.includes('eksnet-disable-next-line')) return out;
  // Asked only here: most files have no suppression comment and need no line index for it.
  const lines = lineIndex();
  for (const m of text.matchAll(NEXT_LINE)) {
    const line = lines.position(m.index ?? 0).line;
    let target = line + 1;
    while (target < lines.lineCount && /^\s*(#|\/\/|$)/.test(lines.lineText(target))) target++;
    if (target >= lines.lineCount) continue;
    const start = lines.lineStart(target);
    out.push({ span: { start, end: start + lines.lineText(target).length }, rules: parseRuleList(m[1]) });
  }
  return out;
}

export function parseRuleList(s: string): Set<string> {
  return new Set(
    s
      .split(/[\s,]+/)
      .map((x) => x.trim())
      .filter((x) => /^[a-z0-9-]+$/.test(x)),
  );
}

export function isSuppressed(list: readonly Suppression[], ruleId: string, span: Span): boolean {
  return list.some(
    (s) => span.start >= s.span.start && span.start <= s.span.end && (s.rules.size === 0 || s.rules.has(ruleId)),
  );
}
