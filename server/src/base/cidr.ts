// CIDR engine shared by every CIDR rule. Parsing is delegated to the
// `ip-address` package; everything this module returns is plain data so that
// rules, the LSP and the CLI never depend on ip-address types.
import { Address4, Address6 } from 'ip-address';

export interface Cidr {
  version: 4 | 6;
  prefix: number;
  /** First address of the block (the network address). */
  start: bigint;
  /** Last address of the block (inclusive). */
  end: bigint;
  /** Canonical text: dotted decimal for IPv4, RFC 5952 compressed lowercase for IPv6. */
  text: string;
}

export type CidrParseResult =
  { ok: true; cidr: Cidr } | { ok: false; reason: 'syntax' | 'host-bits'; message: string; network?: string };

const WIDTH = { 4: 32, 6: 128 } as const;
const MAX_ADDRESS = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n } as const;

// The prefix must be plain decimal without leading zeros because AWS and Go's
// net.ParseCIDR both reject forms such as "/016"; ip-address alone would
// accept "/064" for IPv6, so the shape is checked here before delegating.
const PREFIX_SHAPE = /^(0|[1-9][0-9]*)$/;
const ADDRESS_CHARS = /^[0-9A-Fa-f:.]+$/;

function syntax(message: string): CidrParseResult {
  return { ok: false, reason: 'syntax', message };
}

/** Parses an IPv4 or IPv6 CIDR block strictly; see the tests for the accepted forms. */
export function parseCidr(text: string): CidrParseResult {
  if (typeof text !== 'string' || text.length === 0) return syntax('The CIDR block is empty.');
  if (text.trim() !== text) return syntax(`"${text}" has leading or trailing whitespace.`);
  const parts = text.split('/');
  if (parts.length === 1)
    return syntax(`"${text}" has no prefix length; write it as an address followed by "/" and the prefix, e.g. "/16".`);
  if (parts.length > 2) return syntax(`"${text}" has more than one "/".`);
  const [addressText, prefixText] = parts as [string, string];
  if (addressText.includes('%'))
    return syntax(`"${text}" has an IPv6 zone identifier, which a CIDR block cannot carry.`);
  const version: 4 | 6 = addressText.includes(':') ? 6 : 4;
  const family = `IPv${version}`;
  if (!ADDRESS_CHARS.test(addressText)) return syntax(`"${addressText}" is not a valid ${family} address.`);
  if (!PREFIX_SHAPE.test(prefixText)) {
    return syntax(`The prefix length "/${prefixText}" must be a decimal number without leading zeros.`);
  }
  const prefix = Number(prefixText);
  if (prefix > WIDTH[version])
    return syntax(
      `The prefix length /${prefixText} is longer than the ${WIDTH[version]} bits of an ${family} address.`,
    );

  let value: bigint;
  try {
    // The prefix is deliberately left off so ip-address only validates the address.
    value = version === 4 ? new Address4(addressText).bigInt() : new Address6(addressText).bigInt();
  } catch {
    // Go's net.ParseCIDR rejects octal-looking octets and so does AWS; say so
    // explicitly because "010.0.0.0" otherwise looks valid to a reader.
    if (version === 4 && /(^|\.)0[0-9]/.test(addressText)) {
      return syntax(
        `"${addressText}" has an IPv4 octet with a leading zero, which is ambiguous (octal) and rejected by AWS.`,
      );
    }
    return syntax(`"${addressText}" is not a valid ${family} address.`);
  }

  const hostMask = (1n << BigInt(WIDTH[version] - prefix)) - 1n;
  const start = value & (MAX_ADDRESS[version] ^ hostMask);
  const canonical = `${formatAddress(version, start)}/${prefix}`;
  if (start !== value) {
    return {
      ok: false,
      reason: 'host-bits',
      message: `"${text}" has host bits set beyond the /${prefix} prefix; the network is ${canonical}.`,
      network: canonical,
    };
  }
  return { ok: true, cidr: { version, prefix, start, end: start | hostMask, text: canonical } };
}

/** Parses a CIDR that is known to be valid (constants, tests); throws otherwise. */
export function cidrOf(text: string): Cidr {
  const result = parseCidr(text);
  if (!result.ok) throw new Error(result.message);
  return result.cidr;
}

/** Formats an address as canonical text; throws RangeError outside the family's range. */
export function formatAddress(version: 4 | 6, value: bigint): string {
  if (value < 0n || value > MAX_ADDRESS[version]) {
    throw new RangeError(`${value} is outside the IPv${version} address range.`);
  }
  return version === 4 ? Address4.fromBigInt(value).correctForm() : Address6.fromBigInt(value).correctForm();
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.version === inner.version && outer.start <= inner.start && inner.end <= outer.end;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.start <= b.end && b.start <= a.end;
}

/** Total number of addresses in the block. */
export function size(c: Cidr): bigint {
  return c.end - c.start + 1n;
}

// AWS reserves the network address, +1 (VPC router), +2 (DNS), +3 (future
// use) and the last address in every subnet (VPCUG subnet-sizing.md).
const AWS_RESERVED = 5n;

/** Addresses AWS lets instances use in a subnet of this size (never negative). */
export function awsUsable(c: Cidr): bigint {
  const usable = size(c) - AWS_RESERVED;
  return usable > 0n ? usable : 0n;
}

/** First address AWS hands out (start + 4), or undefined when the block has no usable address. */
export function firstUsable(c: Cidr): string | undefined {
  return awsUsable(c) > 0n ? formatAddress(c.version, c.start + 4n) : undefined;
}

/** Last address AWS hands out (end - 1), or undefined when the block has no usable address. */
export function lastUsable(c: Cidr): string | undefined {
  return awsUsable(c) > 0n ? formatAddress(c.version, c.end - 1n) : undefined;
}

/**
 * The five addresses AWS reserves, in address order. Blocks with fewer than
 * five addresses cannot be subnets; for them every address is listed once
 * rather than inventing addresses outside the block.
 */
export function reservedAddresses(c: Cidr): string[] {
  const values: bigint[] = [];
  for (let i = 0n; i < 4n && c.start + i <= c.end; i++) values.push(c.start + i);
  if (c.end > c.start + 3n) values.push(c.end);
  return values.map((v) => formatAddress(c.version, v));
}

/** True when `c` lies entirely inside one of `blocks`; text blocks must be valid CIDRs (throws otherwise). */
export function isWithin(c: Cidr, ...blocks: Array<Cidr | string>): boolean {
  return blocks.some((b) => contains(typeof b === 'string' ? cachedCidr(b) : b, c));
}

export const RFC1918: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
export const CGNAT = '100.64.0.0/10';

export function isPrivateRfc1918(c: Cidr): boolean {
  return RFC1918_BLOCKS.some((b) => contains(b, c));
}

const RFC1918_BLOCKS = RFC1918.map(cidrOf);

/**
 * Rules pass the same constant strings (RFC1918, CGNAT) to `isWithin` on every analysis, so those are
 * parsed once here, at load, into a table that is never written to; other text is parsed per call.
 * Frozen because the same object is handed to every caller.
 */
const CONSTANT_BLOCKS: ReadonlyMap<string, Cidr> = new Map(
  [...RFC1918, CGNAT].map((text) => [text, Object.freeze(cidrOf(text))]),
);
function cachedCidr(text: string): Cidr {
  return CONSTANT_BLOCKS.get(text) ?? cidrOf(text);
}
const [TEN, ONE_SEVEN_TWO, ONE_NINE_TWO] = RFC1918_BLOCKS as [Cidr, Cidr, Cidr];
const TEN_SLASH_15 = cidrOf('10.0.0.0/15');
const TEN_SLASH_16 = cidrOf('10.0.0.0/16');
const ONE_SEVEN_TWO_THIRTY_ONE = cidrOf('172.31.0.0/16');
const BENCHMARK_198_19 = cidrOf('198.19.0.0/16');
const LINK_LOCAL = cidrOf('169.254.0.0/16');

export interface SecondaryRestriction {
  restricted: boolean;
  reason?: string;
  /** Canonical text of the existing block that causes the restriction, when one does. */
  conflictsWith?: string;
}

// One rule of the VPCUG "IPv4 CIDR block association restrictions" table:
// a candidate touching any of `ranges` is restricted while the VPC has an
// existing block of the row's kind. `label` names those ranges for the message.
interface Restriction {
  ranges: Cidr[];
  label: string;
  onlyIf?: (existing: Cidr) => boolean;
}

const OTHER_RFC1918 = (own: Cidr): Restriction => {
  const others = RFC1918_BLOCKS.filter((b) => b !== own);
  return { ranges: others, label: `the other RFC 1918 ranges (${others.map((b) => b.text).join(' and ')})` };
};
const NO_198_19: Restriction = { ranges: [BENCHMARK_198_19], label: '198.19.0.0/16' };
const NO_RFC1918: Restriction = {
  ranges: RFC1918_BLOCKS,
  label: 'the RFC 1918 ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
};

// Rows in table order. A VPC block is classified by the first row whose range
// contains it; everything else (public space and 100.64.0.0/10) falls to the
// last row. VPC blocks are /16 or smaller, so none straddles two rows.
const ROWS: Array<{ kind: string; range?: Cidr; restrictions: Restriction[] }> = [
  {
    kind: 'in 10.0.0.0/8',
    range: TEN,
    restrictions: [
      OTHER_RFC1918(TEN),
      {
        ranges: [TEN_SLASH_16],
        label: '10.0.0.0/16 while any VPC block is in 10.0.0.0/15',
        onlyIf: (e) => contains(TEN_SLASH_15, e),
      },
      NO_198_19,
    ],
  },
  // The link-local row forbids the range outright; it is handled before the
  // table walk, and an existing link-local block adds no further restriction.
  { kind: 'in 169.254.0.0/16', range: LINK_LOCAL, restrictions: [] },
  {
    kind: 'in 172.16.0.0/12',
    range: ONE_SEVEN_TWO,
    restrictions: [
      OTHER_RFC1918(ONE_SEVEN_TWO),
      { ranges: [ONE_SEVEN_TWO_THIRTY_ONE], label: '172.31.0.0/16' },
      NO_198_19,
    ],
  },
  { kind: 'in 192.168.0.0/16', range: ONE_NINE_TWO, restrictions: [OTHER_RFC1918(ONE_NINE_TWO), NO_198_19] },
  { kind: 'in 198.19.0.0/16', range: BENCHMARK_198_19, restrictions: [NO_RFC1918] },
  { kind: 'publicly routable or in 100.64.0.0/10', restrictions: [NO_RFC1918, NO_198_19] },
];

/**
 * Applies the VPCUG association restriction table to a secondary IPv4 block.
 * `existing` may include the candidate itself (identical blocks are skipped)
 * and IPv6 blocks (ignored, as the table is IPv4-only). Overlap with existing
 * blocks, block size and quotas are separate rules and are not checked here.
 */
export function secondaryCidrRestriction(existing: Cidr[], candidate: Cidr): SecondaryRestriction {
  if (candidate.version !== 4) return { restricted: false };
  if (overlaps(candidate, LINK_LOCAL)) {
    return {
      restricted: true,
      reason: `${candidate.text} is in the link-local range 169.254.0.0/16, which is reserved (RFC 5735) and can never be assigned to a VPC.`,
    };
  }
  for (const block of existing) {
    if (block.version !== 4 || (block.start === candidate.start && block.end === candidate.end)) continue;
    const row = ROWS.find((r) => r.range === undefined || contains(r.range, block));
    for (const rule of row?.restrictions ?? []) {
      if (rule.onlyIf && !rule.onlyIf(block)) continue;
      if (!rule.ranges.some((r) => overlaps(r, candidate))) continue;
      return {
        restricted: true,
        conflictsWith: block.text,
        reason: `${candidate.text} cannot be associated: the VPC already has ${block.text}, which is ${row?.kind}, so AWS does not allow blocks from ${rule.label}.`,
      };
    }
  }
  return { restricted: false };
}
