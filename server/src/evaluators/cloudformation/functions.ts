import { parseCidr } from '../../base/cidr';
import { type CfnValue, Unknown } from './values';

/**
 * `Fn::Cidr [ipBlock, count, cidrBits]` exactly as AWS computes it: `count` consecutive blocks of
 * `cidrBits` host bits (so /(32-cidrBits) for IPv4 and /(128-cidrBits) for IPv6), carved in order
 * from the start of `ipBlock`. Inputs AWS would reject give an Unknown that says why.
 */
export function cidrFn(block: string, count: number, cidrBits: number): CfnValue {
  return computeCidr(block, count, cidrBits);
}

function computeCidr(block: string, count: number, cidrBits: number): CfnValue {
  const parsed = parseCidr(block);
  // A block with host bits set is not guessed at: whether AWS rounds it down is not documented.
  if (!parsed.ok) return new Unknown(`Fn::Cidr: ${parsed.message}`);
  const { cidr } = parsed;
  const width = cidr.version === 4 ? 32 : 128;
  if (!Number.isInteger(count) || count < 1 || count > 256)
    return new Unknown(`Fn::Cidr: count ${count} is outside 1-256, so the stack would fail`);
  if (!Number.isInteger(cidrBits) || cidrBits < 1 || cidrBits > width - cidr.prefix) {
    return new Unknown(`Fn::Cidr: cidrBits ${cidrBits} does not fit in ${cidr.text}, so the stack would fail`);
  }
  const prefix = width - cidrBits;
  const size = 1n << BigInt(cidrBits);
  if (BigInt(count) * size > cidr.end - cidr.start + 1n)
    return new Unknown(`Fn::Cidr: ${count} blocks of /${prefix} do not fit in ${cidr.text}, so the stack would fail`);
  const out: CfnValue[] = [];
  for (let i = 0n; i < BigInt(count); i++) out.push(`${formatAddress(cidr.version, cidr.start + i * size)}/${prefix}`);
  return out;
}

function formatAddress(version: 4 | 6, v: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((v >> s) & 0xffffn).toString(16));
  // RFC 5952: compress the longest run (of two or more) of zero groups.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** A piece of an `Fn::Sub` template: literal text or a `${Name}` / `${Res.Attr}` reference. */
export type SubPart = { text: string } | { ref: string };

/** Splits an `Fn::Sub` string; `${!Literal}` is the escape for a literal `${Literal}`. */
export function parseSub(s: string): SubPart[] {
  const out: SubPart[] = [];
  let i = 0;
  let lit = '';
  while (i < s.length) {
    const open = s.indexOf('${', i);
    if (open < 0) break;
    const close = s.indexOf('}', open + 2);
    if (close < 0) break;
    lit += s.slice(i, open);
    const inner = s.slice(open + 2, close);
    if (inner.startsWith('!')) lit += `\${${inner.slice(1)}}`;
    else {
      if (lit) out.push({ text: lit });
      lit = '';
      out.push({ ref: inner.trim() });
    }
    i = close + 1;
  }
  lit += s.slice(i);
  if (lit) out.push({ text: lit });
  return out;
}
