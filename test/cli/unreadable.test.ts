import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { REPO, fixturePath } from '../helpers/workspace';

/**
 * The CLI on input it cannot read: FIFOs, devices, link loops, unreadable files and folders,
 * files over the size limit, and a reader that closes the pipe early. Every run is a child process
 * with a watchdog, so a regression (a read that blocks on a FIFO or never ends on /dev/zero) fails
 * the test instead of hanging the suite.
 */
const CLI = path.join(REPO, 'dist', 'cli.js');
const ENI = fs.readFileSync(fixturePath('cli', 'eniconfig.yaml'), 'utf8');
const posix = process.platform !== 'win32';
/** Root reads every file whatever its mode; the permission cases then run the CLI as `nobody`. */
const asNobody: SpawnSyncOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

let dir: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-cli-io-'));
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'ok.yaml'), ENI);
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function lint(args: string[], opts: SpawnSyncOptions = {}): { code: number | null; out: string; err: string } {
  return cli(['lint', ...args], opts);
}

function cli(args: string[], opts: SpawnSyncOptions = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 20_000,
    killSignal: 'SIGKILL',
    // /dev/zero read whole would take all memory before the watchdog fires; this caps it first.
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=256' },
    ...opts,
  });
  assert.equal(r.signal, null, `the CLI was killed by the watchdog (${r.signal}): it blocked or ran away`);
  return { code: r.status, out: String(r.stdout), err: String(r.stderr) };
}

/** A folder of its own holding `ok.yaml` (with errors) and whatever `make` adds. */
function folder(name: string, make: (d: string) => void): string {
  const d = path.join(dir, name);
  fs.mkdirSync(d, { mode: 0o755 });
  fs.writeFileSync(path.join(d, 'ok.yaml'), ENI);
  make(d);
  return d;
}

test('a FIFO named on the command line is refused at once with exit code 2, never opened', { skip: !posix }, () => {
  spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
  const r = lint(['pipe.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read pipe\.yaml: is a FIFO \(named pipe\), not a regular file/);
  assert.equal(r.out, '');
});

test('/dev/zero, named directly or through a symlink, is refused with exit code 2', { skip: !posix }, () => {
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
  for (const name of ['/dev/zero', 'zero.yaml']) {
    const r = lint([name]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, new RegExp(`cannot read ${name}: is a character device, not a regular file`));
  }
});

test('a link loop and a missing path get their own messages, each with exit code 2', { skip: !posix }, () => {
  fs.symlinkSync('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
  fs.symlinkSync('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
  const r = lint(['loop-a.yaml', 'missing.yaml', 'ok.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read loop-a\.yaml: too many levels of symbolic links/);
  assert.match(r.err, /cannot read missing\.yaml: no such file or folder/);
  assert.doesNotMatch(r.err, /ok\.yaml/);
});

test(
  'an unreadable file or folder named on the command line is exit code 2, not "No findings."',
  { skip: !posix },
  () => {
    fs.writeFileSync(path.join(dir, 'secret.yaml'), ENI, { mode: 0o000 });
    fs.mkdirSync(path.join(dir, 'closed'), { mode: 0o000 });
    for (const name of ['secret.yaml', 'closed']) {
      const r = lint([name], asNobody);
      assert.equal(r.code, 2, `${name}: ${r.out}${r.err}`);
      assert.match(r.err, new RegExp(`cannot read ${name}: permission denied`));
      assert.doesNotMatch(r.out, /No findings/);
    }
  },
);

test('a file over the size limit named on the command line is exit code 2 naming the limit', () => {
  fs.writeFileSync(path.join(dir, 'huge.yaml'), ENI + `# ${'x'.repeat(4096 * 1024)}\n`);
  const r = lint(['huge.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read huge\.yaml: is larger than 4096 KiB \(eksnet\.maxFileSizeKb\)/);
});

test(
  'unreadable entries of a folder walk are warnings and exit code 2 unless --skip-unreadable',
  { skip: !posix },
  () => {
    folder('walk', (w) => {
      spawnSync('mkfifo', [path.join(w, 'pipe.yaml')]);
      fs.writeFileSync(path.join(w, 'secret.yaml'), ENI, { mode: 0o000 });
      fs.mkdirSync(path.join(w, 'closed'), { mode: 0o000 });
    });
    const strict = lint(['walk', '--format', 'json'], asNobody);
    assert.equal(strict.code, 2, strict.err);
    assert.match(strict.err, /warning: cannot read walk\/pipe\.yaml: is a FIFO/);
    assert.match(strict.err, /warning: cannot read .*secret\.yaml: permission denied/);
    assert.match(strict.err, /warning: cannot read .*closed: permission denied/);
    assert.match(strict.err, /3 entries could not be read.*--skip-unreadable/);
    // The readable files are still checked and reported.
    assert.ok((JSON.parse(strict.out) as { findings: unknown[] }).findings.length > 0);

    const lenient = lint(['walk', '--skip-unreadable'], asNobody);
    assert.equal(lenient.code, 1, 'the errors in ok.yaml decide the exit code');
    assert.match(lenient.err, /warning: cannot read .*pipe\.yaml/);
    const clean = lint(['walk', '--skip-unreadable', '--rule', 'eniconfig-schema=warning'], asNobody);
    assert.equal(clean.code, 0);
    // `model` reads the same way: its output would otherwise miss what it could not read.
    assert.equal(cli(['model', 'walk'], asNobody).code, 2);
    assert.equal(cli(['model', 'walk', '--skip-unreadable'], asNobody).code, 0);
  },
);

test('output into a pipe closed early ends quietly with the exit code of the result', async () => {
  // Only warnings: the result is exit code 0, which an EPIPE must not turn into 1 ("errors found").
  const child = spawn(process.execPath, [CLI, 'lint', 'ok.yaml', '--rule', 'eniconfig-schema=warning'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const watchdog = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  clearTimeout(watchdog);
  assert.equal(signal, null);
  assert.equal(err, '');
  assert.equal(code, 0);
});
