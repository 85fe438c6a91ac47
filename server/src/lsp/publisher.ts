import type { Connection } from 'vscode-languageserver';
import type { Finding } from '../engine';
import type { Converter } from './convert';

/**
 * The most diagnostics published for one file. Past it the editor gets the most severe ones and
 * one more diagnostic saying how many were left out: a generated file with 100,000 findings would
 * otherwise cost megabytes per publish and freeze the Problems view.
 */
export const MAX_PUBLISHED_PER_FILE = 500;

const NONE: readonly Finding[] = [];

/**
 * Remembers what was last published per file, so that only diagnostics that changed are sent again,
 * and a file whose findings are gone is sent an empty list once.
 */
export class Publisher {
  /** Per file, the findings list last converted and what it became; an unchanged list is not converted again. */
  private published = new Map<string, { findings: readonly Finding[]; serial: string }>();

  constructor(
    private readonly connection: Connection,
    private readonly convert: Converter,
  ) {}

  get size(): number {
    return this.published.size;
  }

  /**
   * Publishes the files whose findings changed. A file for which `now` is false keeps what was
   * published for it (while indexing, files not open wait for the end); `known` says whether the
   * engine still has a file, so a file never published and now gone is not sent.
   */
  publish(
    byFile: ReadonlyMap<string, Finding[]>,
    known: (uri: string) => boolean,
    now: (uri: string) => boolean,
  ): void {
    const next = new Map<string, { findings: readonly Finding[]; serial: string }>();
    const ids = new Set([...byFile.keys(), ...this.published.keys()]);
    for (const uri of ids) {
      const kept = this.published.get(uri);
      if (!now(uri)) {
        if (kept !== undefined) next.set(uri, kept);
        continue;
      }
      const findings = byFile.get(uri) ?? NONE;
      // The engine hands back the same list object while a file's findings are unchanged
      // (engine/incremental.ts), and then its positions are too: nothing to convert or send.
      if (kept?.findings === findings) {
        next.set(uri, kept);
        continue;
      }
      if (!known(uri) && !kept) continue;
      const diagnostics = this.convert.diagnostics(findings, MAX_PUBLISHED_PER_FILE);
      const serial = JSON.stringify(diagnostics);
      if (diagnostics.length) next.set(uri, { findings, serial });
      if (kept?.serial === serial || (!diagnostics.length && !kept)) continue;
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
    this.published = next;
  }
}
