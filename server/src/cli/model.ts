import { parseArgs } from 'node:util';
import { loadWorkspace, reportUnreadable, UsageError } from './loadWorkspace';
import { modelToJson } from '../engine';
import { Locator } from '../report/locate';
import type { Io } from './io';
import { commandSettings } from './settings';

export const MODEL_USAGE =
  'usage: eksnet model [PATH...] --format json [--var-file FILE]... [--config FILE] [--skip-unreadable]';

/** `eksnet model`: prints the merged network model; unresolved values are null. Exit codes as for lint, without 1. */
export function runModel(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'json' },
      'var-file': { type: 'string', multiple: true },
      config: { type: 'string' },
      'skip-unreadable': { type: 'boolean', default: false },
    },
  });
  if (values.format !== 'json') throw new UsageError(`model supports --format json only\n${MODEL_USAGE}`);
  const { engine, display, unreadable } = loadWorkspace(
    positionals,
    commandSettings(values.config, {}, io),
    values['var-file'] ?? [],
  );
  const incomplete = reportUnreadable(unreadable, values['skip-unreadable'] ?? false, io);
  const loc = new Locator((id) => engine.text(id));
  io.out(
    JSON.stringify(
      modelToJson(engine.analyze().model, (at) => loc.line(at.file, at.span.start), display),
      null,
      2,
    ),
  );
  return incomplete ? 2 : 0;
}
