import type { Connection } from 'vscode-languageserver';
import { Engine } from '../engine';
import { Converter, normalizeUri, pathToUri, uriToPath } from './convert';
import { discoverFiles, readText } from '../workspace/discover';

/**
 * The server's state: the engine, which files are open (open buffers override disk, and a closed
 * file goes back to its disk content, as in terraform-ls), and what was last published so that
 * only diagnostics that changed are sent again.
 */
export class Session {
  readonly engine = new Engine();
  readonly convert = new Converter((uri) => this.engine.text(uri));
  readonly open = new Set<string>();
  folders: string[] = [];
  exclude: string[] = [];
  private published = new Map<string, string>();
  private pending: NodeJS.Immediate | undefined;

  constructor(private readonly connection: Connection) {}

  /** Indexes every workspace folder from disk; open buffers keep their unsaved text. */
  indexFolders(): void {
    const s = this.engine.getSettings();
    for (const folderUri of this.folders) {
      const root = uriToPath(folderUri);
      if (!root) continue;
      const { files, skipped } = discoverFiles(root, {
        maxFiles: s.maxFiles,
        maxFileSizeKb: s.maxFileSizeKb,
        exclude: this.exclude,
        include: s.extraFileGlobs,
      });
      for (const f of files) {
        const uri = pathToUri(f);
        if (this.open.has(uri)) continue;
        const text = readText(f);
        if (text !== undefined) this.engine.setFile(uri, text);
      }
      for (const line of skipped) this.connection.console.warn(`eksnet: ${line}`);
      this.connection.console.info(`eksnet: indexed ${files.length} files under ${root}`);
    }
  }

  openOrChange(rawUri: string, text: string): void {
    const uri = normalizeUri(rawUri);
    this.open.add(uri);
    if (this.engine.setFile(uri, text)) this.schedulePublish();
  }

  close(rawUri: string): void {
    const uri = normalizeUri(rawUri);
    this.open.delete(uri);
    this.reloadFromDisk(uri);
  }

  /** A watched file changed on disk; open buffers win over disk until they are closed. */
  diskChanged(rawUri: string, deleted: boolean): void {
    const uri = normalizeUri(rawUri);
    if (this.open.has(uri)) return;
    if (deleted) {
      if (this.engine.deleteFile(uri)) this.schedulePublish();
    } else this.reloadFromDisk(uri);
  }

  private reloadFromDisk(uri: string): void {
    const path = uriToPath(uri);
    const text = path ? readText(path) : undefined;
    const changed = text === undefined ? this.engine.deleteFile(uri) : this.engine.setFile(uri, text);
    if (changed) this.schedulePublish();
  }

  /**
   * Coalesces a burst of edits into one analysis. setImmediate rather than a timer: the analysis
   * runs as soon as the queued messages are handled, so a keystroke costs no artificial delay.
   */
  schedulePublish(): void {
    if (this.pending) return;
    this.pending = setImmediate(() => {
      this.pending = undefined;
      this.publishAll();
    });
  }

  /** Publishes diagnostics for every file whose findings changed, including files now clean. */
  publishAll(): void {
    const { byFile } = this.engine.analyze();
    const next = new Map<string, string>();
    const ids = new Set([...byFile.keys(), ...this.published.keys()]);
    for (const uri of ids) {
      if (!this.engine.hasFile(uri) && !this.published.has(uri)) continue;
      const diagnostics = (byFile.get(uri) ?? []).map((f) => this.convert.diagnostic(f));
      const serial = JSON.stringify(diagnostics);
      if (diagnostics.length) next.set(uri, serial);
      if (this.published.get(uri) === serial || (!diagnostics.length && !this.published.has(uri))) continue;
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
    this.published = next;
  }
}
