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
