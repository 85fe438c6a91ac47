import type { MapJson } from '../engine';
import { mapToSvg } from './mapSvg';

/**
 * The address map as one self-contained HTML page: the SVG inline, its styles inline, no script and
 * nothing loaded from the network (the Content-Security-Policy forbids it), so the file can be
 * attached to a CI run or a pull request and opened anywhere.
 */
export function mapToHtml(map: MapJson): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>eksnet address map</title>',
    '<style>body{margin:0;background:#ffffff}svg{max-width:100%;height:auto}</style>',
    '</head>',
    '<body>',
    mapToSvg(map),
    '</body>',
    '</html>',
  ].join('\n');
}
