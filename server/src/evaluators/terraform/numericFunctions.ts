/**
 * Terraform's numeric functions (`min`, `max`, `abs`, `floor`, `ceil`, `tonumber`) and the two that
 * produce or consume lists of numbers (`range`, `sum`). They share the reading of number arguments,
 * which no other family needs.
 */
import { toList, type Fn } from './fnArgs';
import { NULL, asNumber, error, list, num, type TfValue } from './values';
import { maxOf, minOf } from '../../base/arrays';

function numbers(args: TfValue[], name: string): number[] | TfValue {
  const out: number[] = [];
  for (const a of args) {
    if (a.k === 'unknown') return a;
    const n = asNumber(a);
    if (n === undefined) return error(`${name}: expects numbers.`);
    out.push(n);
  }
  return out;
}

function numFn(v: TfValue | undefined, f: (n: number) => number): TfValue {
  if (!v) return error('missing argument.');
  if (v.k === 'unknown') return v;
  const n = asNumber(v);
  return n === undefined ? error('expects a number.') : num(f(n));
}

export const NUMERIC_FUNCTIONS: Record<string, Fn> = {
  range: (a) => {
    const n = numbers(a, 'range');
    if (!Array.isArray(n)) return n;
    const [start, end, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? (n[1] >= n[0] ? 1 : -1)];
    if (step === 0 || Math.abs((end - start) / step) > 1024) return error('range: invalid or too long range.');
    const out: TfValue[] = [];
    for (let x = start; step > 0 ? x < end : x > end; x += step) out.push(num(x));
    return list(out);
  },
  min: (a) => {
    const n = numbers(a, 'min');
    return Array.isArray(n) ? (n.length ? num(minOf(n)!) : error('min: no arguments.')) : n;
  },
  max: (a) => {
    const n = numbers(a, 'max');
    return Array.isArray(n) ? (n.length ? num(maxOf(n)!) : error('max: no arguments.')) : n;
  },
  tonumber: (a) => {
    const v = a[0] ?? NULL;
    if (v.k === 'unknown' || v.k === 'null') return v;
    const n = asNumber(v);
    return n === undefined ? error('tonumber: not a number.') : num(n);
  },
  sum: (a) => {
    const items = toList(a[0] ?? NULL, 'sum');
    if (!Array.isArray(items)) return items;
    const n = numbers(items, 'sum');
    return Array.isArray(n) ? num(n.reduce((x, y) => x + y, 0)) : n;
  },
  abs: (a) => numFn(a[0], Math.abs),
  floor: (a) => numFn(a[0], Math.floor),
  ceil: (a) => numFn(a[0], Math.ceil),
};
