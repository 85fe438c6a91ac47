import type { Connection, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { Engine, type EngineSettings } from '../engine';
import { Converter, applyContentChanges, normalizeUri, pathToUri, uriToPath, type EditedBuffer } from './convert';
import { discoverFiles } from '../workspace/discover';
import { WorkspaceScope } from '../workspace/scope';
import { openFoldersFirst } from './indexOrder';
import { Publisher } from './publisher';

export { MAX_PUBLISHED_PER_FILE } from './publisher';
import type { ReadResult } from '../workspace/readGuarded';

/** Sent (no parameters) after each new analysis is published; docs/address-map.md. */
export const ANALYZED_NOTIFICATION = 'eksnet/analyzed';

/**
 * Files read and built per turn of the event loop while indexing. A batch of small manifests takes
 * a few milliseconds, so a request waits at most about that long behind indexing.
 */
const INDEX_BATCH = 25;

/**
 * How many turns a pending analysis may be put off by edits that keep arriving (see
 * schedulePublish), so a client that never stops sending still gets diagnostics.
 */
const MAX_POSTPONED = 64;

/** Reasons worth a log line when a file is not read; the others (outside, excluded) are normal. */
const REPORTED = new Set(['special', 'too-large', 'permission', 'loop', 'error', 'too-many']);

/**
 * The server's state: the engine, which files are open (open buffers override disk, and a closed
 * file goes back to its disk content, as in terraform-ls), and what was last published so that
 * only diagnostics that changed are sent again.
 */
export class Session {
  readonly engine = new Engine();
  readonly convert = new Converter(
    (uri) => this.engine.text(uri),
    (uri) => this.engine.lines(uri),
  );
  readonly open = new Set<string>();
  folders: string[] = [];
  exclude: string[] = [];
  private pending: NodeJS.Immediate | undefined;
  /**
   * True while the workspace is being indexed. An analysis meanwhile sees half the workspace (a
   * cluster's file may not be read yet), so it publishes open files only; the rest wait for the end.
   */
  private indexing = false;
  /** The analysis the client was last told about (see publishAll). */
  private notified: object | undefined;
  /** Open buffers changed since the engine last got their text (see change). */
  private readonly edited = new Map<string, EditedBuffer>();
  /** Counts edits, so a pending analysis can tell whether another arrived since it last looked. */
  private edits = 0;
  /** Files read from disk (not open), by the workspace folder holding them, for maxFiles. */
  private readonly fromDisk = new Map<string, string>();
  private readonly countByRoot = new Map<string, number>();
  /** The last reason logged per file, so a file that cannot be read is reported once. */
  private readonly reported = new Map<string, string>();
  private scoped: { key: unknown[]; scope: WorkspaceScope } | undefined;
  private readonly publisher: Publisher;

  constructor(private readonly connection: Connection) {
    this.publisher = new Publisher(connection, this.convert);
  }

  /**
   * Indexes every workspace folder from disk; open buffers keep their unsaved text. Files are read
   * and built in batches with a turn of the event loop between them, so hovers, completions and edits
   * are answered while a large workspace loads; `progress` hears how far it got (work-done progress).
   */
  async indexFolders(progress?: (done: number, total: number) => void): Promise<void> {
    const s = this.engine.getSettings();
    const found: { root: string; files: string[] }[] = [];
    for (const root of this.roots()) {
      const { files, skipped, unreadable } = discoverFiles(root, {
        maxFiles: s.maxFiles,
        maxFileSizeKb: s.maxFileSizeKb,
        exclude: this.exclude,
        include: s.extraFileGlobs,
      });
      found.push({ root, files });
      for (const line of skipped) this.connection.console.warn(`eksnet: ${line}`);
      for (const u of unreadable) this.connection.console.warn(`eksnet: skipped ${u.path}: ${u.message}`);
    }
    const total = found.reduce((n, f) => n + f.files.length, 0);
    let done = 0;
    this.indexing = true;
    try {
      const openPaths = [...this.open].flatMap((u) => uriToPath(u) ?? []);
      const { first, rest } = openFoldersFirst(found, openPaths);
      await this.indexBatches(first, (n) => progress?.((done += n), total));
      // The open files' neighbours are in: their diagnostics go out now (open files only while
      // indexing), not after the whole workspace.
      if (openPaths.length) this.publishAll();
      await this.indexBatches(rest, (n) => progress?.((done += n), total));
      for (const { root, files } of found)
        this.connection.console.info(`eksnet: indexed ${files.length} files under ${root}`);
    } finally {
      this.indexing = false;
    }
  }

  private async indexBatches(found: { root: string; files: string[] }[], read: (n: number) => void): Promise<void> {
    for (const { files } of found) {
      for (let i = 0; i < files.length; i += INDEX_BATCH) {
        for (const f of files.slice(i, i + INDEX_BATCH)) {
          const uri = pathToUri(f);
          if (!this.open.has(uri)) this.loadFromDisk(uri, f);
        }
        read(Math.min(INDEX_BATCH, files.length - i));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  openOrChange(rawUri: string, text: string): void {
    const uri = normalizeUri(rawUri);
    this.open.add(uri);
    // An open document keeps its tree: its keystrokes re-parse from it, and its requests read it.
    this.engine.keepParsed(uri, true);
    this.edited.delete(uri);
    if (this.engine.setFile(uri, text)) this.schedulePublish();
  }

  /**
   * An incremental `didChange`. The changes are applied to the buffer's text only; the engine gets
   * the text when the pending analysis runs or a request needs it (flush), so a burst of keystrokes
   * costs one parse and one analysis, not one per keystroke.
   */
  change(rawUri: string, changes: readonly TextDocumentContentChangeEvent[]): void {
    const uri = normalizeUri(rawUri);
    const current = this.edited.get(uri) ?? { text: this.engine.text(uri) ?? '', lines: this.engine.lines(uri) };
    this.edited.set(uri, applyContentChanges(current, changes));
    this.open.add(uri);
    this.engine.keepParsed(uri, true);
    this.schedulePublish();
  }

  /** Gives the engine the buffers edited since it last saw them (all, or only `uri`'s). */
  flush(uri?: string): void {
    for (const [u, b] of uri === undefined ? this.edited : [[uri, this.edited.get(uri)] as const]) {
      if (!b) continue;
      this.engine.setFile(u, b.text, b.lines);
      this.edited.delete(u);
    }
  }

  /**
   * The file a request is about, with its own edits given to the engine (its positions are in the
   * buffer as last changed). Other files' pending edits stay pending: the engine's analysis then
   * still holds, so a hover or completion answers from the last complete analysis without waiting
   * for the one those edits will cause.
   */
  requestFile(rawUri: string): string {
    const uri = normalizeUri(rawUri);
    this.flush(uri);
    return uri;
  }

  close(rawUri: string): void {
    const uri = normalizeUri(rawUri);
    this.open.delete(uri);
    this.edited.delete(uri);
    this.engine.keepParsed(uri, false);
    // The buffer's text and line index go with the buffer; the disk text, if any, is read anew.
    this.convert.forget(uri);
    if (this.loadFromDisk(uri, uriToPath(uri))) this.schedulePublish();
  }

  /** A watched file changed on disk; open buffers win over disk until they are closed. */
  diskChanged(rawUri: string, deleted: boolean): void {
    const uri = normalizeUri(rawUri);
    if (this.open.has(uri)) return;
    if (deleted ? this.drop(uri) : this.loadFromDisk(uri, uriToPath(uri))) this.schedulePublish();
  }

  /** How many entries the per-file structures hold, for the leak tests. */
  sizes(): Record<string, number> {
    return {
      engineFiles: this.engine.fileIds().length,
      lineIndexes: this.convert.size(),
      published: this.publisher.size,
      fromDisk: this.fromDisk.size,
      reported: this.reported.size,
      open: this.open.size,
    };
  }

  /**
   * Reads a file from disk with the bounds of discovery (see WorkspaceScope); a file that may not
   * be read leaves the engine. Returns whether the engine changed.
   */
  private loadFromDisk(uri: string, file: string | undefined): boolean {
    const scope = this.scope();
    let r: ReadResult | { ok: false; reason: 'too-many'; message: string } = file
      ? scope.read(file)
      : { ok: false, reason: 'outside-root', message: 'is not a file' };
    const root = file && scope.rootOf(file);
    if (
      r.ok &&
      root &&
      !this.fromDisk.has(uri) &&
      (this.countByRoot.get(root) ?? 0) >= this.engine.getSettings().maxFiles
    )
      r = {
        ok: false,
        reason: 'too-many',
        message: `was not indexed: more than ${this.engine.getSettings().maxFiles} files under ${root}`,
      };
    if (!r.ok) {
      if (REPORTED.has(r.reason) && this.reported.get(uri) !== r.reason) {
        if (this.reported.size >= 10_000) this.reported.clear();
        this.reported.set(uri, r.reason);
        this.connection.console.warn(`eksnet: skipped ${file ?? uri}: ${r.message}`);
      }
      return this.drop(uri, true);
    }
    this.reported.delete(uri);
    if (root && !this.fromDisk.has(uri)) {
      this.fromDisk.set(uri, root);
      this.countByRoot.set(root, (this.countByRoot.get(root) ?? 0) + 1);
    }
    return this.engine.setFile(uri, r.text);
  }

  private drop(uri: string, keepReport = false): boolean {
    const root = this.fromDisk.get(uri);
    if (root !== undefined) {
      this.fromDisk.delete(uri);
      this.countByRoot.set(root, this.countByRoot.get(root)! - 1);
    }
    if (!keepReport) this.reported.delete(uri);
    this.convert.forget(uri);
    return this.engine.deleteFile(uri);
  }

  /** The workspace folders as paths, in the client's order. */
  roots(): string[] {
    return this.folders.map(uriToPath).filter((p): p is string => p !== undefined);
  }

  /** The scope for the current folders, files.exclude and settings, rebuilt when one changes. */
  private scope(): WorkspaceScope {
    const s: EngineSettings = this.engine.getSettings();
    const key = [this.folders, this.exclude, s];
    if (!this.scoped || key.some((k, i) => k !== this.scoped!.key[i])) {
      const scope = new WorkspaceScope(this.roots(), {
        exclude: this.exclude,
        include: s.extraFileGlobs,
        maxFileSizeKb: s.maxFileSizeKb,
      });
      this.scoped = { key, scope };
    }
    return this.scoped.scope;
  }

  /**
   * Coalesces a burst of edits into one analysis, without a timer. vscode-jsonrpc handles one queued
   * message per turn of the event loop (setImmediate), so a burst of keystrokes that arrived
   * together takes several turns to hand over. The analysis waits for a turn in which no edit came:
   * a newer edit supersedes the pending analysis instead of queuing another, and a lone keystroke
   * costs one extra turn (microseconds), not a debounce delay. docs/performance.md has the figures.
   */
  schedulePublish(): void {
    this.edits++;
    if (this.pending) return;
    let postponed = 0;
    const wait = (seen: number) =>
      setImmediate(() => {
        if (this.edits !== seen && ++postponed < MAX_POSTPONED) {
          this.pending = wait(this.edits);
          return;
        }
        this.pending = undefined;
        this.publishAll();
      });
    // The first turn only lets the message after this one be handled (it is queued behind us).
    this.pending = wait(this.edits - 1);
  }

  /** Whether an analysis is waiting for a burst of edits to end. */
  get analysisPending(): boolean {
    return this.pending !== undefined;
  }

  /** Publishes diagnostics for every file whose findings changed, including files now clean. */
  publishAll(): void {
    this.flush();
    const analysis = this.engine.analyze();
    this.publisher.publish(
      analysis.byFile,
      (uri) => this.engine.hasFile(uri),
      (uri) => !this.indexing || this.open.has(uri),
    );
    // Views drawn from the whole workspace (the address map) ask again after a new analysis; the
    // notification carries nothing, so it costs nothing when no view is open.
    if (analysis !== this.notified) {
      this.notified = analysis;
      void this.connection.sendNotification(ANALYZED_NOTIFICATION);
    }
  }
}
