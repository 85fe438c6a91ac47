import type { AddressMap } from '../facts/addressMap';
import type { FileSpan } from '../base/span';

/**
 * The `map --format json` contract (version 1), also what the language server's map request
 * returns and what the SVG is drawn from: plain values, null for what cannot be known, 0-based
 * lines. Blocks and free blocks are canonical CIDR text. `displayFile` maps engine file ids to what
 * the user typed (relative paths for the CLI, URIs for the editor).
 */
export interface MapJson {
  version: 1;
  vpcs: MapJsonVpc[];
}

export interface MapJsonVpc {
  name: string;
  file: string;
  line: number;
  /** Known blocks, primary first, then secondary blocks, IPv4 before IPv6. */
  cidrs: string[];
  /** How many blocks of the VPC cannot be known statically; their space is not drawn. */
  unresolvedCidrs: number;
  subnets: MapJsonSubnet[];
  /** Free blocks of every known block, in the order of `cidrs`, each block's in address order. */
  free: string[];
}

export interface MapJsonSubnet {
  name: string;
  /** The IPv4 block, or null when it is unknown, invalid or absent. */
  cidr: string | null;
  ipv6Cidr: string | null;
  zone: string | null;
  role: 'public' | 'private' | 'unresolved';
  file: string;
  line: number;
  /** Addresses its node groups need at maximum size; null when unknown or when no node group uses it. */
  need: number | null;
  /** Usable addresses of the IPv4 block (size - 5, what AWS leaves to instances). */
  usable: number | null;
  overlapping: boolean;
  outside: boolean;
  clusters: string[];
  nodeGroups: string[];
  tags: Record<string, string | null>;
}

export function mapToJson(
  map: AddressMap,
  lineOf: (at: FileSpan) => number,
  displayFile: (id: string) => string,
): MapJson {
  return {
    version: 1,
    vpcs: map.vpcs.map((v) => ({
      name: v.name,
      file: displayFile(v.at.file),
      line: lineOf(v.at),
      cidrs: v.blocks.map((b) => b.cidr.text),
      unresolvedCidrs: v.unresolvedBlocks,
      subnets: v.subnets.map((s) => ({
        name: s.name,
        cidr: s.ipv4?.cidr.text ?? null,
        ipv6Cidr: s.ipv6?.cidr.text ?? null,
        zone: s.zone,
        role: s.role,
        file: displayFile(s.at.file),
        line: lineOf(s.at),
        need: s.need,
        usable: s.usable,
        overlapping: s.overlapping,
        outside: s.outside,
        clusters: s.clusters,
        nodeGroups: s.nodeGroups,
        tags: s.tags,
      })),
      free: v.blocks.flatMap((b) => b.free.map((f) => f.text)),
    })),
  };
}
