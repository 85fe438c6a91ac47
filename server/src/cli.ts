import { setFlagsFromString } from 'node:v8';
import { runLint, LINT_USAGE } from './cli/lint';
import { runModel, MODEL_USAGE } from './cli/model';
import { runCapacity, CAPACITY_USAGE } from './cli/capacity';
import { runMap, MAP_USAGE } from './cli/map';
import { UnreadablePathsError, UsageError } from './cli/loadWorkspace';
import type { Io } from './cli/io';
import { initHcl, ruleDocUrl } from './engine';

// As in server.ts: allocation-site pretenuring left the 10,000-file lint with 160 MB more peak
// memory and half a second more of garbage collection (docs/performance.md).
setFlagsFromString('--no-allocation-site-pretenuring');
// As in server.ts, the heap grows by 30 % at most before a full collection. With parse trees
// dropped and made again (engine/residency.ts), the 10,000-file lint keeps about 270 MB live but
// left V8 to grow the heap to 500 MB; with this it peaks under 400 MB for half a second more.
setFlagsFromString('--heap-growing-percent=30');

declare const EKSNET_VERSION: string | undefined;
const version = typeof EKSNET_VERSION === 'string' ? EKSNET_VERSION : '0.0.0-dev';

const USAGE = [
  'eksnet: catches Amazon EKS networking mistakes (VPC CNI settings, ENIConfigs, CIDRs, subnets, pod-IP',
  'capacity) in Kubernetes manifests, Helm values, eksctl configs, CloudFormation and Terraform.',
  '',
  'usage: eksnet <command> [options]      (eksnet <command> --help for its options)',
  '',
  'commands:',
  '  lint [PATH...]     report findings as text, json or sarif; --fix applies the safe fixes',
  '  model [PATH...]    print the network model eksnet builds from the files, as JSON',
  '  capacity TYPE...   ENIs, IPs per ENI and max pods of EC2 instance types in every CNI mode',
  '  map [PATH...]      the address plan of every VPC (blocks, subnets, free space) as json, svg or html',
  '',
  `  ${LINT_USAGE}`,
  `  ${MODEL_USAGE}`,
  `  ${MAP_USAGE}`,
  '  usage: eksnet capacity TYPE... [--prefix-delegation] [--custom-networking] [--max-eni N] [--managed] [--format text|json]',
  '',
  'Settings (rule levels, cluster name, extra globs, var files) come from .eksnet.yaml or the "eksnet"',
  'key of package.json at the repository root, or --config FILE; flags win over them.',
  'Exit codes: 0 no error found, 1 errors found, 2 usage error, internal error or unreadable input.',
  '  eksnet --version   print the version',
  `Rule docs: ${ruleDocUrl('x').replace(/x\.md$/, '')}`,
].join('\n');

/** Each command's own `--help`. */
const COMMAND_USAGE: Record<string, string> = {
  lint: [
    LINT_USAGE,
    '',
    '  --format text|json|sarif   output format (default text); json is {"version": 1, "findings": [...]}',
    '  --rule ID=LEVEL            set a rule to off, error, warning, information or hint (repeatable)',
    '  --var-file FILE            a Terraform variable file for every root module, as terraform plan -var-file',
    '  --config FILE              the settings file to use instead of the .eksnet.yaml found',
    '  --skip-unreadable          do not fail (exit code 2) on folder entries that cannot be read',
    '  --fix                      apply every safe fix, repeatedly, then report what remains',
    '  --fix-dry-run              print the safe fixes as a unified diff (stdout) and write nothing',
  ].join('\n'),
  model: MODEL_USAGE,
  map: MAP_USAGE,
  capacity: CAPACITY_USAGE,
};
/** Runs one CLI command and returns its exit code; exported so tests run the CLI in-process. */
export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  if (command !== undefined && COMMAND_USAGE[command] && (rest.includes('--help') || rest.includes('-h'))) {
    io.out(COMMAND_USAGE[command]);
    return 0;
  }
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
      case '-v':
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
