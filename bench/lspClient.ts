import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

/** The repository root, from out/bench (compiled). */
export const REPO = path.resolve(__dirname, '../..');

export interface Publish {
  uri: string;
  /** performance.now() when the notification was read. */
  at: number;
  diagnostics: { message: string; code?: string | number }[];
}

/** One edit as an offset range of the previous text and its replacement. */
export interface Edit {
  offset: number;
  length: number;
  text: string;
}

/**
 * A benchmark client for any language server over stdio (ours and peers). It records every
 * publishDiagnostics with its arrival time, and sends edits the way an editor would: as ranges
 * (incremental sync) when the server's capabilities ask for TextDocumentSyncKind.Incremental, as
 * the whole text otherwise, so the same benchmark measures the server before and after it
 * changes its sync kind.
 */
export class BenchClient {
  readonly conn: MessageConnection;
  readonly proc: ChildProcess;
  readonly publishes: Publish[] = [];
  readonly logs: { at: number; message: string }[] = [];
  /** Incremental (2) or full (1) sync, from the initialize result. */
  syncKind = 1;
  private readonly texts = new Map<string, { text: string; version: number }>();
  private listeners: (() => void)[] = [];

  /** `config` answers workspace/configuration requests by section. */
  constructor(
    args: string[],
    private readonly config: (section: string | undefined) => unknown = () => null,
  ) {
    this.proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    this.conn = createMessageConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification('textDocument/publishDiagnostics', (p: Omit<Publish, 'at'>) => {
      this.publishes.push({ uri: p.uri, diagnostics: p.diagnostics, at: performance.now() });
      this.notify();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push({ at: performance.now(), message: p.message });
      this.notify();
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => this.config(i.section)),
    );
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification(() => undefined);
    this.conn.listen();
  }

  async initialize(folder: string | undefined, initializationOptions?: unknown): Promise<void> {
    const result = await this.conn.sendRequest<{ capabilities: { textDocumentSync?: number | { change?: number } } }>(
      'initialize',
      {
        processId: process.pid,
        rootUri: folder ? uri(folder) : null,
        workspaceFolders: folder ? [{ uri: uri(folder), name: path.basename(folder) }] : null,
        initializationOptions,
        capabilities: {
          workspace: {
            configuration: true,
            workspaceFolders: true,
            didChangeConfiguration: { dynamicRegistration: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
          },
          textDocument: { publishDiagnostics: { relatedInformation: true }, synchronization: { didSave: false } },
        },
      },
    );
    const sync = result.capabilities.textDocumentSync;
    this.syncKind = (typeof sync === 'number' ? sync : sync?.change) ?? 1;
    await this.conn.sendNotification('initialized', {});
  }

  open(file: string, text: string, languageId: string): void {
    this.texts.set(uri(file), { text, version: 1 });
    void this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri(file), languageId, version: 1, text },
    });
  }

  /** Applies one edit to an open document and sends it (as a range or as the whole text). */
  change(file: string, edit: Edit): string {
    const doc = this.texts.get(uri(file))!;
    const next = doc.text.slice(0, edit.offset) + edit.text + doc.text.slice(edit.offset + edit.length);
    const change =
      this.syncKind === 2
        ? {
            range: { start: position(doc.text, edit.offset), end: position(doc.text, edit.offset + edit.length) },
            text: edit.text,
          }
        : { text: next };
    doc.text = next;
    doc.version++;
    void this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(file), version: doc.version },
      contentChanges: [change],
    });
    return next;
  }

  /** Resolves with the first publish (or log) after `since` that satisfies the predicate. */
  waitForPublish(pred: (p: Publish) => boolean, since: number, ms: number): Promise<Publish> {
    return this.until(() => this.publishes.find((p) => p.at >= since && pred(p)), ms, 'publishDiagnostics');
  }

  waitForLog(pattern: RegExp, ms: number): Promise<{ at: number; message: string }> {
    return this.until(() => this.logs.find((l) => pattern.test(l.message)), ms, `a log line matching ${pattern}`);
  }

  /**
   * Resolves with the last publish once `quietMs` pass without another one (after `ready` holds),
   * which is how a client tells that a server's initial burst of diagnostics is over.
   */
  async settle(ready: () => boolean, quietMs: number, ms: number): Promise<Publish | undefined> {
    const deadline = performance.now() + ms;
    for (;;) {
      const last = this.publishes[this.publishes.length - 1];
      if (ready() && (!last || performance.now() - last.at >= quietMs)) return last;
      if (performance.now() > deadline) throw new Error(`diagnostics did not settle within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The server's peak resident set so far (VmHWM), in MiB, while it runs (Linux only). */
  peakRssMiB(): number | undefined {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // The process may already be gone; killing it below is enough.
    }
    this.conn.dispose();
    this.proc.kill();
  }

  private until<T>(find: () => T | undefined, ms: number, what: string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const f = find();
        if (f === undefined) return false;
        clearTimeout(timer);
        resolve(f);
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      const listener = () => {
        if (check()) this.listeners = this.listeners.filter((l) => l !== listener);
      };
      this.listeners.push(listener);
    });
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

export function uri(file: string): string {
  return pathToFileURL(file).href;
}

/** The LSP position (UTF-16 code units, which is what JavaScript string offsets are) of an offset. */
function position(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}

/** Our bundled server, as an editor starts it. */
/** Our server, with `settings` as its `eksnet` configuration section. */
export function eksnetServer(settings: object = {}): BenchClient {
  return new BenchClient([path.join(REPO, 'dist', 'server.js'), '--stdio'], (section) =>
    section === 'eksnet' ? settings : section === 'files.exclude' ? {} : null,
  );
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}
