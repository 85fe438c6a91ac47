import { LineIndex } from '../engine';
import type { Span } from '../engine';

/** Range in 0-based lines and UTF-16 characters, the unit LSP and our JSON output use. */
export interface LineRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Converts spans to line ranges, building each file's line index once. */
export class Locator {
  private readonly cache = new Map<string, LineIndex>();

  constructor(private readonly textOf: (file: string) => string | undefined) {}

  range(file: string, span: Span): LineRange {
    const idx = this.index(file);
    return { start: idx.position(span.start), end: idx.position(span.end) };
  }

  line(file: string, offset: number): number {
    return this.index(file).position(offset).line;
  }

  private index(file: string): LineIndex {
    let idx = this.cache.get(file);
    if (!idx) this.cache.set(file, (idx = new LineIndex(this.textOf(file) ?? '')));
    return idx;
  }
}
