import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { REPO } from '../helpers/workspace';

/**
 * What users install: the npm tarball (`npm pack`) installs into an empty project with no network
 * (`--offline` with an empty cache, so nothing but the tarball can be used) and its `eksnet` bin
 * runs every command, Terraform's wasm parser included; the VSIX stays under 3 MB. Both are built
 * from dist/ as `npm test` leaves it (`npm run build` runs first).
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-package-'));
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
let tarball: string;
const project = path.join(tmp, 'project');

function sh(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  // npm is a script on Windows; the shell finds it everywhere.
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', shell: process.platform === 'win32', timeout: 120_000 });
}

before(() => {
  // --ignore-scripts: the prepack build already ran as part of `npm test`, and rebuilding dist/
  // here would race the language-server tests that run it.
  const r = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], REPO);
  assert.equal(r.status, 0, r.stderr);
  const [info] = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(tmp, info.filename);
  fs.mkdirSync(project);
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'empty', version: '1.0.0', private: true }),
  );
  const install = sh(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--cache', path.join(tmp, 'cache'), tarball],
    project,
  );
  assert.equal(install.status, 0, install.stderr);
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const binOf = (name: string) =>
  path.join(project, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const bin = () => binOf('eksnet');

test('the package needs nothing at run time but itself: no dependencies, bundles and data inside', () => {
  assert.equal(pkg.dependencies, undefined, 'runtime dependencies would need the network at install time');
  const installed = path.join(project, 'node_modules', 'eksnet');
  for (const f of [
    'dist/cli.js',
    'dist/server.js',
    'dist/tree-sitter.wasm',
    'dist/tree-sitter-terraform.wasm',
    'schemas/eniconfig.schema.json',
    'schemas/aws-node-env.schema.json',
    'docs/rules/README.md',
    'README.md',
    'LICENSE',
  ])
    assert.ok(fs.existsSync(path.join(installed, f)), `${f} is missing from the package`);
  // Nothing the user does not run: no sources, tests or source maps.
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(path.join(d, e.name));
      else files.push(path.relative(installed, path.join(d, e.name)));
  };
  walk(installed);
  assert.deepEqual(
    files.filter((f) => /\.(ts|map)$/.test(f) || f.startsWith('test')),
    [],
  );
  assert.deepEqual(fs.readdirSync(path.join(project, 'node_modules')).sort(), ['.bin', '.package-lock.json', 'eksnet']);
});

test('the bin answers --version and --help, and every command runs from the installed package', () => {
  const version = sh(bin(), ['--version'], project);
  assert.equal(version.stdout.trim(), pkg.version);
  const help = sh(bin(), ['--help'], project);
  assert.equal(help.status, 0);
  for (const w of ['lint', 'model', 'capacity', '.eksnet.yaml', 'Exit codes'])
    assert.ok(help.stdout.includes(w), `--help does not mention ${w}`);
  assert.match(sh(bin(), ['lint', '--help'], project).stdout, /--fix-dry-run/);

  fs.cpSync(path.join(REPO, 'examples'), path.join(project, 'examples'), { recursive: true });
  const lint = sh(bin(), ['lint', 'examples', '--format', 'json'], project);
  assert.equal(lint.status, 1, lint.stderr);
  const findings = (JSON.parse(lint.stdout) as { findings: { file: string }[] }).findings;
  // Terraform findings need the wasm parser, loaded from the installed package.
  assert.ok(
    findings.some((f) => f.file.endsWith('.tf')),
    'no Terraform findings: the wasm parser did not load',
  );
  assert.ok(findings.some((f) => f.file.endsWith('.yaml')));

  const model = sh(bin(), ['model', 'examples/terraform'], project);
  assert.equal(model.status, 0, model.stderr);
  assert.ok((JSON.parse(model.stdout) as { vpcs: unknown[] }).vpcs.length > 0);
  const capacity = sh(bin(), ['capacity', 'm5.large', '--format', 'json'], project);
  assert.equal(capacity.status, 0, capacity.stderr);
  assert.match(capacity.stdout, /"maxPods"/);

  // npx finds the installed bin without the network.
  const npx = sh('npx', ['--offline', 'eksnet', '--version'], project);
  assert.equal(npx.stdout.trim(), pkg.version, npx.stderr);
});

test('the eksnet-language-server bin speaks LSP over stdio', async () => {
  const server = spawn(binOf('eksnet-language-server'), ['--stdio'], {
    cwd: project,
    shell: process.platform === 'win32',
  });
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { processId: null, rootUri: null, capabilities: {} },
  });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  let out = '';
  const reply = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no initialize reply; got ${out}`)), 20_000);
    server.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const m = /\r\n\r\n(\{.*\})/s.exec(out);
      if (m && /"id":1/.test(m[1])) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  server.kill();
  const result = (JSON.parse(reply) as { result: { serverInfo: { name: string }; capabilities: object } }).result;
  assert.equal(result.serverInfo.name, 'eksnet');
  assert.ok('hoverProvider' in result.capabilities);
});

test('package.json carries what a registry page and the Marketplace show', () => {
  for (const k of ['description', 'keywords', 'repository', 'license', 'icon', 'categories', 'galleryBanner'])
    assert.ok(pkg[k], `package.json has no ${k}`);
  assert.ok(fs.existsSync(path.join(REPO, pkg.icon as string)));
  assert.equal(pkg.private, undefined, 'a private package cannot be published');
});

test('the VSIX stays under 3 MB', () => {
  const out = path.join(tmp, 'eksnet.vsix');
  const r = sh(
    process.execPath,
    [
      path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--no-rewrite-relative-links',
      '-o',
      out,
    ],
    REPO,
  );
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const size = fs.statSync(out).size;
  assert.ok(size < 3 * 1024 * 1024, `the VSIX is ${(size / 1024 / 1024).toFixed(2)} MB`);
});
