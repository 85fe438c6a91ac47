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
/**
 * web-tree-sitter passes every node between JavaScript and wasm through Emscripten's generic
 * `setValue(ptr, value, type)` / `getValue(ptr, type)`, which test the type name with
 * `type.endsWith("*")` and a string switch on each call; the binding calls them only with "i32" on
 * the hot path, about five times per node access. The bundles answer "i32" first with the same
 * store and load the switch would reach: on the 4,000 `.tf` files of the 10,000-file workspace,
 * 0.15-0.3 s of `eksnet lint`. Nothing else in the package changes.
 */
const treeSitterI32First = {
  name: 'tree-sitter-i32-first',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]web-tree-sitter[\\/]tree-sitter\.cjs$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const set = /(function setValue\(ptr, value, type = "i8"\) \{\n)/;
      const get = /(function getValue\(ptr, type = "i8"\) \{\n)/;
      if (!set.test(text) || !get.test(text))
        throw new Error(`${args.path}: Emscripten's setValue / getValue were not found`);
      const patched = text
        .replace(set, '$1if (type === "i32") { LE_HEAP_STORE_I32((ptr >> 2) * 4, value); return; }\n')
        .replace(get, '$1if (type === "i32") return LE_HEAP_LOAD_I32((ptr >> 2) * 4);\n');
      return { contents: patched, loader: 'js' };
    });
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
  plugins: [yamlDebugSwitchesOff, treeSitterI32First],
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
