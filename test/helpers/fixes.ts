import type { Fix } from '../../server/src/engine';

/** Applies a fix's edits to the texts (edits of one file applied from the end, so spans hold). */
export function applyFix(files: Map<string, string>, fix: Fix): Map<string, string> {
  const out = new Map(files);
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) {
    let text = out.get(file);
    if (text === undefined) throw new Error(`fix edits unknown file ${file}`);
    const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].span.end > sorted[i - 1].span.start) throw new Error(`overlapping edits in ${file}`);
    }
    for (const e of sorted) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    out.set(file, text);
  }
  return out;
}
