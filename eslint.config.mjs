// ESLint flat config. TypeScript is linted with type information (the type-aware rules are the
// ones that catch real bugs: floating promises, promises passed where a callback's result is
// ignored, non-exhaustive switches); JavaScript build and test scripts get the plain JS rules.
// Formatting is Prettier's job (eslint-config-prettier turns off the rules that would fight it);
// `max-len` only catches the long lines Prettier cannot break.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      '.cache/',
      'test-artifacts/',
      'test/fixtures/',
      'test/vscode/fixtures/',
      'examples/',
      'docs/',
      'schemas/',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    // Beyond recommendedTypeChecked: exhaustive switches over unions (a new union member must not
    // fall silently into a default), `return await` inside try (or the catch never sees the
    // rejection) and `===`. no-unnecessary-condition is not on: without noUncheckedIndexedAccess it
    // calls every guard on an index or record lookup unnecessary (73 findings, almost all wrong).
    rules: {
      // node:test's test() and describe() return promises that the runner itself tracks and
      // reports; a test file does not await them.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The code-server suite evaluates some functions inside the browser page (page.evaluate).
    files: ['test/vscode/suite.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  prettier,
  {
    // Prettier wraps code at 120 columns but leaves some lines long: comments (it never rewraps
    // them), long strings and a few unbreakable expressions. This catches the comments and code.
    // Strings, templates, URLs and regular expressions are exempt: splitting a message or a
    // pattern hurts reading and grepping more than a long line does.
    rules: {
      'max-len': [
        'error',
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
        },
      ],
    },
  },
);
