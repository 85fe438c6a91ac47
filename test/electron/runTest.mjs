// npm run test:electron — the standard @vscode/test-electron runner: downloads desktop VS Code
// (minimum engines.vscode version and stable), loads this repo as the development extension
// and runs test/electron/suite/index.cjs in the extension host against a temp copy of
// test/vscode/fixtures/workspace.
//
// Machines that cannot reach the VS Code download servers (ours reach only npm and Debian)
// print one line and exit 0; the real-VS-Code suite there is `npm run test:vscode`.
import { runTests } from '@vscode/test-electron';
import { execSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cachePath = join(root, '.cache', 'vscode-test'); // .cache/ is gitignored
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const minimum = pkg.engines.vscode.replace(/^[^\d]*/, '');
const versions = process.env.VSCODE_EXECUTABLE
  ? ['(VSCODE_EXECUTABLE)']
  : (process.env.EKSNET_VSCODE_VERSIONS?.split(',') ?? [minimum, 'stable']);

async function canDownload() {
  try {
    const res = await fetch('https://update.code.visualstudio.com/api/releases/stable', {
      signal: AbortSignal.timeout(10_000),
    });
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (e) {
    return e?.cause?.code ?? e?.name ?? String(e);
  }
}

const cached = existsSync(cachePath) && readdirSync(cachePath).some((d) => d.startsWith('vscode-'));
if (!process.env.VSCODE_EXECUTABLE && !cached) {
  const why = await canDownload();
  if (why) {
    console.log(
      `electron suite: skipped, VS Code cannot be downloaded here (update.code.visualstudio.com: ${why}); use npm run test:vscode`,
    );
    process.exit(0);
  }
}

if (!existsSync(join(root, 'dist', 'extension.js'))) execSync('npm run build', { cwd: root, stdio: 'inherit' });

let failed = 0;
for (const version of versions) {
  const workspace = mkdtempSync(join(tmpdir(), 'eksnet-electron-'));
  cpSync(join(root, 'test', 'vscode', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    console.log(`electron: VS Code ${version}`);
    await runTests({
      version: process.env.VSCODE_EXECUTABLE ? undefined : version,
      cachePath,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'test', 'electron', 'suite', 'index.cjs'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-workspace-trust',
      ],
    });
  } catch (e) {
    failed += 1;
    console.error(`electron: VS Code ${version} failed: ${e?.message ?? e}`);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
