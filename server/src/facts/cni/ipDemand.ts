import type { NodeGroup } from '../../model/types';
import { isKnown } from '../../model/located';
import { podIps, supportsPrefixDelegation, type InstanceInfo } from '../../catalog/instances';
import { capacityInMode, defaultMaxPods, knownTypes, modeResolved, type TypedRef } from './capacity';
import type { CniMode, ModeSetting } from './mode';

/** Addresses one node of a group can take from its subnet at full size, with the arithmetic. */
export interface NodeDemand {
  type: TypedRef;
  pods: number;
  warm: number;
  perNode: number;
  /** "29 pods + 9 warm (WARM_ENI_TARGET=1)", plus the cap when it applies. */
  explain: string;
}

function setting(s: ModeSetting<unknown>): string {
  return `${s.name}=${String(s.value)}`;
}

/**
 * The warm pool ipamd keeps on top of the pods, per node (domain reference 1a/1b): WARM_IP_TARGET
 * wins over WARM_ENI_TARGET; MINIMUM_IP_TARGET alone disables the ENI target and is a floor; with
 * prefix delegation the unit is a /28 prefix unless an IP target is set.
 */
function warmPool(info: InstanceInfo, mode: CniMode, prefix: boolean): { warm: number; why: string } {
  const ip = mode.warmIpTarget;
  const min = mode.minimumIpTarget;
  if (ip.value !== undefined) return { warm: ip.value, why: setting(ip) };
  if (min.value !== undefined) return { warm: 0, why: `${setting(min)} without WARM_IP_TARGET` };
  if (prefix) return { warm: mode.warmPrefixTarget.value * 16, why: `${setting(mode.warmPrefixTarget)} x 16` };
  return {
    warm: mode.warmEniTarget.value * (info.ipv4PerEni - 1),
    why: `${setting(mode.warmEniTarget)} x ${info.ipv4PerEni - 1} IPs`,
  };
}

/**
 * Worst-case addresses per node of the group: its largest instance type running its kubelet max
 * pods (declared, or the default the bootstrap computes), capped by what the mode can address, plus
 * the warm pool, never more than all of the node's ENI slots. Undefined when something is unknown.
 */
export function nodeDemand(ng: NodeGroup, mode: CniMode): NodeDemand | undefined {
  if (ng.maxPods && !isKnown(ng.maxPods)) return undefined;
  if ([mode.warmIpTarget, mode.minimumIpTarget, mode.warmEniTarget, mode.warmPrefixTarget].some((s) => s.unresolved))
    return undefined;
  let worst: NodeDemand | undefined;
  for (const t of knownTypes(ng)) {
    const prefix = mode.prefixDelegation.value && supportsPrefixDelegation(t.info);
    const kubelet = isKnown(ng.maxPods) ? ng.maxPods.value : defaultMaxPods(t.info, ng.managed);
    const pods = Math.min(kubelet, capacityInMode(t.info, mode).maxPods);
    const { warm, why } = warmPool(t.info, mode, prefix);
    let need = Math.max(pods + warm, mode.minimumIpTarget.value ?? 0);
    const parts = [`${pods} pods + ${warm} warm (${why})`];
    if (prefix) {
      // Prefixes are whole /28s: 17 pods take two of them.
      const rounded = Math.ceil(need / 16) * 16;
      if (rounded !== need) parts.push(`rounded up to /28 prefixes: ${rounded}`);
      need = rounded;
    }
    const limit = prefix ? t.info.maxEnis * (t.info.ipv4PerEni - 1) * 16 : podIps(t.info);
    if (need > limit) {
      parts.push(`at most ${limit}, all of ${t.name}'s ENI ${prefix ? 'prefixes' : 'addresses'}`);
      need = limit;
    }
    if (!worst || need > worst.perNode) worst = { type: t, pods, warm, perNode: need, explain: parts.join(', ') };
  }
  return worst;
}

/**
 * How many nodes a group can grow to: its `maxSize`, else its desired size when no maximum is
 * written (the group never grows past it); undefined when that cannot be known.
 */
export function groupNodes(ng: NodeGroup): number | undefined {
  if (isKnown(ng.maxSize)) return ng.maxSize.value;
  return ng.maxSize === undefined && isKnown(ng.desiredSize) ? ng.desiredSize.value : undefined;
}

/** What one subnet must hold for the node groups that place nodes in it. */
export interface SubnetDemand {
  /** Addresses the groups take from this subnet at maximum size; undefined when any term is unknown. */
  need: number | undefined;
  /** Keys of the node groups with nodes in the subnet, in model order. */
  nodeGroups: string[];
}

/**
 * Per subnet, the addresses the node groups using it take at maximum size. An Auto Scaling group
 * balances its instances across its subnets' zones, so a group of N nodes over k subnets puts at most
 * ceil(N / k) nodes in each; each node takes its worst-case `nodeDemand`. With custom networking pods
 * take their addresses from the ENIConfig subnets, and with an unresolved mode the demand is not
 * known: such subnets get no number, as does any subnet one group of unknown demand uses.
 * `modeOf` is the cluster's CNI mode (facts/cni/scope.ts `modeLookup`).
 */
export function subnetDemands(
  groups: readonly NodeGroup[],
  modeOf: (cluster?: string) => CniMode,
): Map<string, SubnetDemand> {
  const out = new Map<string, SubnetDemand>();
  for (const g of groups) {
    const subnets = [...new Set(g.subnets)];
    if (subnets.length === 0) continue;
    const mode = modeOf(g.cluster);
    const nodes = groupNodes(g);
    const d = modeResolved(mode) && !mode.customNetworking.value ? nodeDemand(g, mode) : undefined;
    const share = nodes !== undefined && d ? Math.ceil(nodes / subnets.length) * d.perNode : undefined;
    for (const key of subnets) {
      let entry = out.get(key);
      if (!entry) out.set(key, (entry = { need: 0, nodeGroups: [] }));
      entry.nodeGroups.push(g.key);
      entry.need = entry.need === undefined || share === undefined ? undefined : entry.need + share;
    }
  }
  return out;
}
