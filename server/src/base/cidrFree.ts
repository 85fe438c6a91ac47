import { formatAddress, type Cidr } from './cidr';

const WIDTH = { 4: 32, 6: 128 } as const;

/** The block of `prefix` bits that starts at `start` (which must be aligned to it). */
function blockAt(version: 4 | 6, start: bigint, prefix: number): Cidr {
  const hostBits = BigInt(WIDTH[version] - prefix);
  const end = start + (1n << hostBits) - 1n;
  return { version, prefix, start, end, text: `${formatAddress(version, start)}/${prefix}` };
}

/**
 * The minimal list of CIDR blocks that covers the addresses from `start` to `end` (inclusive): at
 * each step the largest block that starts at `start` (alignment) and does not pass `end`. This greedy
 * split is the shortest possible, because any cover of a range must cut it where the alignment of its
 * first address forces a cut, and the greedy choice never cuts anywhere else.
 */
export function rangeToCidrs(version: 4 | 6, start: bigint, end: bigint): Cidr[] {
  const out: Cidr[] = [];
  const width = WIDTH[version];
  while (start <= end) {
    let hostBits = 0;
    // Grow the block while it stays aligned at `start` and inside the range.
    while (hostBits < width) {
      const next = hostBits + 1;
      const size = 1n << BigInt(next);
      if (start % size !== 0n || start + size - 1n > end) break;
      hostBits = next;
    }
    const block = blockAt(version, start, width - hostBits);
    out.push(block);
    start = block.end + 1n;
  }
  return out;
}

/**
 * The free space of a block: the minimal list of CIDR blocks, in address order, that covers the
 * addresses of `block` no block of `used` holds. `used` may overlap, repeat, lie partly or wholly
 * outside `block`, or be of the other family; only what falls inside `block` counts.
 */
export function freeBlocks(block: Cidr, used: readonly Cidr[]): Cidr[] {
  const inside = used
    .filter((u) => u.version === block.version && u.start <= block.end && block.start <= u.end)
    .map((u) => ({ start: u.start > block.start ? u.start : block.start, end: u.end < block.end ? u.end : block.end }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Cidr[] = [];
  let cursor = block.start;
  for (const u of inside) {
    if (u.start > cursor) for (const c of rangeToCidrs(block.version, cursor, u.start - 1n)) out.push(c);
    if (u.end + 1n > cursor) cursor = u.end + 1n;
    if (cursor > block.end) return out;
  }
  if (cursor <= block.end) for (const c of rangeToCidrs(block.version, cursor, block.end)) out.push(c);
  return out;
}

/**
 * The first block of `prefix` bits, in address order, that lies in the free space of `block` given
 * `used`; undefined when none fits.
 */
export function firstFree(block: Cidr, used: readonly Cidr[], prefix: number): Cidr | undefined {
  return firstFreeIn(freeBlocks(block, used), prefix);
}

/**
 * The first block of `prefix` bits inside a list of free blocks (as `freeBlocks` returns them). Each
 * free block is aligned to its own size and the list is in address order, so the first slot is the
 * start of the first free block at least that large: any aligned slot in the free space lies in one
 * free block, since the greedy split leaves only maximal aligned blocks.
 */
export function firstFreeIn(free: readonly Cidr[], prefix: number): Cidr | undefined {
  const fit = free.find((f) => f.prefix <= prefix && prefix <= WIDTH[f.version]);
  return fit && blockAt(fit.version, fit.start, prefix);
}
