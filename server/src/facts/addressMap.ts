import type { NetworkModel, Subnet, Vpc } from '../model/types';
import type { FileSpan } from '../base/span';
import { awsUsable, contains, type Cidr } from '../base/cidr';
import { firstFreeIn, freeBlocks } from '../base/cidrFree';
import { cidrValue, type CidrValue } from '../model/cidrValues';
import { overlapGroups } from '../model/overlap';
import { isKnown, plain } from '../model/located';
import { modelIndex } from '../model/lookup';
import { subnetRole } from './reachability';
import { modeLookup } from './cni/scope';
import { subnetDemands } from './cni/ipDemand';

/**
 * The address plan of a workspace: per VPC its blocks, its subnets placed by address, and the free
 * space left in each block. It is what `eksnet map` prints and draws and what the editor's map
 * shows, so both read one answer. Values that cannot be known stay out of the arithmetic: a subnet
 * with an unresolved block is listed without an address, and a VPC block that cannot be known is
 * counted in `unresolvedBlocks` (its free space is then not claimed either).
 */
export interface AddressMap {
  vpcs: MapVpc[];
}

export interface MapBlock {
  cidr: Cidr;
  primary: boolean;
  /** Where the block is written (or, for a tool's default block, the VPC's declaration). */
  at: FileSpan;
  /** The minimal list of blocks covering the addresses of this block no subnet of the VPC uses. */
  free: Cidr[];
}

export interface MapSubnet {
  key: string;
  name: string;
  at: FileSpan;
  /** The IPv4 and IPv6 blocks, when known and valid, with where they are written. */
  ipv4?: CidrValue;
  ipv6?: CidrValue;
  zone: string | null;
  role: 'public' | 'private' | 'unresolved';
  tags: Record<string, string | null>;
  /** Names of the clusters that use the subnet (for the control plane or through a node group). */
  clusters: string[];
  nodeGroups: string[];
  /** Addresses its node groups take at maximum size (facts/cni/ipDemand.ts); null when unknown or none use it. */
  need: number | null;
  /** Addresses AWS lets instances use in its IPv4 block (size - 5); null without a known IPv4 block. */
  usable: number | null;
  /** True when a block of the subnet overlaps a block of another subnet of the same VPC. */
  overlapping: boolean;
  /** True when a known block of the subnet lies in none of the VPC's known blocks of its family. */
  outside: boolean;
}

export interface MapVpc {
  key: string;
  name: string;
  at: FileSpan;
  /** Primary block first, then secondary blocks, IPv4 before IPv6; only known, valid blocks. */
  blocks: MapBlock[];
  /** How many of the VPC's blocks cannot be known statically (or are not valid CIDRs). */
  unresolvedBlocks: number;
  /** Subnets in address order (IPv4 first), subnets without a known block last in model order. */
  subnets: MapSubnet[];
}

/** The address plan of every VPC of a merged model, in model order. */
export function addressMap(model: NetworkModel): AddressMap {
  const index = modelIndex(model);
  const demand = subnetDemands(model.nodeGroups, modeLookup(model));
  const clusterNames = new Map(model.clusters.map((c) => [c.key, c.name]));
  const groupNames = new Map(model.nodeGroups.map((g) => [g.key, g.name]));
  const clustersOf = new Map<string, Set<string>>();
  const addCluster = (subnet: string, cluster: string | undefined) => {
    const name = cluster ? clusterNames.get(cluster) : undefined;
    if (!name) return;
    let set = clustersOf.get(subnet);
    if (!set) clustersOf.set(subnet, (set = new Set()));
    set.add(name);
  };
  for (const c of model.clusters) for (const s of c.subnets) addCluster(s, c.key);
  for (const g of model.nodeGroups) for (const s of g.subnets) addCluster(s, g.cluster);

  const seen = new Set<string>();
  const vpcs: MapVpc[] = [];
  for (const vpc of model.vpcs) {
    // A key declared twice (a conflict other rules report) is drawn once.
    if (seen.has(vpc.key)) continue;
    seen.add(vpc.key);
    const subnets = index.subnetsOfVpc(vpc.key).map((s): MapSubnet => {
      const d = demand.get(s.key);
      const ipv4 = cidrValue(s.cidr, 4);
      const role = subnetRole(s);
      return {
        key: s.key,
        name: s.name,
        at: s.at,
        ipv4,
        ipv6: cidrValue(s.ipv6Cidr, 6),
        zone: plain(s.availabilityZone) ?? null,
        role: isKnown(role) ? role.value : 'unresolved',
        tags: Object.fromEntries(Object.entries(s.tags).map(([k, v]) => [k, plain(v)])),
        clusters: [...(clustersOf.get(s.key) ?? [])].sort(),
        nodeGroups: (d?.nodeGroups ?? []).map((k) => groupNames.get(k) ?? k),
        need: d?.need ?? null,
        usable: ipv4 ? Number(awsUsable(ipv4.cidr)) : null,
        overlapping: false,
        outside: false,
      };
    });
    vpcs.push(placeVpc(vpc, subnets));
  }
  return { vpcs };
}

function placeVpc(vpc: Vpc, subnets: MapSubnet[]): MapVpc {
  let unresolvedBlocks = 0;
  const known: { cidr: Cidr; primary: boolean; at: FileSpan }[] = [];
  for (const [list, family] of [
    [vpc.cidrs, 4],
    [vpc.ipv6Cidrs, 6],
  ] as const) {
    list.forEach((v, i) => {
      const c = cidrValue(v, family);
      if (!c) unresolvedBlocks++;
      else known.push({ cidr: c.cidr, primary: i === 0, at: c.value.at });
    });
  }
  const used = subnets.flatMap((s) => [s.ipv4?.cidr, s.ipv6?.cidr].filter((c): c is Cidr => !!c));
  // Each known block's free space is what no subnet of the VPC holds; an unknown block has none to
  // show, and `unresolvedBlocks` says the plan is missing it.
  const blocks: MapBlock[] = known.map((b) => ({ ...b, free: freeBlocks(b.cidr, used) }));

  const items = subnets.flatMap((s) =>
    [s.ipv4, s.ipv6].filter((c): c is CidrValue => !!c).map((c) => ({ cidr: c.cidr, item: s })),
  );
  for (const group of overlapGroups(items)) for (const s of group) s.overlapping = true;
  for (const { cidr, item } of items) {
    const family = blocks.filter((b) => b.cidr.version === cidr.version);
    // Outside is claimed only when every block of that family is known, as subnet-outside-vpc does.
    const allKnown = (cidr.version === 4 ? vpc.cidrs : vpc.ipv6Cidrs).length === family.length;
    if (allKnown && family.length > 0 && !family.some((b) => contains(b.cidr, cidr))) item.outside = true;
  }
  subnets.sort(byAddress);
  return { key: vpc.key, name: vpc.name, at: vpc.at, blocks, unresolvedBlocks, subnets };
}

function byAddress(a: MapSubnet, b: MapSubnet): number {
  const ca = a.ipv4?.cidr ?? a.ipv6?.cidr;
  const cb = b.ipv4?.cidr ?? b.ipv6?.cidr;
  if (!ca || !cb) return (ca ? 0 : 1) - (cb ? 0 : 1);
  if (ca.version !== cb.version) return ca.version - cb.version;
  return ca.start < cb.start ? -1 : ca.start > cb.start ? 1 : ca.prefix - cb.prefix;
}

/**
 * Where a subnet of the VPC could move: for a prefix length, the first free block of that size in
 * the VPC's blocks of the family (primary first), free of every subnet of the VPC, the one to move
 * included (so the answer is a new place for it). Undefined when none fits, or when a block of a
 * subnet cannot be known (it might sit in what looks free). Answers are cached per prefix, so a rule
 * asking once per finding costs one pass over the subnets per VPC and family.
 */
export function freeSlots(vpc: Vpc, subnets: readonly Subnet[], family: 4 | 6): (prefix: number) => Cidr | undefined {
  const used: Cidr[] = [];
  let known = true;
  for (const s of subnets) {
    const v = family === 4 ? s.cidr : s.ipv6Cidr;
    if (v === undefined) continue;
    const c = cidrValue(v, family);
    if (c) used.push(c.cidr);
    else known = false;
  }
  const blocks = (family === 4 ? vpc.cidrs : vpc.ipv6Cidrs).map((v) => cidrValue(v, family));
  const free = blocks.map((b) => (b && known ? freeBlocks(b.cidr, used) : []));
  const cache = new Map<number, Cidr | undefined>();
  return (prefix) => {
    if (!cache.has(prefix)) {
      let slot: Cidr | undefined;
      for (let i = 0; i < blocks.length && !slot; i++) {
        const b = blocks[i];
        if (b) slot = firstFreeIn(free[i], prefix);
      }
      cache.set(prefix, slot);
    }
    return cache.get(prefix);
  };
}

/**
 * The free space a subnet could take in its VPC: the free blocks of each of the VPC's blocks of the
 * family, counting every other subnet of the VPC, in block order then address order. Empty when the
 * VPC is not known; for completion of a subnet's CIDR as it is typed.
 */
export function freeSpaceFor(model: NetworkModel, subnet: Subnet, family: 4 | 6): Cidr[] {
  const index = modelIndex(model);
  const vpc = index.vpc(subnet.vpc);
  if (!vpc) return [];
  const used: Cidr[] = [];
  for (const s of index.subnetsOfVpc(vpc.key)) {
    const c = s === subnet ? undefined : cidrValue(family === 4 ? s.cidr : s.ipv6Cidr, family);
    if (c) used.push(c.cidr);
  }
  const out: Cidr[] = [];
  for (const v of family === 4 ? vpc.cidrs : vpc.ipv6Cidrs) {
    const block = cidrValue(v, family);
    if (block) for (const f of freeBlocks(block.cidr, used)) out.push(f);
  }
  return out;
}
