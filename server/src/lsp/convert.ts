import { pathToFileURL, fileURLToPath } from 'node:url';
import {
  DiagnosticSeverity,
  CodeActionKind,
  type Diagnostic,
  type Range,
  type Position,
  type Hover,
  type InlayHint as LspInlayHint,
  type CodeAction,
  type WorkspaceEdit,
  type TextEdit as LspTextEdit,
  MarkupKind,
  CompletionItemKind,
  type CompletionList,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver';
import {
  LineIndex,
  findingKey,
  type Finding,
  type Fix,
  type HoverResult,
  type Severity,
  type CompletionResult,
  type InlayHint,
  type AddressMap,
  type MapJson,
  mapToJson,
} from '../engine';
import { ruleDocUrl } from '../engine';
import type { Span } from '../engine';

/**
 * The only module that converts between engine data (offsets, findings) and LSP types. Everything
 * else in lsp/ passes engine values through here, so position encoding is decided in one place:
 * UTF-16 code units, LSP's default, which is also what JavaScript strings and the engine use.
 */
export class Converter {
  private readonly indexes = new Map<string, { text: string; index: LineIndex }>();

  /** `linesOf` gives the engine's line index of a file, so the converter does not build a second one. */
  constructor(
    private readonly textOf: (uri: string) => string | undefined,
    private readonly linesOf: (uri: string) => LineIndex | undefined = () => undefined,
  ) {}

  private index(uri: string): LineIndex {
    const text = this.textOf(uri) ?? '';
    const cached = this.indexes.get(uri);
    if (cached && cached.text === text) return cached.index;
    const index = this.linesOf(uri) ?? new LineIndex(text);
    this.indexes.set(uri, { text, index });
    return index;
  }

  /** Drops a file's cached text and line index; called when a buffer closes or a file leaves the engine. */
  forget(uri: string): void {
    this.indexes.delete(uri);
  }

  size(): number {
    return this.indexes.size;
  }

  offset(uri: string, pos: Position): number {
    return this.index(uri).offset(pos);
  }

  span(uri: string, range: Range): Span {
    return { start: this.offset(uri, range.start), end: this.offset(uri, range.end) };
  }

  range(uri: string, span: Span): Range {
    const idx = this.index(uri);
    return { start: idx.position(span.start), end: idx.position(span.end) };
  }

  /** The address map in the `map` JSON contract, files as URIs and lines 0-based (the LSP's). */
  addressMap(map: AddressMap): MapJson {
    return mapToJson(
      map,
      (at) => this.index(at.file).position(at.span.start).line,
      (uri) => uri,
    );
  }

  diagnostic(f: Finding): Diagnostic {
    return {
      range: this.range(f.file, f.span),
      severity: SEVERITY[f.severity],
      code: f.ruleId,
      codeDescription: { href: ruleDocUrl(f.ruleId) },
      source: 'eksnet',
      message: f.message,
      ...(f.related.length
        ? {
            relatedInformation: f.related.map((r) => ({
              location: { uri: r.file, range: this.range(r.file, r.span) },
              message: r.message,
            })),
          }
        : {}),
      // The code action handler finds the finding again by this key, never by message text. Fixes
      // are written only when a code action asks (engine/ruleRun.ts), so their count is not sent.
      data: { key: findingKey(f) },
    };
  }

  /**
   * A file's diagnostics, at most `max` of them. Past the cap the most severe findings are kept
   * (in their order) and one more diagnostic at the start of the file, as severe as the most severe
   * finding left out, says how many are not shown, so the count never silently drops.
   */
  diagnostics(findings: readonly Finding[], max: number): Diagnostic[] {
    if (findings.length <= max) return findings.map((f) => this.diagnostic(f));
    const rank = (f: Finding) => SEVERITY[f.severity];
    const kept = new Set(
      findings
        .map((f, i) => ({ f, i }))
        .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
        .slice(0, max)
        .map(({ f }) => f),
    );
    const hidden = findings.filter((f) => !kept.has(f));
    return [
      ...findings.filter((f) => kept.has(f)).map((f) => this.diagnostic(f)),
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: hidden.reduce((m, f) => Math.min(m, rank(f)), Infinity) as DiagnosticSeverity,
        source: 'eksnet',
        message: `${hidden.length} more findings not shown: eksnet publishes at most ${max} per file. Run \`eksnet lint\` on this file for all of them.`,
      },
    ];
  }

  inlayHints(hints: InlayHint[], uri: string): LspInlayHint[] {
    const idx = this.index(uri);
    return hints.map((h) => ({ position: idx.position(h.offset), label: h.label }));
  }

  hover(h: HoverResult, uri: string): Hover {
    return { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: this.range(uri, h.span) };
  }

  completion(c: CompletionResult, uri: string): CompletionList {
    const range = this.range(uri, c.span);
    return {
      isIncomplete: false,
      items: c.items.map((i) => ({
        label: i.label,
        kind: CompletionItemKind.Value,
        ...(i.detail ? { detail: i.detail } : {}),
        ...(i.documentation ? { documentation: { kind: MarkupKind.Markdown, value: i.documentation } } : {}),
        textEdit: { range, newText: i.label },
      })),
    };
  }

  codeAction(finding: Finding, fix: Fix, diagnostic: Diagnostic | undefined, preferred: boolean): CodeAction {
    const changes: WorkspaceEdit['changes'] = {};
    for (const e of fix.edits) {
      const list: LspTextEdit[] = (changes[e.file] ??= []);
      list.push({ range: this.range(e.file, e.span), newText: e.newText });
    }
    return {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: diagnostic ? [diagnostic] : [this.diagnostic(finding)],
      isPreferred: preferred,
      edit: { changes },
    };
  }
}

/** A buffer's text and its line index, kept in step. */
export interface EditedBuffer {
  text: string;
  lines: LineIndex;
}

/**
 * Applies a `didChange` notification's content changes to a buffer's text, in order (each range is
 * in the text the previous change left), and splices the line index along (LineIndex.edit) so that
 * neither the ranges nor the next analysis need the whole text scanned again. A change without a
 * range replaces the whole text, as in full sync.
 */
export function applyContentChanges(
  buffer: { text: string; lines?: LineIndex },
  changes: readonly TextDocumentContentChangeEvent[],
): EditedBuffer {
  let { text } = buffer;
  let lines = buffer.lines ?? new LineIndex(text);
  for (const c of changes) {
    if (!('range' in c)) {
      text = c.text;
      lines = new LineIndex(text);
      continue;
    }
    let start = lines.offset(c.range.start);
    let end = lines.offset(c.range.end);
    if (end < start) [start, end] = [end, start];
    const next = text.slice(0, start) + c.text + text.slice(end);
    lines = lines.edit(start, end, c.text, next);
    text = next;
  }
  return { text, lines };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * One spelling per file, whatever the client sends: VS Code and Node encode file URIs slightly
 * differently (drive letters, some punctuation), and an open buffer must replace the indexed file.
 */
export function normalizeUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href;
  } catch {
    return uri;
  }
}

export function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}
