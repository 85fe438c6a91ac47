import {
  CodeActionKind,
  FileChangeType,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type CodeActionParams,
  type CompletionParams,
  type DidChangeTextDocumentParams,
  type DidChangeWatchedFilesParams,
  type DidCloseTextDocumentParams,
  type DidOpenTextDocumentParams,
  type HoverParams,
  type InlayHintParams,
  TextDocumentSyncKind,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
} from 'vscode-languageserver';
import { normalizeUri, uriToPath } from './convert';
import { findingKey, mergeSettings, WATCH_GLOB } from '../engine';
import type { Session } from './session';
import { mapToSvg } from '../report/mapSvg';

/**
 * `eksnet/addressMap` (no parameters): the address plan of every VPC, as `{ map, svg }` where `map`
 * is the `eksnet map --format json` contract (version 1) with files as URIs, and `svg` is the
 * drawing `eksnet map --format svg` prints. The VS Code extension's map view asks it; any client
 * may. See docs/address-map.md.
 */
export const ADDRESS_MAP_REQUEST = 'eksnet/addressMap';
import { readRepoSettings, REPO_SETTINGS_FILES } from '../workspace/repoSettings';
import * as path from 'node:path';

/**
 * Wires LSP requests to the session. Each handler converts positions, calls one engine function
 * and converts the result back; there is no analysis logic here.
 */
export function registerHandlers(connection: Connection, session: Session): void {
  let canWatch = false;
  let canPullConfig = false;
  let canShowProgress = false;
  let initialized = false;
  /** The editor's `eksnet` settings as last received; the repository's file lies under them. */
  let editorSettings: unknown;
  /** The last problems shown for a repository settings file, so an unchanged file is not reported again. */
  let shownProblems = '';

  /**
   * The LSP specification: before `initialize`, a request is answered with error -32002
   * (ServerNotInitialized) and a notification is dropped. Every handler below goes through one of
   * these two wrappers; requests no handler knows get the same answer from the star handler.
   */
  const request =
    <P, R>(handler: (p: P) => R) =>
    (p: P): R => {
      if (!initialized) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized yet');
      return handler(p);
    };
  // Notifications before `initialize` are dropped, as the specification says. An asynchronous
  // handler's failure is logged here, so it never becomes an unhandled rejection that ends the process.
  const notification =
    <P>(handler: (p: P) => void | Promise<void>) =>
    (p: P): void => {
      if (!initialized) return;
      Promise.resolve(handler(p)).catch((e: unknown) =>
        connection.console.error(`eksnet: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
      );
    };
  connection.onRequest((method) => {
    if (!initialized) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized yet');
    throw new ResponseError(ErrorCodes.MethodNotFound, `unhandled method ${method}`);
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    session.folders = (params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : [])).map(
      normalizeUri,
    );
    canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canPullConfig = !!params.capabilities.workspace?.configuration;
    canShowProgress = !!params.capabilities.window?.workDoneProgress;
    editorSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    applySettings();
    initialized = true;
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        inlayHintProvider: true,
        completionProvider: {},
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'eksnet' },
    };
  });

  connection.onInitialized(
    notification(async () => {
      if (canWatch) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: WATCH_GLOB }],
        });
      }
      await pullSettings();
      // Terraform's wasm parser loads asynchronously; buffers opened meanwhile are rebuilt by ready().
      await session.engine.ready();
      // Open buffers first: their diagnostics should not wait for the rest of the workspace.
      session.publishAll();
      await indexWithProgress();
      session.publishAll();
    }),
  );

  /**
   * Indexes the workspace in the background, shown by the editor as work-done progress when the
   * client supports it (`window.workDoneProgress`): a token from `window/workDoneProgress/create`,
   * then `$/progress` begin, a report per batch, end. Without support the reporter does nothing.
   */
  async function indexWithProgress(): Promise<void> {
    const progress = canShowProgress
      ? await connection.window.createWorkDoneProgress().catch(() => undefined)
      : undefined;
    progress?.begin('eksnet: indexing', 0, undefined, false);
    try {
      await session.indexFolders((done, total) =>
        progress?.report(total ? Math.round((100 * done) / total) : 100, `${done}/${total} files`),
      );
    } finally {
      progress?.done();
    }
  }

  async function pullSettings(): Promise<void> {
    if (!canPullConfig) return applySettings();
    const [eksnet, files] = (await connection.workspace.getConfiguration([
      { section: 'eksnet' },
      { section: 'files.exclude' },
    ])) as [unknown, Record<string, boolean> | null];
    editorSettings = eksnet;
    applySettings();
    session.exclude = Object.entries(files ?? {})
      .filter(([, on]) => on)
      .map(([glob]) => glob);
  }

  /**
   * The engine's settings: the repository's (`.eksnet.yaml`, `.eksnet.yml` or package.json's
   * `eksnet` key at the root of the first workspace folder that has one) with the editor's over
   * them. An editor value equal to the setting's default counts as unset (VS Code sends defaults
   * for everything), and `rules` merge per rule id, so the editor wins only where the user set
   * something. Problems in the file are logged and shown once.
   */
  function applySettings(): void {
    const repo = session
      .roots()
      .map(readRepoSettings)
      .find((r) => r.file);
    const problems = repo ? [...(repo.error ? [repo.error] : []), ...repo.problems] : [];
    const text = problems.map((p) => `eksnet: ${repo!.file}: ${p}`).join('\n');
    if (text && text !== shownProblems) {
      connection.console.warn(text);
      void connection.window.showWarningMessage(text);
    }
    shownProblems = text;
    session.engine.setSettings(mergeSettings(repo?.settings ?? {}, editorSettings, true));
  }

  /** Whether a file is a repository settings file at the root of a workspace folder. */
  function isSettingsFile(uri: string): boolean {
    const file = uriToPath(normalizeUri(uri));
    if (!file) return false;
    const name = path.basename(file);
    return (
      (REPO_SETTINGS_FILES.includes(name) || name === 'package.json') && session.roots().includes(path.dirname(file))
    );
  }

  connection.onDidChangeConfiguration(
    notification(async (change: { settings: unknown }) => {
      if (canPullConfig) await pullSettings();
      else {
        editorSettings = (change.settings as { eksnet?: unknown } | undefined)?.eksnet;
        applySettings();
      }
      session.publishAll();
    }),
  );

  connection.onDidOpenTextDocument(
    notification((p: DidOpenTextDocumentParams) => session.openOrChange(p.textDocument.uri, p.textDocument.text)),
  );
  connection.onDidChangeTextDocument(
    // Incremental sync: the changes are ranges of the buffer the client has (a change without a
    // range is the whole text), applied in order to the text the session holds.
    notification((p: DidChangeTextDocumentParams) => session.change(p.textDocument.uri, p.contentChanges)),
  );
  connection.onDidCloseTextDocument(notification((p: DidCloseTextDocumentParams) => session.close(p.textDocument.uri)));
  connection.onDidChangeWatchedFiles(
    notification((p: DidChangeWatchedFilesParams) => {
      for (const c of p.changes) session.diskChanged(c.uri, c.type === FileChangeType.Deleted);
      if (p.changes.some((c) => isSettingsFile(c.uri))) {
        applySettings();
        session.publishAll();
      }
    }),
  );

  connection.languages.inlayHint.on(
    request((p: InlayHintParams) => {
      const uri = session.requestFile(p.textDocument.uri);
      return session.convert.inlayHints(session.engine.inlayHints(uri), uri);
    }),
  );

  connection.onHover(
    request((p: HoverParams) => {
      const uri = session.requestFile(p.textDocument.uri);
      const h = session.engine.hover(uri, session.convert.offset(uri, p.position));
      return h ? session.convert.hover(h, uri) : null;
    }),
  );

  connection.onCompletion(
    request((p: CompletionParams) => {
      const uri = session.requestFile(p.textDocument.uri);
      const c = session.engine.completions(uri, session.convert.offset(uri, p.position));
      return c ? session.convert.completion(c, uri) : null;
    }),
  );

  connection.onCodeAction(request(codeActions));

  connection.onRequest(
    ADDRESS_MAP_REQUEST,
    request(() => {
      // Edits still waiting in the session count: the map shows the buffers as they are now.
      session.flush();
      const map = session.convert.addressMap(session.engine.addressMap());
      return { map, svg: mapToSvg(map) };
    }),
  );

  function codeActions(p: CodeActionParams) {
    const uri = session.requestFile(p.textDocument.uri);
    const wanted = new Map(p.context.diagnostics.map((d) => [(d.data as { key?: string } | undefined)?.key, d]));
    const actions = session.engine
      .fixes(uri, session.convert.span(uri, p.range))
      .filter(({ finding }) => wanted.size === 0 || wanted.has(findingKey(finding)))
      .map(({ finding, fix }, i) => session.convert.codeAction(finding, fix, wanted.get(findingKey(finding)), i === 0));
    // Instances of one Terraform block (count, for_each) share a span, so their findings offer the
    // same edit: the editor should list it once.
    const seen = new Set<string>();
    return actions.filter((a) => {
      const k = JSON.stringify([a.title, a.edit]);
      return !seen.has(k) && !!seen.add(k);
    });
  }
}
