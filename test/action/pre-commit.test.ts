import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { REPO } from '../helpers/workspace';
import { FILE_NAME_PATTERN } from '../../server/src/engine';

/**
 * The pre-commit hooks (.pre-commit-hooks.yaml) run the way pre-commit runs them: in a git
 * repository's root, with the hook's `entry` followed by the staged files its `files` pattern
 * selects. The `eksnet` command is the bundled CLI, as the installed package's bin is.
 */
interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  require_serial?: boolean;
}
const hooks = parse(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = (id: string) => hooks.find((h) => h.id === id)!;
/** pre-commit's `files` is a Python pattern; `(?i)` at its start is the `i` flag. */
const filesPattern = (h: Hook) => new RegExp(h.files.replace(/^\(\?i\)/, ''), h.files.startsWith('(?i)') ? 'i' : '');

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** A git repository holding examples/, committed, with `edit` applied to some files and staged. */
function repoWithStaged(edit: Record<string, (s: string) => string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-precommit-'));
  fs.cpSync(path.join(REPO, 'examples'), dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  for (const [file, f] of Object.entries(edit)) {
    const p = path.join(dir, file);
    fs.writeFileSync(p, f(fs.readFileSync(p, 'utf8')));
  }
  git(dir, 'add', '-A');
  return dir;
}

/** Runs a hook as pre-commit does: entry + the staged files matching `files`. */
function runHook(h: Hook, dir: string): { code: number; out: string; err: string; files: string[] } {
  const staged = git(dir, 'diff', '--cached', '--name-only', '--diff-filter=ACMR')
    .split('\n')
    .filter((f) => f && filesPattern(h).test(f));
  const [command, ...args] = h.entry.split(/\s+/);
  assert.equal(command, 'eksnet');
  const r = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), ...args, ...staged], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, files: staged };
}

const reportedFiles = (out: string) => new Set([...out.matchAll(/^([^\s:]+):\d+:\d+ /gm)].map((m) => m[1]));

test('the hooks select exactly the files eksnet reads and run the installed bin', () => {
  assert.deepEqual(
    hooks.map((h) => h.id),
    ['eksnet', 'eksnet-fix'],
  );
  for (const h of hooks) {
    assert.equal(h.language, 'node');
    assert.equal(filesPattern(h).source, FILE_NAME_PATTERN.source);
    assert.equal(filesPattern(h).flags, FILE_NAME_PATTERN.flags);
    assert.ok(h.require_serial, 'one process, so the repository is read once');
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.ok(pkg.bin.eksnet);
});

test('the eksnet hook reports only the staged files, with the rest of the repository as context', () => {
  // A comment changes nothing eksnet reads; the node group's max pods depends on aws-node.yaml,
  // which is not staged.
  const dir = repoWithStaged({ 'custom-networking/cluster.yaml': (s) => `# reviewed\n${s}` });
  const r = runHook(hook('eksnet'), dir);
  assert.deepEqual(r.files, ['custom-networking/cluster.yaml']);
  assert.equal(r.code, 1, r.err);
  assert.deepEqual([...reportedFiles(r.out)], ['custom-networking/cluster.yaml']);
  assert.match(r.out, /\[custom-networking-max-pods\]/);
  assert.match(r.out, /custom-networking\/aws-node\.yaml:\d+:\d+ custom networking is enabled here/);
  // Without the context the cross-file finding is lost: that is what --context is for.
  const alone = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'lint', ...r.files], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.doesNotMatch(alone.stdout, /custom-networking-max-pods/);
});

test('a commit of files eksnet finds nothing in passes', () => {
  const dir = repoWithStaged({ 'README.md': (s) => s + '\nmore\n', 'helm-chart/Chart.yaml': (s) => s + '\n' });
  const r = runHook(hook('eksnet'), dir);
  // Markdown is read (runbooks hold `kubectl set env` lines); this README has none.
  assert.deepEqual(r.files, ['README.md', 'helm-chart/Chart.yaml']);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /No findings\./);
});

test('the eksnet-fix hook applies safe fixes to the staged files only', () => {
  const tools = 'cloudformation/tools-vpc.yaml';
  const dir = repoWithStaged({ [tools]: (s) => s.replace('Type: AWS::EC2::VPC', 'Type: AWS::EC2::VPC # staged') });
  const other = path.join(dir, 'cloudformation', 'eks-vpc.yaml');
  const before = fs.readFileSync(other, 'utf8');
  const r = runHook(hook('eksnet-fix'), dir);
  assert.match(r.err, /eksnet: 1 safe fix changed 1 file/);
  assert.match(fs.readFileSync(path.join(dir, tools), 'utf8'), /EnableDnsSupport: true/);
  // eks-vpc.yaml has a safe fix too (EnableDnsHostnames), but it is not staged.
  assert.equal(fs.readFileSync(other, 'utf8'), before);
  // Only the staged file is reported; its one finding was fixed.
  assert.ok(
    [...reportedFiles(r.out)].every((f) => f === tools),
    r.out,
  );
});
