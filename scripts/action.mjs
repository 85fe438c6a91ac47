// The GitHub Action's one step of logic (action.yml runs it): lint the given paths into a SARIF file
// for code scanning, write a job summary and the step's outputs, and say whether the findings cross
// the severity threshold. It never fails the step itself for findings, so the SARIF upload that
// follows still runs; action.yml fails the job afterwards from the `exit-code` output.
//
// Inputs come as INPUT_* environment variables (action.yml passes them), outputs go to the files
// GitHub names in GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. The test runs this script locally with
// the same variables (test/action/action.test.ts).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const input = (name, fallback = '') => (process.env[`INPUT_${name}`] ?? fallback).trim();
const actionPath = process.env.GITHUB_ACTION_PATH || resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Paths one per line, or separated by spaces on a single line. */
const paths = (() => {
  const raw = input('PATHS', '.');
  const list = raw.includes('\n') ? raw.split('\n') : raw.split(/\s+/);
  const out = list.map((p) => p.trim()).filter(Boolean);
  return out.length ? out : ['.'];
})();
const threshold = input('SEVERITY_THRESHOLD', 'error');
const settings = input('SETTINGS');
const sarifFile = input('SARIF_FILE', 'eksnet.sarif');

/**
 * The CLI: EKSNET_CLI when set (tests), else the action's own bundle, built from its source the
 * first time (an action is checked out as source; dist/ is not committed).
 */
function cli() {
  if (process.env.EKSNET_CLI) return process.env.EKSNET_CLI;
  const bundled = join(actionPath, 'dist', 'cli.js');
  if (!existsSync(bundled)) {
    for (const args of [
      ['ci', '--no-audit', '--no-fund'],
      ['run', 'build'],
    ]) {
      const r = spawnSync('npm', args, {
        cwd: actionPath,
        stdio: ['ignore', 2, 2],
        shell: process.platform === 'win32',
      });
      if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${actionPath}`);
    }
  }
  return bundled;
}

function output(name, value) {
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

const args = ['lint', ...paths, '--format', 'sarif', '--fail-on', threshold];
if (settings) args.push('--settings', settings);
const r = spawnSync(process.execPath, [cli(), ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
if (r.stderr) process.stderr.write(r.stderr);
const code = r.status ?? 2;

let results = [];
try {
  results = JSON.parse(r.stdout).runs[0].results;
  mkdirSync(dirname(resolve(sarifFile)), { recursive: true });
  writeFileSync(sarifFile, r.stdout);
  output('sarif-file', sarifFile);
} catch {
  // No SARIF (a usage error, a settings file that does not parse): nothing to upload.
  output('sarif-file', '');
}
const count = (level) => results.filter((x) => x.level === level).length;
output('findings', results.length);
output('errors', count('error'));
output('exit-code', code);

const verdict =
  code === 2
    ? 'eksnet could not check everything (exit code 2); see the log.'
    : code === 1
      ? `Findings at or above the threshold (${threshold}) fail the job.`
      : 'No finding at or above the threshold.';
const summary = [
  '### eksnet',
  '',
  `${results.length} finding${results.length === 1 ? '' : 's'}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('note')} note(s) in ${paths.join(' ')}.`,
  '',
  verdict,
  '',
];
if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary.join('\n') + '\n');
process.stdout.write(summary.slice(2).join('\n'));
