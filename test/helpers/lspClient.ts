import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { REPO } from './workspace';

interface Position {
  line: number;
  character: number;
}

export interface PublishedDiagnostics {
  uri: string;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity?: number;
    code?: string;
    codeDescription?: { href: string };
    message: string;
    data?: unknown;
    relatedInformation?: { location: { uri: string }; message: string }[];
  }[];
}

/**
 * A real client for the bundled server (dist/server.js) over stdio: the same process an editor
 * starts. Tests wait for published diagnostics by predicate, with a deadline, never by sleeping.
 */
export class LspClient {
  readonly conn: MessageConnection;
  private readonly proc: ChildProcess;
  private readonly latest = new Map<string, PublishedDiagnostics>();
  private waiters: { pred: (d: Map<string, PublishedDiagnostics>) => boolean; resolve: () => void }[] = [];
  config: Record<string, unknown> = {};
  /** How many `eksnet/analyzed` notifications arrived. */
  analyzed = 0;
  /** What the client answers for the `files.exclude` section. */
  filesExclude: Record<string, boolean> = {};
  /** Published diagnostics and `$/progress` notifications in the order they arrived. */
  readonly events: (
    { kind: 'diagnostics'; uri: string; count: number } | { kind: 'progress'; value: { kind: string } }
  )[] = [];

  constructor() {
    this.proc = spawn(process.execPath, [path.join(REPO, 'dist', 'server.js'), '--stdio'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.conn = createMessageConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.events.push({ kind: 'diagnostics', uri: p.uri, count: p.diagnostics.length });
      this.latest.set(p.uri, p);
      this.wake();
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) =>
        i.section === 'eksnet' ? this.config : i.section === 'files.exclude' ? this.filesExclude : null,
      ),
    );
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification('$/progress', (p: { value: { kind: string } }) => {
      this.events.push({ kind: 'progress', value: p.value });
      this.wake();
    });
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('eksnet/analyzed', () => {
      this.analyzed++;
      this.wake();
    });
    this.conn.listen();
  }

  async initialize(
    folder?: string,
    capabilities: Record<string, unknown> = {},
  ): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: folder ? uri(folder) : null,
      workspaceFolders: folder ? [{ uri: uri(folder), name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        ...capabilities,
      },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(file: string, text: string, languageId = 'yaml'): void {
    void this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri(file), languageId, version: 1, text },
    });
  }

  change(file: string, text: string, version = 2): void {
    void this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(file), version },
      contentChanges: [{ text }],
    });
  }

  /** An incremental `didChange`: ranges in the text the previous change left, applied in order. */
  changeRanges(
    file: string,
    contentChanges: { range: { start: Position; end: Position }; text: string }[],
    version: number,
  ): void {
    void this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(file), version },
      contentChanges,
    });
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred(this.latest)) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves when an event (diagnostics or progress) satisfying the predicate has arrived. */
  waitForEvent(pred: (e: LspClient['events'][number]) => boolean, ms = 10_000): Promise<void> {
    return this.waitFor(() => this.events.some(pred), ms);
  }

  diagnostics(file: string): PublishedDiagnostics['diagnostics'] {
    return this.latest.get(uri(file))?.diagnostics ?? [];
  }

  /** Resolves when the published diagnostics satisfy the predicate; rejects after the deadline. */
  waitFor(pred: (get: (file: string) => PublishedDiagnostics['diagnostics']) => boolean, ms = 10_000): Promise<void> {
    const check = () => pred((f) => this.latest.get(uri(f))?.diagnostics ?? []);
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out waiting for diagnostics; have: ${JSON.stringify([...this.latest.values()], null, 1).slice(0, 2000)}`,
            ),
          ),
        ms,
      );
      this.waiters.push({ pred: () => check(), resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async shutdown(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      // The process may already be gone; killing it below is enough.
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

export function uri(file: string): string {
  return pathToFileURL(file).href;
}
