// `npm start`: lints examples/ with the freshly built CLI. The examples are full of deliberate
// mistakes, so exit code 1 ("errors found") is the expected outcome here, not a failure.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['dist/cli.js', 'lint', 'examples/'], { stdio: 'inherit' });
process.exit(r.status === 1 ? 0 : r.status ?? 1);
