/**
 * Unified diffs for `lint --fix-dry-run`, in the form `git apply` and `patch -p1` read: `--- a/…`
 * and `+++ b/…` headers, hunks with three lines of context, and `\ No newline at end of file` after
 * a last line without a line break. Lines keep their carriage returns, so a CRLF file's patch
 * applies to the CRLF file.
 */
export function unifiedDiff(name: string, before: string, after: string, context = 3): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const out: string[] = [];
  const prefixed = (side: 'a' | 'b') => (name.startsWith('/') ? name : `${side}/${name}`);
  for (const h of hunks(ops, context)) {
    if (!out.length) out.push(`--- ${prefixed('a')}`, `+++ ${prefixed('b')}`);
    let aCount = 0;
    let bCount = 0;
    for (const op of h) {
      if (op.kind !== '+') aCount++;
      if (op.kind !== '-') bCount++;
    }
    const aStart = h.find((o) => o.kind !== '+')?.a ?? h[0].a;
    const bStart = h.find((o) => o.kind !== '-')?.b ?? h[0].b;
    out.push(`@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@`);
    for (const op of h) {
      const line = op.kind === '+' ? b[op.b] : a[op.a];
      out.push((op.kind === '=' ? ' ' : op.kind) + line.replace(/\n$/, ''));
      if (!line.endsWith('\n')) out.push('\\ No newline at end of file');
    }
  }
  return out.join('\n');
}

/** `start,count` with the 1-based start; an empty side names the line before it, as diff does. */
function range(index: number, count: number): string {
  return count === 0 ? `${index},0` : count === 1 ? `${index + 1}` : `${index + 1},${count}`;
}

/** Lines with their terminators; the last one may have none. */
function splitLines(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const j = s.indexOf('\n', i);
    if (j < 0) {
      out.push(s.slice(i));
      break;
    }
    out.push(s.slice(i, j + 1));
    i = j + 1;
  }
  return out;
}

/** One line of the edit script: kept (`=`), removed from `a` or added from `b`, with both positions. */
interface Op {
  kind: '=' | '-' | '+';
  a: number;
  b: number;
}

/**
 * The shortest edit script between two line lists (Myers' O((N+M)D) algorithm) after the common
 * head and tail are taken off. Fixes change a few lines, so D is small; the trace keeps only the
 * diagonals each step reached, O(D²) memory.
 */
function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  const max = n + m;
  const v = new Int32Array(2 * max + 3);
  const off = max + 1;
  const trace: Int32Array[] = [];
  let done = max === 0;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[head + x] === b[head + y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  const middle: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && max > 0; d--) {
    const t = trace[d];
    const at = (k: number) => t[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      middle.push({ kind: '=', a: head + x, b: head + y });
    }
    if (d > 0) {
      if (x === prevX) middle.push({ kind: '+', a: head + x, b: head + y - 1 });
      else middle.push({ kind: '-', a: head + x - 1, b: head + y });
    }
    x = prevX;
    y = prevY;
  }
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: '=', a: i, b: i });
  for (let i = middle.length - 1; i >= 0; i--) ops.push(middle[i]);
  for (let i = 0; i < tail; i++) ops.push({ kind: '=', a: a.length - tail + i, b: b.length - tail + i });
  return ops;
}

/** The changed runs of an edit script with `context` kept lines around them; runs closer than twice that merge. */
function hunks(ops: Op[], context: number): Op[][] {
  const out: Op[][] = [];
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i].kind === '=') i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end].kind !== '=') end++;
      let next = end;
      while (next < ops.length && ops[next].kind === '=') next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    out.push(ops.slice(start, stop));
    i = stop;
  }
  return out;
}
