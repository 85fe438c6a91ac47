// Bundles the extension client, the language server and the CLI into dist/, so the VSIX ships no
// node_modules. The tree-sitter runtime and grammar are wasm files loaded at run time, so they are
// copied next to the bundles rather than bundled.
import { build } from 'esbuild';
import { readFileSync, mkdirSync, copyFileSync, existsSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/**
 * The `yaml` package's parser and composer read `process.env.LOG_TOKENS` / `LOG_STREAM` (debug
 * switches) once per token. Each read of `process.env` is a lookup in the C++ environment, about
 * 110 ns: on a 10,000-file workspace that is most of a second of `eksnet lint`. The bundles replace
 * the two reads with `false`; nothing else in the package changes.
 */
const yamlDebugSwitchesOff = {
  name: 'yaml-debug-switches-off',
  setup(b) {
    b.onLoad(
      { filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ },
      (args) => {
        const text = readFileSync(args.path, 'utf8');
        const patched = text.replace(/node_process\.env\.LOG_(TOKENS|STREAM)/g, 'false');
        if (patched === text) throw new Error(`${args.path}: the LOG_TOKENS / LOG_STREAM reads were not found`);
        return { contents: patched, loader: 'js' };
      },
    );
  },
};
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  define: { EKSNET_VERSION: JSON.stringify(pkg.version) },
  // jsonc-parser's default (UMD) build loads its modules with a require() esbuild cannot follow;
  // its ESM build bundles cleanly.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  plugins: [yamlDebugSwitchesOff],
};

mkdirSync('dist', { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // Both are bins of the npm package (eksnet, eksnet-language-server), so both start with a shebang.
  build({
    ...common,
    entryPoints: ['server/src/server.ts'],
    outfile: 'dist/server.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);

for (const [from, to] of [
  ['node_modules/web-tree-sitter/tree-sitter.wasm', 'dist/tree-sitter.wasm'],
  ['node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm', 'dist/tree-sitter-terraform.wasm'],
]) {
  if (existsSync(from)) copyFileSync(from, to);
}
