import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { DOCUMENT_SELECTOR } from './fileKinds.generated';
import { AddressMapView } from './addressMap';

let client: LanguageClient | undefined;

/**
 * Starts the bundled language server over IPC. The extension runs no workspace code (the server only
 * reads files), which is why it declares support for untrusted workspaces in package.json.
 */
export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...DOCUMENT_SELECTOR],
    synchronize: { configurationSection: ['eksnet', 'files.exclude'] },
  };
  client = new LanguageClient('eksnet', 'eksnet', serverOptions, clientOptions);
  await client.start();
  new AddressMapView(client).register(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
