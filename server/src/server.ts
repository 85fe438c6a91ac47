import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Session } from './lsp/session';
import { registerHandlers } from './lsp/handlers';

/**
 * The language server entry point: `node dist/server.js --stdio` (any editor) or over IPC (the
 * VS Code extension). The transport is chosen from the command line by vscode-languageserver.
 */
// A language server lives beside the editor for hours, so its footprint matters more than the last
// few percent of throughput. V8 lets the heap grow to several times what is live before a full
// collection when collecting is cheap; indexing 5,000 files peaked at 390 MiB with 200 MiB live.
// Growing by 30 % at most keeps the peak near 330 MiB (docs/performance.md). The setting is read
// at every collection, so setting it before the first one is enough.
setFlagsFromString('--heap-growing-percent=30');
// V8 moves the allocation sites whose objects have survived so far to the old generation
// ("pretenuring"). Parsing thousands of files makes the tree-building sites look long-lived, and
// what they allocate afterwards (analysis values, copies) then dies in the old generation, which
// only a full collection frees: the 5,000-file index peaked 65 MB higher with it. The CLI does the same.
setFlagsFromString('--no-allocation-site-pretenuring');
const connection = createConnection(ProposedFeatures.all);
const session = new Session(connection);
registerHandlers(connection, session);
connection.listen();
