/**
 * Converts UTF-16 offsets to 0-based line/character positions and back. Lines end at \n, \r\n or a
 * lone \r, as LSP defines them. Built once per text and queried by binary search; after an edit the
 * next text's index is spliced from this one (`edit`) rather than rebuilt by scanning the whole text.
 */
export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly starts: Uint32Array;

  /** `starts` is for `edit` only: the line starts of `text`, already computed. */
  constructor(
    private readonly text: string,
    starts?: Uint32Array,
  ) {
    if (starts) {
      this.starts = starts;
      return;
    }
    const found = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        found.push(i + 1);
      } else if (c === 10 /* \n */) {
        found.push(i + 1);
      }
    }
    this.starts = Uint32Array.from(found);
  }

  /**
   * The index of `next`, the text this one's text becomes when [start, end) is replaced by `inserted`
   * (so `next === text.slice(0, start) + inserted + text.slice(end)`, which the caller guarantees).
   * Lines before the edit keep their starts (one block copy), lines after it move by the length
   * delta in one typed-array pass, and only the inserted text (with one character on either side,
   * where a \r\n pair can be split or joined) is scanned. docs/performance.md has the figures.
   */
  edit(start: number, end: number, inserted: string, next: string): LineIndex {
    const delta = inserted.length - (end - start);
    const old = this.starts;
    // Starts before `start` depend only on text before the edit; the first line always starts at 0.
    const keep = Math.max(1, this.firstAtLeast(start));
    // A start p depends on the characters at p - 1 and p: rescan where either may have changed.
    const added: number[] = [];
    const last = Math.min(start + inserted.length + 1, next.length);
    for (let p = Math.max(start, 1); p <= last; p++) {
      const prev = next.charCodeAt(p - 1);
      if (prev === 10 || (prev === 13 && next.charCodeAt(p) !== 10)) added.push(p);
    }
    // Old starts past end + 1 read only unchanged text: they move by delta.
    const from = Math.max(keep, this.firstAtLeast(end + 2));
    const starts = new Uint32Array(keep + added.length + old.length - from);
    starts.set(old.subarray(0, keep));
    starts.set(added, keep);
    for (let i = from, j = keep + added.length; i < old.length; i++, j++) starts[j] = old[i] + delta;
    return new LineIndex(next, starts);
  }

  /** The first line whose start is at or after `offset` (the line count when there is none). */
  private firstAtLeast(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo] };
  }

  offset(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.starts[pos.line];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    // A character past the end of the line clamps to the line end, before its line break.
    let lineEnd = next;
    while (lineEnd > start && (this.text.charCodeAt(lineEnd - 1) === 10 || this.text.charCodeAt(lineEnd - 1) === 13))
      lineEnd--;
    return Math.min(start + Math.max(0, pos.character), lineEnd);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}
