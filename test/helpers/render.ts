import { LineIndex, type Finding, type Engine } from '../../server/src/engine';

/**
 * Renders findings as a readable snapshot: location, severity, message id and text, a code frame
 * under the span, related locations and each fix's edits. Snapshots are reviewed like code.
 */
export function renderFindings(engine: Engine, findings: Finding[]): string {
  const out: string[] = [];
  for (const f of findings) {
    const text = engine.text(f.file) ?? '';
    const idx = new LineIndex(text);
    const s = idx.position(f.span.start);
    const e = idx.position(f.span.end);
    out.push(`${f.file}:${s.line + 1}:${s.character + 1} ${f.severity} ${f.ruleId}/${f.messageId}`);
    out.push(`  ${f.message}`);
    const line = idx.lineText(s.line);
    out.push(`  | ${line}`);
    const width = e.line === s.line ? Math.max(1, e.character - s.character) : Math.max(1, line.length - s.character);
    out.push(`  | ${' '.repeat(s.character)}${'^'.repeat(width)}`);
    for (const r of f.related) {
      const ri = new LineIndex(engine.text(r.file) ?? '').position(r.span.start);
      out.push(`  related ${r.file}:${ri.line + 1}:${ri.character + 1} ${r.message}`);
    }
    for (const fix of f.fixes) {
      out.push(`  fix: ${fix.title}`);
      for (const ed of fix.edits) {
        const ei = new LineIndex(engine.text(ed.file) ?? '');
        const a = ei.position(ed.span.start);
        const b = ei.position(ed.span.end);
        out.push(
          `    ${ed.file}:${a.line + 1}:${a.character + 1}-${b.line + 1}:${b.character + 1} ${JSON.stringify(ed.newText)}`,
        );
      }
    }
  }
  return out.join('\n') + '\n';
}
