// Overlap detection for many CIDR blocks at once (subnets of a VPC, VPC
// blocks across peered networks, ENIConfig subnets, ...).
import { contains, type Cidr } from '../base/cidr';

export interface CidrItem<T> {
  cidr: Cidr;
  item: T;
}

/**
 * Returns every pair of items whose blocks overlap, each pair once.
 *
 * Complexity: O(n log n + k) for n items and k reported pairs, instead of the
 * O(n^2) of comparing every pair. Items are sorted by (version, start, larger
 * block first), which costs O(n log n). The sweep then keeps the "active" set
 * of blocks that started earlier, in a min-heap keyed by end address. When an
 * item arrives, every active block whose end is below its start is popped: it
 * cannot overlap this item nor any later one, because later items start even
 * further right, so each item is pushed and popped at most once (O(log n)
 * each). Every block still active starts at or before the new item's start
 * and ends at or after it, so each one is a genuine overlap and reporting them
 * costs O(1) per pair, which is the O(k) term. The heap makes the sweep
 * correct for arbitrary intervals, not only for aligned CIDR blocks.
 *
 * IPv4 and IPv6 blocks never overlap: the active set is emptied whenever the
 * sweep moves from the IPv4 items to the IPv6 items.
 *
 * In each returned pair the first element is the one that sorts first: the
 * lower start address, or the larger block when both start at the same
 * address, or the earlier input position for identical blocks.
 */
export function findOverlaps<T>(items: ReadonlyArray<CidrItem<T>>): Array<[T, T]> {
  const order = items.map((_, i) => i);
  order.sort((x, y) => compareItems(items[x].cidr, items[y].cidr) || x - y);

  const pairs: Array<[T, T]> = [];
  const active = new EndHeap<T>();
  let version: 4 | 6 | undefined;
  for (const index of order) {
    const current = items[index];
    if (current.cidr.version !== version) {
      active.clear();
      version = current.cidr.version;
    }
    while (active.size > 0 && active.peek().cidr.end < current.cidr.start) active.pop();
    for (const other of active.values()) pairs.push([other.item, current.item]);
    active.push(current);
  }
  return pairs;
}

/**
 * Groups the items whose blocks overlap, directly or through a chain of overlapping blocks (a /16
 * with two /24 inside it is one group of three), and returns the groups of two or more items,
 * each in input order. Rules report one finding per group rather than one per pair: 1,000 subnets
 * with the same block are 499,500 pairs but one mistake.
 *
 * Complexity: O(n log n), whatever the number of overlapping pairs. After sorting by start, a group
 * is a maximal run of items each starting at or before the largest end seen so far in the run.
 */
export function overlapGroups<T>(items: ReadonlyArray<CidrItem<T>>): T[][] {
  const order = items.map((_, i) => i);
  order.sort((x, y) => compareItems(items[x].cidr, items[y].cidr) || x - y);
  const groups: T[][] = [];
  let run: number[] = [];
  let end = -1n;
  let version: 4 | 6 | undefined;
  const close = () => {
    if (run.length > 1) groups.push(run.sort((a, b) => a - b).map((i) => items[i].item));
    run = [];
  };
  for (const index of order) {
    const c = items[index].cidr;
    if (c.version !== version || c.start > end) {
      close();
      version = c.version;
      end = c.end;
    } else if (c.end > end) end = c.end;
    run.push(index);
  }
  close();
  return groups;
}

/**
 * The tightest block in `containers` that contains `inner` (for example the
 * VPC block a subnet belongs to), or undefined when none does. Linear scan:
 * callers ask this for a handful of VPC blocks, not thousands.
 */
export function findContainer<T>(containers: ReadonlyArray<CidrItem<T>>, inner: Cidr): T | undefined {
  let best: CidrItem<T> | undefined;
  for (const candidate of containers) {
    if (contains(candidate.cidr, inner) && (best === undefined || candidate.cidr.prefix > best.cidr.prefix)) {
      best = candidate;
    }
  }
  return best?.item;
}

function compareItems(a: Cidr, b: Cidr): number {
  if (a.version !== b.version) return a.version - b.version;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  // Larger blocks (later end) first so a container precedes what it contains.
  if (a.end !== b.end) return a.end > b.end ? -1 : 1;
  return 0;
}

// A binary min-heap on the block end address. Hand-written because Node has
// no priority queue and the sweep only needs push, peek, pop and iteration.
class EndHeap<T> {
  private readonly heap: Array<CidrItem<T>> = [];

  get size(): number {
    return this.heap.length;
  }

  clear(): void {
    this.heap.length = 0;
  }

  values(): ReadonlyArray<CidrItem<T>> {
    return this.heap;
  }

  peek(): CidrItem<T> {
    return this.heap[0];
  }

  push(entry: CidrItem<T>): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].cidr.end <= entry.cidr.end) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  pop(): CidrItem<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right].cidr.end < heap[left].cidr.end ? right : left;
      if (heap[child].cidr.end >= last.cidr.end) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
