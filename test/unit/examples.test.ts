import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadWorkspace } from '../../server/src/cli/loadWorkspace';
import { initHcl } from '../../server/src/parsers/hcl';
import { RULES } from '../../server/src/rules/registry';
import type { Finding } from '../../server/src/engine';
import { REPO } from '../helpers/workspace';

// The README promises that `npm start` shows the findings of every rule. `npm start` lints each
// folder of examples/ as its own workspace (scripts/start.mjs), so this test does the same, with the
// CLI's own loader and default settings, and checks that together the folders cover RULES.

const EXAMPLES = path.join(REPO, 'examples');

function exampleFolders(): string[] {
  return fs
    .readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

// Terraform's parser is wasm and loads asynchronously; without it the Terraform example reads as nothing.
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

/** Lints one folder the way `eksnet lint examples/<dir>` does. */
function lintFolder(dir: string): Finding[] {
  const { engine } = loadWorkspace([path.join(EXAMPLES, dir)], {});
  return engine.analyze().findings;
}

/** A rule or builder that crashed reports itself under its own id; that must not count as showing it. */
function isInternalError(f: Finding): boolean {
  return f.messageId === 'internal' || /internal error/.test(f.message);
}

test('every rule in the registry has a finding in some examples/ folder linted on its own', () => {
  const found = new Map<string, string[]>();
  const crashes: string[] = [];
  for (const dir of exampleFolders()) {
    for (const f of lintFolder(dir)) {
      if (isInternalError(f)) {
        crashes.push(`${dir}: ${f.message}`);
        continue;
      }
      found.set(f.ruleId, [...new Set([...(found.get(f.ruleId) ?? []), dir])]);
    }
  }
  assert.deepEqual(crashes, [], 'linting the examples hits internal errors');
  const missing = RULES.map((r) => r.id).filter((id) => !found.has(id));
  assert.deepEqual(
    missing,
    [],
    `no examples/ folder shows these rules; add a deliberate mistake for each to a scenario folder (see examples/README.md): ${missing.join(', ')}`,
  );
});

test('examples/README.md describes exactly the folders that exist, for the npm start headers', () => {
  const readme = fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8');
  // The same pattern scripts/start.mjs reads the scenario descriptions with.
  const rows = [...readme.matchAll(/^\|\s*\[([\w.-]+)\/\]\([^)]*\)\s*\|\s*(.+?)\s*\|/gm)].map((m) => m[1]);
  assert.deepEqual([...rows].sort(), exampleFolders());
});
