/**
 * Positions inside the engine are UTF-16 code-unit offsets into a file's text, the same unit
 * JavaScript strings, the `yaml` package and LSP use. Only lineIndex.ts knows about lines.
 */
export interface Span {
  start: number;
  end: number;
}

/** A span in a particular file; `file` is the engine's file id (a path or a URI, never interpreted). */
export interface FileSpan {
  file: string;
  span: Span;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function containsOffset(s: Span, offset: number): boolean {
  return offset >= s.start && offset <= s.end;
}

export function spanLength(s: Span): number {
  return s.end - s.start;
}
