import type { Finding } from '../engine';
import type { Locator } from './locate';

/** `file:line:col severity message [rule-id]`, 1-based like compilers print, one line per finding. */
export function toText(findings: Finding[], loc: Locator, display: (id: string) => string): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) {
    counts[f.severity]++;
    const r = loc.range(f.file, f.span);
    lines.push(
      `${display(f.file)}:${r.start.line + 1}:${r.start.character + 1} ${f.severity} ${f.message} [${f.ruleId}]`,
    );
    for (const rel of f.related) {
      const rr = loc.range(rel.file, rel.span);
      lines.push(`    ${display(rel.file)}:${rr.start.line + 1}:${rr.start.character + 1} ${rel.message}`);
    }
  }
  const total = findings.length;
  lines.push(
    total === 0
      ? 'No findings.'
      : `${total} finding${total === 1 ? '' : 's'}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.information} information, ${counts.hint} hint(s).`,
  );
  return lines.join('\n');
}
