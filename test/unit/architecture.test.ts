import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SERVER, serverSources, serverRel as rel } from '../helpers/serverSources';

/** The invariants of ARCHITECTURE.md that a grep can check, so they cannot erode unnoticed. */

test('only server/src/lsp (and the server entry point) import vscode-languageserver', () => {
  const offenders = serverSources(SERVER)
    .filter((f) => !rel(f).startsWith('lsp/') && rel(f) !== 'server.ts')
    .filter((f) => /from ['"]vscode-languageserver/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map(rel), []);
});

test('inside lsp/, only convert.ts turns offsets into LSP positions', () => {
  const offenders = serverSources(path.join(SERVER, 'lsp'))
    .filter((f) => !f.endsWith('convert.ts'))
    .filter((f) => /LineIndex|positionAt|\.position\(/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map(rel), []);
});

test('the engine, model, parsers and rules never touch the file system or the network', () => {
  const pure = [
    'base/',
    'parsers/',
    'evaluators/',
    'catalog/',
    'model/',
    'facts/',
    'edits/',
    'rules/',
    'features/',
    'engine/',
  ];
  const offenders = serverSources(SERVER)
    .filter((f) => pure.some((d) => rel(f).startsWith(d)))
    // The HCL parser reads its own wasm grammar next to the bundle; nothing from the workspace.
    .filter((f) => rel(f) !== 'parsers/hcl.ts')
    .filter((f) => /from ['"](node:)?(fs|http|https|net|child_process)['"]/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map(rel), []);
});

test('rules read the model only: no file text, no syntax tree, no parser and no edit layer', () => {
  // A rule describes fixes as changes (model/change.ts); edits/ alone turns them into text.
  const forbidden: [RegExp, string][] = [
    [/from ['"](\.\.\/)+(parsers|edits|evaluators)\//, 'imports a parser, an evaluator or the edit layer'],
    [/from ['"](\.\.\/)+model\/(builders\/|sourceFile['"])/, 'imports a builder or the source file'],
    [
      /\.text\s*(\.|\[|\?\.)(slice|substring|indexOf|lastIndexOf|charAt|includes|startsWith|endsWith|length)\b/,
      'reads text',
    ],
    [/\bfiles\.get\(/, 'looks a file up'],
    [/\b(LNode|LScalar|LMap|LSeq|LEntry|ParsedYaml)\b/, 'names a syntax node type'],
    [/\bedits\s*:/, 'writes text edits itself'],
  ];
  const offenders = serverSources(path.join(SERVER, 'rules')).flatMap((f) => {
    const text = fs.readFileSync(f, 'utf8');
    return forbidden.filter(([re]) => re.test(text)).map(([, why]) => `${rel(f)} ${why}`);
  });
  assert.deepEqual(offenders, []);
});
