import { parseArgs } from 'node:util';
import { loadWorkspace, UsageError } from './loadWorkspace';
import { modelToJson } from '../engine';
import { Locator } from '../report/locate';
import type { Io } from './io';

export const MODEL_USAGE = 'usage: eksnet model [PATH...] --format json [--var-file FILE]...';

/** `eksnet model`: prints the merged network model; unresolved values are null. */
export function runModel(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'json' }, 'var-file': { type: 'string', multiple: true } },
  });
  if (values.format !== 'json') throw new UsageError(`model supports --format json only\n${MODEL_USAGE}`);
  const { engine, display } = loadWorkspace(positionals, {}, values['var-file'] ?? []);
  const loc = new Locator((id) => engine.text(id));
  io.out(
    JSON.stringify(
      modelToJson(engine.analyze().model, (at) => loc.line(at.file, at.span.start), display),
      null,
      2,
    ),
  );
  return 0;
}
