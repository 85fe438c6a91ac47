import { parseCidr, type Cidr, type MapJson, type MapJsonSubnet, type MapJsonVpc } from '../engine';

/**
 * Draws the address map (the `map` JSON contract) as SVG: per VPC block one band, cut into rows of
 * equal address ranges so that a /16 holding 3 subnets and one holding 200 both read at a glance;
 * subnets drawn to scale in it, coloured by zone, hatched where they overlap, with a bar for the
 * addresses their node groups need against what they have; free blocks outlined and labelled.
 * Every CIDR is also in a <title>, so the text carries each block even where a label would not fit.
 *
 * Colours are CSS classes whose values are CSS variables with fallbacks: the editor's webview sets
 * the variables from its theme, a browser or an image viewer uses the fallbacks. Subnets carry their
 * file and line (`data-file`, `data-line`) and are focusable, for the webview's click and keyboard
 * handling; the SVG itself runs no script.
 */

const WIDTH = 1000;
const MARGIN = 16;
const INNER = WIDTH - 2 * MARGIN;
const ROW = 34;
/** A label needs about this many pixels; narrower items keep their CIDR in the <title> only. */
const LABEL_MIN = 96;
const ZONE_COLOURS = 8;
const FREE_LIST_MAX = 64;

interface Placed {
  cidr: Cidr;
  subnet?: MapJsonSubnet;
}

export function mapToSvg(map: MapJson): string {
  const body: string[] = [];
  let y = MARGIN;
  const zones = zoneIndex(map);
  if (map.vpcs.length === 0) {
    body.push(text(MARGIN, y + 14, 'No VPC is declared in these files.', 'label'));
    y += 24;
  }
  for (const vpc of map.vpcs) y = drawVpc(vpc, zones, body, y);
  const height = y + MARGIN;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="eksnet-map" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Address map">`,
    `<title>eksnet address map</title>`,
    `<style>${STYLE}</style>`,
    '<defs><pattern id="eksnet-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" class="hatch"/></pattern></defs>',
    `<rect class="background" x="0" y="0" width="${WIDTH}" height="${height}"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

function drawVpc(vpc: MapJsonVpc, zones: Map<string, number>, out: string[], y: number): number {
  out.push(`<g class="vpc" data-name="${esc(vpc.name)}" data-file="${esc(vpc.file)}" data-line="${vpc.line}">`);
  const blocks = vpc.cidrs.length ? vpc.cidrs.join(', ') : 'no known block';
  const unknown = vpc.unresolvedCidrs ? ` (+${vpc.unresolvedCidrs} block(s) not known statically)` : '';
  out.push(text(MARGIN, y + 16, `VPC ${vpc.name}: ${blocks}${unknown}`, 'heading'));
  y += 26;
  y = drawLegend(vpc, zones, out, y);
  const cidrs = vpc.cidrs.map(cidrOf).filter((c): c is Cidr => !!c);
  // Blocks of one VPC may overlap (vpc-cidr-overlap), and then so do their free lists: each free
  // block is drawn once.
  const free = [...new Map(vpc.free.map((t) => [t, cidrOf(t)])).values()].filter((c): c is Cidr => !!c);
  const placed = vpc.subnets.flatMap((s) =>
    [s.cidr, s.ipv6Cidr]
      .map(cidrOf)
      .filter((c): c is Cidr => !!c)
      .map((cidr): Placed => ({ cidr, subnet: s })),
  );
  const drawn = new Set<Placed>();
  for (const block of cidrs) {
    const inBlock = placed.filter((p) => within(block, p.cidr));
    inBlock.forEach((p) => drawn.add(p));
    y = drawBlock(
      block,
      inBlock,
      free.filter((f) => within(block, f)),
      zones,
      out,
      y,
    );
  }
  const elsewhere = placed.filter((p) => !drawn.has(p));
  if (elsewhere.length) {
    out.push(text(MARGIN, y + 14, 'Outside every known block of the VPC:', 'label warn'));
    y += 20;
    for (const p of elsewhere) {
      out.push(subnetGroup(p, zones, MARGIN, y, INNER, 24, true));
      y += 28;
    }
  }
  const unplaced = vpc.subnets.filter((s) => !s.cidr && !s.ipv6Cidr);
  if (unplaced.length) {
    const names = unplaced.map((s) => s.name).join(', ');
    out.push(text(MARGIN, y + 14, `Block not known statically: ${names}`, 'label'));
    y += 20;
  }
  out.push('</g>');
  return y + 18;
}

function drawLegend(vpc: MapJsonVpc, zones: Map<string, number>, out: string[], y: number): number {
  const used = [...new Set(vpc.subnets.map((s) => s.zone ?? ''))].sort();
  let x = MARGIN;
  for (const z of used) {
    out.push(`<rect class="${zoneClass(z, zones)}" x="${x}" y="${y}" width="12" height="12"/>`);
    const label = z || 'zone not known';
    out.push(text(x + 16, y + 10, label, 'small'));
    x += 28 + label.length * 7;
  }
  return used.length ? y + 20 : y;
}

/**
 * One band for a VPC block. Rows hold equal, aligned address ranges (a row is itself a CIDR block),
 * so every subnet and free block, being aligned, falls inside one row or covers whole rows. The row
 * size is chosen so the typical subnet is about LABEL_MIN wide, with at most 64 rows.
 */
function drawBlock(block: Cidr, items: Placed[], free: Cidr[], zones: Map<string, number>, out: string[], y: number) {
  const bits = block.version === 4 ? 32 : 128;
  // The typical subnet (the median prefix, the smaller half's side) gets about an eighth of a row
  // (IPv4), wide enough for its name and block; a rare much smaller one keeps its text in its <title>.
  const prefixes = items.map((p) => p.cidr.prefix).sort((a, b) => a - b);
  const typical = prefixes.length ? prefixes[Math.floor(prefixes.length / 2)] : block.prefix;
  // IPv6 blocks are written longer, so their subnets get a quarter of a row.
  const share = block.version === 4 ? 3 : 2;
  const rowPrefix = Math.min(Math.max(typical - share, block.prefix), block.prefix + 6, bits);
  const rows = 2 ** (rowPrefix - block.prefix);
  const rowSize = 1n << BigInt(bits - rowPrefix);
  // Rows that one free block covers entirely are shortened to one row together: empty space needs a
  // label, not a screen of blank rows. Every other row is drawn to scale.
  const rowTop: number[] = [];
  const shortened = new Map<bigint, number>();
  let cursor = 0;
  for (let row = 0; row < rows;) {
    const start = block.start + BigInt(row) * rowSize;
    const span = free.find((f) => f.start === start && f.prefix < rowPrefix);
    const count = span ? Number((span.end - span.start + 1n) / rowSize) : 1;
    for (let i = 0; i < count; i++) rowTop.push(cursor);
    if (span) shortened.set(span.start, count);
    cursor += ROW;
    row += count;
  }
  out.push(`<g class="block" data-cidr="${block.text}">`);
  out.push(text(MARGIN, y + 14, `${block.text} (${rows} row${rows > 1 ? 's' : ''} of /${rowPrefix})`, 'label'));
  y += 20;
  const top = y;
  out.push(`<rect class="band" x="${MARGIN}" y="${top}" width="${INNER}" height="${cursor}"/>`);
  // Where a block lands: the row of its first address, the offset in that row, its width; a block
  // larger than a row covers whole rows from its first.
  const box = (c: Cidr) => {
    const offset = c.start - block.start;
    const row = Number(offset / rowSize);
    if (c.prefix < rowPrefix) {
      const count = Number((c.end - c.start + 1n) / rowSize);
      const h = shortened.has(c.start) ? ROW : rowTop[row + count - 1] + ROW - rowTop[row];
      return { x: MARGIN, y: top + rowTop[row], w: INNER, h };
    }
    const x = (Number(offset % rowSize) / Number(rowSize)) * INNER;
    const w = (Number(c.end - c.start + 1n) / Number(rowSize)) * INNER;
    return { x: MARGIN + x, y: top + rowTop[row], w, h: ROW };
  };
  for (const f of free) {
    const b = box(f);
    out.push(
      `<g class="free"><title>free ${f.text}</title><rect class="free" x="${n(b.x + 1)}" y="${n(b.y + 1)}" width="${n(b.w - 2)}" height="${n(b.h - 2)}"/>`,
    );
    const rowsNote = shortened.has(f.start) ? ` (${shortened.get(f.start)} rows, shortened)` : '';
    if (b.w >= LABEL_MIN) {
      // The longest wording that fits: the CIDR itself is cut only as a last resort.
      const room = Math.floor((b.w - 6) / 6);
      const label = [`free ${f.text}${rowsNote}`, `free ${f.text}`, f.text].find((l) => l.length <= room) ?? f.text;
      out.push(text(b.x + 5, b.y + 14, clip(label, room), 'small muted'));
    }
    out.push('</g>');
  }
  // Larger blocks first, so a subnet inside an overlapping larger one stays visible on top of it.
  const order = [...items].sort((a, b) => a.cidr.prefix - b.cidr.prefix);
  for (const p of order) {
    const b = box(p.cidr);
    out.push(subnetGroup(p, zones, b.x, b.y, b.w, b.h, false));
  }
  out.push('</g>');
  y = top + cursor + 6;
  if (free.length) {
    const shown = free.slice(0, FREE_LIST_MAX).map((f) => f.text);
    const more = free.length > FREE_LIST_MAX ? [`and ${free.length - FREE_LIST_MAX} more`] : [];
    for (const line of wrap(['Free:', ...shown, ...more], 120)) {
      out.push(text(MARGIN, y + 12, line, 'small muted'));
      y += 16;
    }
  }
  return y + 6;
}

function subnetGroup(p: Placed, zones: Map<string, number>, x: number, y: number, w: number, h: number, wide: boolean) {
  const s = p.subnet!;
  const classes = ['subnet', zoneClass(s.zone ?? '', zones), s.role];
  if (s.overlapping) classes.push('overlapping');
  if (s.outside) classes.push('outside');
  const facts = [
    `${s.name} ${p.cidr.text}`,
    s.zone ?? 'zone not known',
    s.role === 'unresolved' ? 'role not known' : s.role,
    s.usable !== null ? `${s.usable} usable` : undefined,
    s.need !== null ? `${s.need} needed at maximum size` : undefined,
    s.nodeGroups.length ? `node groups: ${s.nodeGroups.join(', ')}` : undefined,
    s.overlapping ? 'overlaps another subnet' : undefined,
    s.outside ? 'outside the VPC' : undefined,
  ].filter((t): t is string => !!t);
  const label = facts.join('; ');
  const parts = [
    `<g class="${classes.join(' ')}" tabindex="0" role="button" aria-label="${esc(label)}" data-file="${esc(s.file)}" data-line="${s.line}" data-cidr="${p.cidr.text}">`,
    `<title>${esc(label)}</title>`,
    `<rect class="area" x="${n(x + 1)}" y="${n(y + 1)}" width="${n(Math.max(w - 2, 1))}" height="${n(h - 2)}"/>`,
  ];
  if (s.overlapping)
    parts.push(
      `<rect class="hatched" x="${n(x + 1)}" y="${n(y + 1)}" width="${n(Math.max(w - 2, 1))}" height="${n(h - 2)}"/>`,
    );
  if (w >= LABEL_MIN || wide) {
    const room = Math.floor((wide ? INNER : w) / 6.5);
    const first = wide ? `${s.name}  ${p.cidr.text}  (${facts.slice(1).join('; ')})` : s.name;
    parts.push(text(x + 5, y + 13, clip(first, room), 'small'));
    if (!wide) parts.push(text(x + 5, y + 25, clip(p.cidr.text, room), 'small'));
  }
  if (s.need !== null && s.usable !== null && s.usable > 0 && !wide) {
    const ratio = Math.min(s.need / s.usable, 1);
    const cls = s.need > s.usable ? 'need over' : 'need';
    parts.push(
      `<rect class="capacity" x="${n(x + 3)}" y="${n(y + h - 6)}" width="${n(Math.max(w - 6, 1))}" height="3"/>`,
    );
    parts.push(
      `<rect class="${cls}" x="${n(x + 3)}" y="${n(y + h - 6)}" width="${n(Math.max((w - 6) * ratio, 1))}" height="3"/>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** Zones are numbered across the whole map, so a zone has one colour in every VPC. */
function zoneIndex(map: MapJson): Map<string, number> {
  const zones = [...new Set(map.vpcs.flatMap((v) => v.subnets.map((s) => s.zone).filter((z): z is string => !!z)))];
  return new Map(zones.sort().map((z, i) => [z, i % ZONE_COLOURS]));
}

function zoneClass(zone: string, zones: Map<string, number>): string {
  const i = zones.get(zone);
  return i === undefined ? 'zone-unknown' : `zone-${i}`;
}

function cidrOf(t: string | null): Cidr | undefined {
  if (!t) return undefined;
  const r = parseCidr(t);
  return r.ok ? r.cidr : undefined;
}

function within(outer: Cidr, inner: Cidr): boolean {
  return outer.version === inner.version && outer.start <= inner.start && inner.end <= outer.end;
}

function wrap(words: string[], width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + w.length + 2 > width) {
      lines.push(cur);
      cur = '';
    }
    cur = cur ? `${cur}${cur.endsWith(':') ? ' ' : ', '}${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

function clip(s: string, room: number): string {
  return s.length <= room ? s : `${s.slice(0, Math.max(room - 1, 1))}…`;
}

function text(x: number, y: number, content: string, cls: string): string {
  return `<text class="${cls}" x="${n(x)}" y="${n(y)}">${esc(content)}</text>`;
}

function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** XML text and attribute escaping; names and tags come from the workspace. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f'];

const STYLE = [
  `.eksnet-map text{font-family:var(--eksnet-font,system-ui,sans-serif);fill:var(--eksnet-fg,#1f2328)}`,
  `.background{fill:var(--eksnet-bg,#ffffff)}`,
  `.heading{font-size:15px;font-weight:600}.label{font-size:12px}.small{font-size:11px}`,
  `.muted{fill-opacity:0.75}.warn{fill:var(--eksnet-error,#c62828)!important}`,
  `.band{fill:none;stroke:var(--eksnet-border,#8b949e);stroke-width:1}`,
  `rect.free{fill:none;stroke:var(--eksnet-border,#8b949e);stroke-dasharray:4 3}`,
  `.subnet .area{fill-opacity:0.55;stroke:var(--eksnet-fg,#1f2328);stroke-width:0.8}`,
  `.subnet.public .area{stroke-width:2}`,
  `.subnet:focus{outline:none}.subnet:focus .area,.subnet:hover .area{stroke:var(--eksnet-focus,#0969da);stroke-width:3}`,
  `.subnet.outside .area{stroke:var(--eksnet-error,#c62828);stroke-width:2}`,
  `.hatched{fill:url(#eksnet-hatch);pointer-events:none}.hatch{stroke:var(--eksnet-error,#c62828);stroke-width:2}`,
  `.capacity{fill:var(--eksnet-bg,#ffffff);fill-opacity:0.8}.need{fill:var(--eksnet-ok,#2e7d32)}.need.over{fill:var(--eksnet-error,#c62828)}`,
  `.zone-unknown{fill:var(--eksnet-zone-unknown,#9e9e9e)}`,
  ...PALETTE.map((c, i) => `.zone-${i}{fill:var(--eksnet-zone-${i},${c})}`),
].join('');
