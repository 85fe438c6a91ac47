// Instance-type network limits and the max-pods formulas (docs/instance-data.md, domain reference §1d).
// This is the only module that imports the generated table, so its shape can change in one place.
import rawTable from './instance-limits.generated.json';

export type Hypervisor = 'nitro' | 'xen' | 'unknown';

export interface InstanceInfo {
  readonly name: string;
  /** ENIs on the default network card, which is what the VPC CNI attaches (not the instance total). */
  readonly maxEnis: number;
  /** IPv4 addresses per ENI, including the ENI's own primary address. */
  readonly ipv4PerEni: number;
  /** IPv6 addresses per ENI; 0 = no IPv6, null = not in the (2023) source table. */
  readonly ipv6PerEni: number | null;
  /** 'unknown' = EC2 reports no hypervisor, which is almost always bare metal. */
  readonly hypervisor: Hypervisor;
  readonly bareMetal: boolean;
  readonly networkCards: number;
  readonly vcpus: number | null;
  /** Security groups for pods (trunk ENI) support; null = the type is not in the resource controller's table. */
  readonly trunking: boolean | null;
  /** Branch-ENI pods per node for security groups for pods; null when trunking is null. */
  readonly branchInterfaces: number | null;
}

export interface EniOptions {
  /** The CNI's MAX_ENI / the calculator's --cni-max-eni: use at most this many ENIs. */
  maxEni?: number;
}

export interface PrefixDelegationOptions extends EniOptions {
  customNetworking?: boolean;
}

type RawInfo = Omit<InstanceInfo, 'name'>;

// Keys starting with '_' hold metadata such as _provenance, never instance types.
const table: ReadonlyMap<string, InstanceInfo> = new Map(
  Object.entries(rawTable as unknown as Record<string, RawInfo>)
    .filter(([name]) => !name.startsWith('_'))
    .map(([name, info]) => [name, Object.freeze({ name, ...info })]),
);
const names: readonly string[] = [...table.keys()].sort();

/** Looks a type up exactly as EC2 spells it (lower case), e.g. "m5.large". */
export function getInstanceType(name: string): InstanceInfo | undefined {
  return table.get(name);
}

export function allInstanceTypes(): string[] {
  return [...names];
}

/**
 * Did-you-mean for an unknown type: the closest known type by edit distance (a swap of two neighbouring letters
 * counts as one edit, so "t3.meduim" finds "t3.medium"). Ties prefer the same family, e.g. "m5a.larg" gives
 * "m5a.large" rather than "m5.large". Returns undefined for a known type, and when nothing is close enough to be
 * a plausible typo.
 */
export function suggestInstanceType(name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  if (wanted === '') return undefined;
  if (table.has(wanted)) return wanted === name ? undefined : wanted;
  // Short names allow fewer edits, otherwise "t3.xl" would "match" half the table.
  const limit = wanted.length <= 4 ? 1 : wanted.length <= 8 ? 2 : 3;
  const family = wanted.split('.')[0];
  let best: { name: string; distance: number; sameFamily: boolean } | undefined;
  for (const candidate of names) {
    if (Math.abs(candidate.length - wanted.length) > limit) continue;
    const distance = editDistance(wanted, candidate, limit);
    if (distance > limit) continue;
    const sameFamily = candidate.split('.')[0] === family;
    if (!best || distance < best.distance || (distance === best.distance && sameFamily && !best.sameFamily)) {
      best = { name: candidate, distance, sameFamily };
    }
  }
  return best?.name;
}

/** Optimal-string-alignment distance; stops early (returning limit + 1) once every path exceeds limit. */
function editDistance(a: string, b: string, limit: number): number {
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}

function usableEnis(info: InstanceInfo, opts: EniOptions): number {
  if (opts.maxEni === undefined) return info.maxEnis;
  if (!Number.isInteger(opts.maxEni) || opts.maxEni < 1)
    throw new RangeError(`maxEni must be a whole number of at least 1, got ${opts.maxEni}`);
  return Math.min(info.maxEnis, opts.maxEni);
}

/** Secondary-IP mode (EKS default): each ENI's primary IP is not for pods; +2 for host-network pods. Uncapped. */
export function maxPodsSecondaryIp(info: InstanceInfo, opts: EniOptions = {}): number {
  return usableEnis(info, opts) * (info.ipv4PerEni - 1) + 2;
}

/** Custom networking: pods never use the primary ENI, so one ENI fewer. Uncapped. */
export function maxPodsCustomNetworking(info: InstanceInfo, opts: EniOptions = {}): number {
  return (usableEnis(info, opts) - 1) * (info.ipv4PerEni - 1) + 2;
}

/**
 * Prefix delegation: every slot but the ENI's primary IP holds a /28 (16 addresses). Uncapped, and it does not
 * check supportsPrefixDelegation: callers decide what an unsupported type means for them.
 */
export function maxPodsPrefixDelegation(info: InstanceInfo, opts: PrefixDelegationOptions = {}): number {
  const enis = usableEnis(info, opts) - (opts.customNetworking ? 1 : 0);
  return enis * ((info.ipv4PerEni - 1) * 16) + 2;
}

/**
 * The CNI assigns prefixes only on Nitro instances and on bare metal (where EC2 reports no hypervisor). The AL2
 * max-pods-calculator.sh checked only for nitro; we follow the CNI because it is what actually runs on the node.
 */
export function supportsPrefixDelegation(info: InstanceInfo): boolean {
  return info.hypervisor === 'nitro' || info.bareMetal;
}

/** IPv4 addresses the node can hold across all its ENIs, primaries included (m4.4xlarge: 8 x 30 = 240). */
export function podIps(info: InstanceInfo): number {
  return info.maxEnis * info.ipv4PerEni;
}

export interface ManagedNodeGroupCap {
  cap: 110 | 250 | null;
  reason: string;
}

/**
 * The max-pods ceiling EKS managed node groups apply (without a custom AMI), whether or not prefix delegation is on.
 * The EKS user guide says "110 for instances with less than 30 vCPUs" and 250 for all others, so exactly 30 vCPUs
 * gets 250 here. AL2's max-pods-calculator.sh tested "-gt 30" and so gave 30 vCPUs 110, and one user-guide page
 * says "greater than 30". No type in the current table has exactly 30 vCPUs, so the difference is theoretical.
 */
export function managedNodeGroupCap(info: InstanceInfo): ManagedNodeGroupCap {
  if (info.vcpus === null) {
    return {
      cap: null,
      reason: `The vCPU count of ${info.name} is not in the instance table, so the managed node group cap (110 below 30 vCPUs, 250 otherwise) cannot be worked out.`,
    };
  }
  if (info.vcpus < 30) {
    return {
      cap: 110,
      reason: `${info.name} has ${info.vcpus} vCPUs (fewer than 30), so EKS managed node groups cap max pods at 110.`,
    };
  }
  return {
    cap: 250,
    reason: `${info.name} has ${info.vcpus} vCPUs (30 or more), so EKS managed node groups cap max pods at 250.`,
  };
}
