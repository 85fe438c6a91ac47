import type { Finding, Fix, TextEdit } from '../base/finding';

/** What applying the safe fixes needs from the Engine (kept as an interface so there is no import circle). */
export interface FixTarget {
  analyze(): { findings: Finding[] };
  text(id: string): string | undefined;
  setFile(id: string, text: string): boolean;
}

export interface FixAllResult {
  /** The files the fixes changed, with their text before the first pass and after the last. */
  changed: Map<string, { before: string; after: string }>;
  /** How many fixes were applied, over all passes. */
  applied: number;
  /** Passes that applied at least one fix. */
  passes: number;
  /** True when the pass limit stopped the loop while safe fixes were still offered. */
  exhausted: boolean;
}

/**
 * A fix can only be offered on the text it was written for, and one fix can make or unmake another
 * finding, so fixes are applied in passes: each pass analyses, takes the first safe fix of every
 * finding that `include` accepts, applies those whose edits touch no edit taken before them, and
 * gives the new texts to the engine (which re-analyses incrementally). It stops when a pass finds
 * no safe fix, or after `maxPasses`, so fixes that undo each other cannot loop.
 */
export function applySafeFixes(
  engine: FixTarget,
  include: (f: Finding) => boolean = () => true,
  maxPasses = 10,
): FixAllResult {
  const changed = new Map<string, { before: string; after: string }>();
  let applied = 0;
  for (let pass = 1; pass <= maxPasses; pass++) {
    const taken = takeFixes(engine, include);
    if (!taken.size) return { changed: net(changed), applied, passes: pass - 1, exhausted: false };
    for (const [file, edits] of taken) {
      const before = engine.text(file)!;
      const after = applyEdits(before, edits);
      engine.setFile(file, after);
      const entry = changed.get(file);
      if (entry) entry.after = after;
      else changed.set(file, { before, after });
    }
    // A fix with edits in several files is one fix.
    const fixes = new Set<Fix>();
    for (const es of taken.values()) for (const e of es) fixes.add(e.fix);
    applied += fixes.size;
  }
  const more = takeFixes(engine, include).size > 0;
  return { changed: net(changed), applied, passes: maxPasses, exhausted: more };
}

/** Files a fix changed and a later fix changed back are not changed. */
function net(changed: FixAllResult['changed']): FixAllResult['changed'] {
  for (const [file, c] of changed) if (c.before === c.after) changed.delete(file);
  return changed;
}

type TakenEdit = TextEdit & { fix: Fix };

/** One pass's fixes, by file: the first safe fix of each finding whose edits touch no edit taken before. */
function takeFixes(engine: FixTarget, include: (f: Finding) => boolean): Map<string, TakenEdit[]> {
  const byFile = new Map<string, TakenEdit[]>();
  for (const finding of engine.analyze().findings) {
    if (!include(finding)) continue;
    const fix = finding.fixes.find((x) => x.safe);
    if (!fix || !fix.edits.every((e) => engine.text(e.file) !== undefined)) continue;
    if (fix.edits.some((e) => (byFile.get(e.file) ?? []).some((t) => touches(t, e)))) continue;
    for (const e of fix.edits) {
      const list = byFile.get(e.file) ?? [];
      list.push({ ...e, fix });
      byFile.set(e.file, list);
    }
  }
  return byFile;
}

/**
 * Whether two edits overlap or meet. Edits that only meet (an insertion where another replacement
 * starts) would be applied in an order nothing defines, so the later one waits for the next pass.
 */
function touches(a: TextEdit, b: TextEdit): boolean {
  return a.span.start <= b.span.end && b.span.start <= a.span.end;
}

/** Applies non-overlapping edits to a text, from the end so that earlier spans stay valid. */
function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((x, y) => y.span.start - x.span.start))
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
