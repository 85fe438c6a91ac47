import type { NodeGroup } from '../../model/types';
import { isKnown } from '../../model/located';
import { podIps, supportsPrefixDelegation, type InstanceInfo } from '../../catalog/instances';
import { capacityInMode, defaultMaxPods, knownTypes, type TypedRef } from './capacity';
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
