import { parseArgs } from 'node:util';
import { loadWorkspace, reportUnreadable, UsageError } from './loadWorkspace';
import { mapToJson } from '../engine';
import { Locator } from '../report/locate';
import { mapToSvg } from '../report/mapSvg';
import { mapToHtml } from '../report/mapHtml';
import type { Io } from './io';
import { commandSettings } from './settings';

export const MAP_USAGE =
  'usage: eksnet map [PATH...] [--format json|svg|html] [--var-file FILE]... [--config FILE] [--skip-unreadable]';

const FORMATS = ['json', 'svg', 'html'] as const;

/**
 * `eksnet map`: the address plan of every VPC (blocks, subnets by address, free space, overlaps) as
 * the version 1 JSON, an SVG drawing, or a self-contained HTML page. Exit codes as for `model`.
 */
export function runMap(args: string[], io: Io): number {
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
  const format = FORMATS.find((f) => f === values.format);
  if (!format) throw new UsageError(`unknown format "${values.format}" for map\n${MAP_USAGE}`);
  // Settings from the repository (.eksnet.yaml) decide, as for lint, which VPCs and files are read.
  const { engine, display, unreadable } = loadWorkspace(
    positionals,
    commandSettings(values.config, {}, io),
    values['var-file'] ?? [],
  );
  const incomplete = reportUnreadable(unreadable, values['skip-unreadable'] ?? false, io);
  const loc = new Locator((id) => engine.text(id));
  const json = mapToJson(engine.addressMap(), (at) => loc.line(at.file, at.span.start), display);
  io.out(format === 'json' ? JSON.stringify(json, null, 2) : format === 'svg' ? mapToSvg(json) : mapToHtml(json));
  return incomplete ? 2 : 0;
}
