/**
 * Terraform's built-in functions that matter for network layouts. Each takes evaluated arguments;
 * an unknown argument makes the result unknown (except where Terraform keeps a known length), and
 * a bad argument is an `error` value (what `try` catches). `try` and `can` are in evaluate.ts
 * because they need their arguments unevaluated.
 *
 * This file is the registry: it gathers the families (collectionFunctions.ts, stringFunctions.ts,
 * numericFunctions.ts) and holds the IP network functions, whose arithmetic is in cidrFunctions.ts.
 */
import { cidrhost, cidrnetmask, cidrsubnet, cidrsubnets } from './cidrFunctions';
import { COLLECTION_FUNCTIONS } from './collectionFunctions';
import { need, unknownIn, type Fn } from './fnArgs';
import { asNumber, asString, error, list, str, unknown, type TfValue } from './values';
import { NUMERIC_FUNCTIONS } from './numericFunctions';
import { STRING_FUNCTIONS } from './stringFunctions';

/** cidrsubnets calls with more blocks than this are not evaluated (real layouts carve a few dozen). */
const MAX_CIDRSUBNETS = 4096;

function cidrFn<T>(
  name: string,
  args: TfValue[],
  n: number,
  run: (s: string, nums: number[]) => { ok: true; value: T } | { ok: false; error: string },
  wrap: (v: T) => TfValue,
): TfValue {
  const bad = need(args, n, name) ?? unknownIn(args.slice(0, n));
  if (bad) return bad;
  const s = asString(args[0]);
  const nums = args.slice(1, n).map(asNumber);
  if (s === undefined || nums.some((x) => x === undefined)) return error(`${name}: wrong argument types.`);
  const r = run(s, nums as number[]);
  return r.ok ? wrap(r.value) : error(r.error);
}

export const FUNCTIONS: Record<string, Fn> = {
  cidrsubnet: (a) =>
    cidrFn(
      'cidrsubnet',
      a,
      3,
      (s, [nb, nn]) => cidrsubnet(s, nb, nn),
      (v) => str(v),
    ),
  cidrhost: (a) =>
    cidrFn(
      'cidrhost',
      a,
      2,
      (s, [h]) => cidrhost(s, h),
      (v) => str(v),
    ),
  cidrnetmask: (a) =>
    cidrFn(
      'cidrnetmask',
      a,
      1,
      (s) => cidrnetmask(s),
      (v) => str(v),
    ),
  cidrsubnets: (a) =>
    a.length > MAX_CIDRSUBNETS + 1
      ? unknown(`cidrsubnets would carve ${a.length - 1} blocks; eksnet evaluates at most ${MAX_CIDRSUBNETS}`)
      : cidrFn(
          'cidrsubnets',
          a,
          a.length,
          (s, nbs) => cidrsubnets(s, nbs),
          (v) => list(v.map((x) => str(x))),
        ),
  ...COLLECTION_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...NUMERIC_FUNCTIONS,
};
