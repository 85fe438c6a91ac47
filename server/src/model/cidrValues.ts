import { parseCidr, type Cidr, type CidrParseResult } from '../base/cidr';
import type { NetworkModel, Vpc, Subnet, Cluster } from './types';
import { isKnown, type Known, type Value } from './located';
import type { FileSpan } from '../base/span';
import { memoOn } from '../base/memo';
import { modelIndex } from './lookup';

/**
 * The bridge between model values and CIDR math for rules, hovers and inlay hints. A value counts
 * when it is known, is a block of the family its field expects, and either parses cleanly or has
 * only host bits set: AWS stores such a block at its network address (`8.8.0.0/12` is
 * `8.0.0.0/12`), so every rule checks it there, after `cidr-invalid`'s host-bits warning, and a
 * typo in the host part hides none of the block's other problems. A value that is not a block at
 * all, or of the wrong family, is `cidr-invalid`'s business alone.
 */
export interface CidrValue {
  cidr: Cidr;
  value: Known<string>;
  /** Set when the value as written has host bits set and `cidr` is its network address. */
  hostBits?: true;
}

const PARSED = Symbol('parsed CIDR');

/**
 * The parse of a model value's CIDR, memoised on the value: several rules parse the same values on
 * every analysis, and a value belongs to one SourceFile of one Engine (base/memo.ts), so the memo
 * needs no eviction and is never shared between engines.
 */
export function parsedCidr(v: Known<string>): CidrParseResult {
  return memoOn(v, PARSED, () => parseCidr(v.value));
}

const NETWORK = Symbol('network of a CIDR with host bits');

/** The block AWS stores for a value: the value itself, or its network address when host bits are set. */
export function effectiveCidr(v: Known<string>): { cidr: Cidr; hostBits: boolean } | undefined {
  const r = parsedCidr(v);
  if (r.ok) return { cidr: r.cidr, hostBits: false };
  if (r.reason !== 'host-bits' || !r.network) return undefined;
  const network = memoOn(v, NETWORK, () => parseCidr(r.network!));
  return network.ok ? { cidr: network.cidr, hostBits: true } : undefined;
}

export function cidrValue(v: Value<string> | undefined, family: 4 | 6): CidrValue | undefined {
  if (!isKnown(v)) return undefined;
  const e = effectiveCidr(v);
  if (!e || e.cidr.version !== family) return undefined;
  return e.hostBits ? { cidr: e.cidr, value: v, hostBits: true } : { cidr: e.cidr, value: v };
}

/** Which family each CIDR-bearing field holds, and where it lives; the one list every CIDR check walks. */
export type CidrField = 'vpc.cidrs' | 'vpc.ipv6Cidrs' | 'subnet.cidr' | 'subnet.ipv6Cidr' | 'cluster.serviceIpv4Cidr';

export interface CidrSite {
  field: CidrField;
  family: 4 | 6;
  value: Value<string>;
  owner: Vpc | Subnet | Cluster;
}

export function cidrSites(model: NetworkModel): CidrSite[] {
  const out: CidrSite[] = [];
  for (const vpc of model.vpcs) {
    for (const value of vpc.cidrs) out.push({ field: 'vpc.cidrs', family: 4, value, owner: vpc });
    for (const value of vpc.ipv6Cidrs) out.push({ field: 'vpc.ipv6Cidrs', family: 6, value, owner: vpc });
  }
  for (const s of model.subnets) {
    if (s.cidr) out.push({ field: 'subnet.cidr', family: 4, value: s.cidr, owner: s });
    if (s.ipv6Cidr) out.push({ field: 'subnet.ipv6Cidr', family: 6, value: s.ipv6Cidr, owner: s });
  }
  for (const c of model.clusters)
    if (c.serviceIpv4Cidr)
      out.push({ field: 'cluster.serviceIpv4Cidr', family: 4, value: c.serviceIpv4Cidr, owner: c });
  return out;
}

/**
 * A VPC's blocks of one family, or undefined when any of them is unresolved or invalid: then the
 * VPC's address space is not fully known, and "outside every block" would be a guess.
 */
export function allVpcBlocks(vpc: Vpc, family: 4 | 6): CidrValue[] | undefined {
  const out: CidrValue[] = [];
  for (const v of family === 4 ? vpc.cidrs : vpc.ipv6Cidrs) {
    const c = cidrValue(v, family);
    if (!c) return undefined;
    out.push(c);
  }
  return out;
}

/** The valid blocks of a VPC of both families, unknown ones skipped. */
export function knownVpcBlocks(vpc: Vpc): CidrValue[] {
  const out: CidrValue[] = [];
  for (const v of vpc.cidrs) {
    const c = cidrValue(v, 4);
    if (c) out.push(c);
  }
  for (const v of vpc.ipv6Cidrs) {
    const c = cidrValue(v, 6);
    if (c) out.push(c);
  }
  return out;
}

export function byKey<T extends { key: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.key, i]));
}

/** The VPC a cluster runs in: its own `vpc`, else the one its subnets agree on. */
export function clusterVpc(model: NetworkModel, c: Cluster): Vpc | undefined {
  const index = modelIndex(model);
  if (c.vpc) return index.vpc(c.vpc);
  const keys = new Set(c.subnets.map((k) => index.subnet(k)?.vpc).filter((k): k is string => !!k));
  return keys.size === 1 ? index.vpc([...keys][0]) : undefined;
}

/** Declaration order across files, so a pair is always reported on the same side. */
export function compareAt(a: FileSpan, b: FileSpan): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start;
}

/** A VPC block for messages: its canonical text, and why it applies when the source never wrote it. */
export function blockLabel(vpc: Vpc, c: CidrValue): string {
  return vpc.defaultCidrNote && vpc.cidrs[0] === c.value ? `${c.cidr.text} (${vpc.defaultCidrNote})` : c.cidr.text;
}
