import type { Span } from './span';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  file: string;
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /**
   * Whether `eksnet lint --fix` applies it: the rule marks the fix safe (rules/defineRule.ts,
   * FixMeta) and this instance overwrites no expression (edits/index.ts).
   */
  safe: boolean;
}

export interface RelatedLocation {
  file: string;
  span: Span;
  message: string;
}

/** A rule's verdict on one place. Plain data in offsets: adapters turn it into LSP, text or SARIF. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  file: string;
  span: Span;
  related: RelatedLocation[];
  fixes: Fix[];
}

/**
 * Identifies a finding across re-analyses of the same text, so a code action request can find the
 * finding a diagnostic came from without ever comparing message text.
 */
export function findingKey(f: Pick<Finding, 'ruleId' | 'messageId' | 'file' | 'span'>): string {
  return `${f.ruleId}|${f.messageId}|${f.span.start}-${f.span.end}`;
}
