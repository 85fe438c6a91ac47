import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Session } from './lsp/session';
import { registerHandlers } from './lsp/handlers';

/**
 * The language server entry point: `node dist/server.js --stdio` (any editor) or over IPC (the
 * VS Code extension). The transport is chosen from the command line by vscode-languageserver.
 */
const connection = createConnection(ProposedFeatures.all);
const session = new Session(connection);
registerHandlers(connection, session);
connection.listen();
