import { formatAddress, parseCidr, type Cidr } from '../../base/cidr';

/**
 * Terraform's CIDR functions with its exact semantics (go-cidr under the hood): the prefix may have
 * host bits set (Go's ParseCIDR masks them), newbits extend the prefix, netnum and hostnum count
 * from zero, a negative hostnum counts back from the end. Each returns the result or an error text.
 */
type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const WIDTH = { 4: 32, 6: 128 } as const;

function parsePrefix(text: string, fn: string): Result<Cidr> {
  const r = parseCidr(text);
  if (r.ok) return { ok: true, value: r.cidr };
  if (r.reason === 'host-bits' && r.network) {
    const masked = parseCidr(r.network);
    if (masked.ok) return { ok: true, value: masked.cidr };
  }
  return { ok: false, error: `${fn}: invalid CIDR expression: ${r.message}` };
}

function block(version: 4 | 6, start: bigint, prefix: number): string {
  return `${formatAddress(version, start)}/${prefix}`;
}

function hostMask(version: 4 | 6, prefix: number): bigint {
  return (1n << BigInt(WIDTH[version] - prefix)) - 1n;
}

export function cidrsubnet(prefix: string, newbits: number, netnum: number): Result<string> {
  const p = parsePrefix(prefix, 'cidrsubnet');
  if (!p.ok) return p;
  const c = p.value;
  if (!Number.isInteger(newbits) || !Number.isInteger(netnum))
    return { ok: false, error: 'cidrsubnet: newbits and netnum must be whole numbers.' };
  if (newbits < 0) return { ok: false, error: 'cidrsubnet: newbits must not be negative.' };
  const len = c.prefix + newbits;
  if (len > WIDTH[c.version])
    return {
      ok: false,
      error: `cidrsubnet: insufficient address space to extend prefix of ${c.prefix} by ${newbits}.`,
    };
  const n = BigInt(netnum);
  if (n < 0n || n > (1n << BigInt(newbits)) - 1n)
    return {
      ok: false,
      error: `cidrsubnet: prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}.`,
    };
  return { ok: true, value: block(c.version, c.start | (n << BigInt(WIDTH[c.version] - len)), len) };
}

export function cidrhost(prefix: string, hostnum: number): Result<string> {
  const p = parsePrefix(prefix, 'cidrhost');
  if (!p.ok) return p;
  const c = p.value;
  if (!Number.isInteger(hostnum)) return { ok: false, error: 'cidrhost: hostnum must be a whole number.' };
  const max = hostMask(c.version, c.prefix);
  let h = BigInt(hostnum);
  if (h < 0n) h = max + 1n + h;
  if (h < 0n || h > max)
    return { ok: false, error: `cidrhost: prefix of ${c.prefix} does not accommodate a host numbered ${hostnum}.` };
  return { ok: true, value: formatAddress(c.version, c.start + h) };
}

export function cidrnetmask(prefix: string): Result<string> {
  const p = parsePrefix(prefix, 'cidrnetmask');
  if (!p.ok) return p;
  if (p.value.version !== 4) return { ok: false, error: 'cidrnetmask: IPv6 addresses cannot have a netmask.' };
  return { ok: true, value: formatAddress(4, ((1n << 32n) - 1n) ^ hostMask(4, p.value.prefix)) };
}

/** Consecutive blocks of the given extra bits, each aligned after the previous (go-cidr NextSubnet). */
export function cidrsubnets(prefix: string, newbits: number[]): Result<string[]> {
  const p = parsePrefix(prefix, 'cidrsubnets');
  if (!p.ok) return p;
  const c = p.value;
  const width = WIDTH[c.version];
  const out: string[] = [];
  if (!newbits.length) return { ok: true, value: out };
  // Start as if a block of the first length ended just before the network (PreviousSubnet).
  let prevEnd = c.start - 1n;
  for (const [i, nb] of newbits.entries()) {
    if (!Number.isInteger(nb) || nb < 1)
      return { ok: false, error: `cidrsubnets: invalid newbits value ${nb} at index ${i}: must be at least 1.` };
    const len = c.prefix + nb;
    if (len > width)
      return {
        ok: false,
        error: `cidrsubnets: would extend prefix to ${len} bits, which is too long for an IPv${c.version} address.`,
      };
    const mask = hostMask(c.version, len);
    const next = i === 0 ? c.start : (prevEnd & ~mask) + mask + 1n;
    if (next < c.start || next + mask > c.end)
      return {
        ok: false,
        error: `cidrsubnets: not enough remaining address space for a subnet with a prefix of ${len} bits after ${out[out.length - 1] ?? c.text}.`,
      };
    out.push(block(c.version, next, len));
    prevEnd = next + mask;
  }
  return { ok: true, value: out };
}
