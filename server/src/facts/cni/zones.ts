import type { FileSpan } from '../../base/span';
import type { EniConfig, NetworkModel, NodeGroup } from '../../model/types';
import { getPath } from '../../parsers/tree';
import { isKnown } from '../../model/located';

/**
 * AWS zone names: region plus a letter (us-west-2a, us-gov-east-1b) and Local Zones
 * (us-west-2-lax-1a). ENIConfigs named like this are meant to be picked by the zone label.
 */
const ZONE = /^[a-z]{2}(-[a-z]+)+-\d+([a-z]|-[a-z]+-\d+[a-z])$/;

export function isZoneName(s: string): boolean {
  return ZONE.test(s);
}

/** A zone a node group's nodes run in, with the place that says so. */
export interface NodeZone {
  zone: string;
  at: FileSpan;
}

/**
 * The zones of a node group: its own availabilityZones and the zones of its subnets. Only known
 * values count; a zone that is not written down is never guessed.
 */
export function nodeGroupZones(model: NetworkModel, ng: NodeGroup): NodeZone[] {
  const out: NodeZone[] = [];
  const add = (zone: string, at: FileSpan) => {
    if (!out.some((z) => z.zone === zone)) out.push({ zone, at });
  };
  for (const z of ng.availabilityZones) if (isKnown(z)) add(z.value, z.at);
  if (!ng.subnets.length) return out;
  // One pass over the subnets, not one search per subnet key: both lists can be thousands long.
  const wanted = new Set(ng.subnets);
  const byKey = new Map<string, (typeof model.subnets)[number]>();
  for (const s of model.subnets) if (wanted.has(s.key) && !byKey.has(s.key)) byKey.set(s.key, s);
  for (const key of ng.subnets) {
    const s = byKey.get(key);
    if (s && isKnown(s.availabilityZone)) add(s.availabilityZone.value, s.availabilityZone.at);
  }
  return out;
}

/** Where an ENIConfig's name is written (metadata.name), falling back to the whole object. */
export function eniConfigNameAt(ec: EniConfig): FileSpan {
  const n = getPath(ec.node, ['metadata', 'name']);
  return n ? { file: ec.at.file, span: n.span } : ec.at;
}
