import { runLint, LINT_USAGE } from './cli/lint';
import { runModel, MODEL_USAGE } from './cli/model';
import { runCapacity } from './cli/capacity';
import { runMap, MAP_USAGE } from './cli/map';
import { UnreadablePathsError, UsageError } from './cli/loadWorkspace';
import type { Io } from './cli/io';
import { initHcl } from './engine';

declare const EKSNET_VERSION: string | undefined;
const version = typeof EKSNET_VERSION === 'string' ? EKSNET_VERSION : '0.0.0-dev';

const USAGE = [
  'usage: eksnet <command> [options]',
  '',
  `  ${LINT_USAGE}`,
  `  ${MODEL_USAGE}`,
  `  ${MAP_USAGE}`,
  '  usage: eksnet capacity TYPE... [--prefix-delegation] [--custom-networking] [--max-eni N] [--format text|json]',
].join('\n');

/** Runs one CLI command and returns its exit code; exported so tests run the CLI in-process. */
export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return runLint(rest, io);
      case 'model':
        return runModel(rest, io);
      case 'map':
        return runMap(rest, io);
      case 'capacity':
        return runCapacity(rest, io.out, io.err);
      case '--version':
        io.out(io.version);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`eksnet: unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UnreadablePathsError) {
      for (const line of e.lines) io.err(`eksnet: ${line}`);
      return 2;
    }
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.err(usage ? `eksnet: ${(e as Error).message}` : `eksnet: internal error: ${(e as Error).stack ?? String(e)}`);
    return 2;
  }
}

if (require.main === module) {
  const io: Io = { out: writer(process.stdout), err: writer(process.stderr), version };
  // Terraform's parser is wasm and loads asynchronously; it is loaded before any file is read so
  // that `main` (and the engine) can stay synchronous.
  void initHcl().then(() => {
    process.exitCode = main(process.argv.slice(2), io);
  });
}

/**
 * Writes lines to a stream until its reader goes away. A reader that stops early
 * (`eksnet lint . | head -1`) closes the pipe: the rest of the output is dropped quietly and the
 * exit code stays the command's own result (0, 1 or 2), so `set -o pipefail` still sees whether
 * there were errors. Any other write failure is exit code 2, like an internal error.
 */
function writer(stream: NodeJS.WriteStream): (s: string) => void {
  let open = true;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (!open) return;
    open = false;
    if (e.code === 'EPIPE') return;
    process.exitCode = 2;
    if (stream !== process.stderr) process.stderr.write(`eksnet: cannot write the output: ${e.message}\n`);
  });
  return (s) => {
    if (open) stream.write(s + '\n');
  };
}
