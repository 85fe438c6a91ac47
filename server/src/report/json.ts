import type { Finding } from '../engine';
import type { Locator } from './locate';

/** The `lint --format json` contract (version 1): one object, findings in file and position order. */
export function toJson(findings: Finding[], loc: Locator, display: (id: string) => string): string {
  return JSON.stringify(
    {
      version: 1,
      findings: findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        file: display(f.file),
        range: loc.range(f.file, f.span),
        related: f.related.map((r) => ({
          file: display(r.file),
          range: loc.range(r.file, r.span),
          message: r.message,
        })),
        fixes: f.fixes.map((x) => ({
          title: x.title,
          safe: x.safe,
          edits: x.edits.map((e) => ({ file: display(e.file), range: loc.range(e.file, e.span), newText: e.newText })),
        })),
      })),
    },
    null,
    2,
  );
}
