import {
  getInstanceType,
  managedNodeGroupCap,
  maxPodsCustomNetworking,
  maxPodsPrefixDelegation,
  maxPodsSecondaryIp,
  supportsPrefixDelegation,
  type InstanceInfo,
} from '../../catalog/instances';
import type { NetworkModel, NodeGroup } from '../../model/types';
import type { FileSpan } from '../../base/span';
import { isKnown, type Value } from '../../model/located';
import { resolved, type CniMode } from './mode';
import { typeClusterLookup } from './scope';
import { maxOf, minOf } from '../../base/arrays';

/** Pod-IP capacity of one instance type in the workspace's CNI mode. */
export interface ModeCapacity {
  /** Max pods the addresses allow (uncapped: the cap is a scheduling choice, not an address limit). */
  maxPods: number;
  /** Human name of the mode actually in effect on this type. */
  mode: string;
  /** True when prefix delegation is on but the type cannot do it, so the CNI falls back to secondary IPs. */
  prefixFallback: boolean;
}

/** True when the settings that decide max pods (prefix delegation, custom networking, MAX_ENI) are known. */
export function modeResolved(mode: CniMode): boolean {
  return resolved(mode.prefixDelegation, mode.customNetworking, mode.maxEni);
}

/** Max pods the addresses allow in a mode, uncapped; podCapacity adds the 110/250 cap. */
export function capacityInMode(info: InstanceInfo, cniMode: CniMode | CapacityMode): ModeCapacity {
  const mode = settingsOf(cniMode);
  const eni = mode.maxEni === undefined ? {} : { maxEni: mode.maxEni };
  const cn = mode.customNetworking;
  if (mode.prefixDelegation && supportsPrefixDelegation(info)) {
    return {
      maxPods: maxPodsPrefixDelegation(info, { ...eni, customNetworking: cn }),
      mode: cn ? 'prefix delegation with custom networking' : 'prefix delegation',
      prefixFallback: false,
    };
  }
  const prefixFallback = mode.prefixDelegation;
  const why = prefixFallback ? ', the fallback on a type that cannot use prefix delegation' : '';
  if (cn)
    return {
      maxPods: maxPodsCustomNetworking(info, eni),
      mode: `custom networking (secondary IPs${why})`,
      prefixFallback,
    };
  return {
    maxPods: maxPodsSecondaryIp(info, eni),
    mode: prefixFallback ? `secondary IPs${why}` : 'secondary IPs',
    prefixFallback,
  };
}

/** The CNI settings that decide max pods, as the capacity CLI's flags or a resolved CniMode give them. */
export interface CapacityMode {
  prefixDelegation: boolean;
  customNetworking: boolean;
  maxEni?: number;
}

/** Secondary IPs without custom networking or MAX_ENI: the CNI's defaults, and what node bootstraps assume. */
export const DEFAULT_CAPACITY_MODE: CapacityMode = { prefixDelegation: false, customNetworking: false };

/**
 * Who runs the node: an EKS managed node group, a self-managed one, or unspecified (a launch template,
 * a node selector or the capacity CLI, where no node group says).
 */
export type NodeKind = 'managed' | 'self-managed' | 'unspecified';

/** Max pods of one instance type in one CNI mode: the one answer hovers, completion, rules and the CLI share. */
export interface PodCapacity {
  /** Max pods the node runs with: the address limit, lowered to 110 or 250 where that cap applies. */
  maxPods: number;
  /** Max pods the addresses allow (the formula, uncapped); what a declared max pods must not exceed. */
  addressLimit: number;
  /** Set when the 110/250 cap lowered the address limit: why, in a sentence. */
  cappedBy?: string;
  /** Human name of the mode actually in effect on this type. */
  mode: string;
  /** True when prefix delegation is on but the type cannot do it, so the CNI falls back to secondary IPs. */
  prefixFallback: boolean;
}

function settingsOf(mode: CniMode | CapacityMode): CapacityMode {
  if (!('configured' in mode)) return mode;
  const out: CapacityMode = {
    prefixDelegation: mode.prefixDelegation.value,
    customNetworking: mode.customNetworking.value,
  };
  if (mode.maxEni.value !== undefined) out.maxEni = mode.maxEni.value;
  return out;
}

/**
 * Max pods for a type in a mode, including the 110/250 cap (managedNodeGroupCap; domain reference
 * §1d "Caps"). The cap applies to managed node groups in every mode, as EKS enforces it whether or
 * not prefix delegation is on. It also applies to prefix delegation on any node: the raw prefix
 * value (434 for m5.large) is never what a node runs, because max-pods-calculator.sh caps it and
 * the node bootstraps that do not know prefixes use the secondary-IP value instead. Secondary-IP
 * values of self-managed and unspecified nodes stay uncapped, as bootstraps read them from
 * eni-max-pods.txt. Without a vCPU count the cap cannot be worked out and nothing is capped.
 */
export function podCapacity(info: InstanceInfo, mode: CniMode | CapacityMode, nodes: NodeKind): PodCapacity {
  const c = capacityInMode(info, mode);
  const prefixInEffect = settingsOf(mode).prefixDelegation && !c.prefixFallback;
  const { cap, reason } = managedNodeGroupCap(info);
  const out: PodCapacity = { ...c, addressLimit: c.maxPods };
  if (cap !== null && (nodes === 'managed' || prefixInEffect) && c.maxPods > cap) {
    out.maxPods = cap;
    out.cappedBy = reason;
  }
  return out;
}

/**
 * The max pods a node gets when nothing declares one: the bootstrap computes the secondary-IP value
 * (it knows nothing of custom networking), and managed node groups cap it at 110 or 250.
 */
export function defaultMaxPods(info: InstanceInfo, managed: boolean): number {
  return podCapacity(info, DEFAULT_CAPACITY_MODE, managed ? 'managed' : 'self-managed').maxPods;
}

export interface TypedRef {
  name: string;
  info: InstanceInfo;
  at: FileSpan;
  /**
   * The cluster (model key) whose nodes get this type, when one cluster's node groups alone use it;
   * see typeClusterLookup.
   */
  cluster?: string;
}

/** The node group's instance types that are known and in the table (unknown ones are another rule's business). */
export function knownTypes(ng: NodeGroup): TypedRef[] {
  const out: TypedRef[] = [];
  for (const v of ng.instanceTypes) {
    if (!isKnown(v)) continue;
    const info = getInstanceType(v.value);
    if (info) out.push({ name: v.value, info, at: v.at });
  }
  return out;
}

/** The span from the first to the last instance type of a node group when they share a file, else the first. */
export function typesSpan(types: TypedRef[]): FileSpan {
  const first = types[0].at;
  const same = types.filter((t) => t.at.file === first.file);
  return {
    file: first.file,
    span: { start: minOf(same.map((t) => t.at.span.start))!, end: maxOf(same.map((t) => t.at.span.end))! },
  };
}

/**
 * Every instance type the cluster's nodes can have, once per place it is written: node groups,
 * launch templates, Karpenter requirements, and node selectors and affinities (a pod that selects a
 * type only runs if such nodes exist). Types missing from the table are left to instance-type-unknown.
 * Each carries the cluster of the node groups that use it, so rules judge it in that cluster's mode.
 */
export function nodeTypeRefs(model: NetworkModel): TypedRef[] {
  const out: TypedRef[] = [];
  const seen = new Set<string>();
  const clusterOf = typeClusterLookup(model);
  const add = (v: Value<string>) => {
    if (!isKnown(v)) return;
    const info = getInstanceType(v.value);
    const key = `${v.at.file}@${v.at.span.start}-${v.at.span.end}`;
    if (!info || seen.has(key)) return;
    seen.add(key);
    const cluster = clusterOf(v.at);
    out.push({ name: v.value, info, at: v.at, ...(cluster === undefined ? {} : { cluster }) });
  };
  for (const r of model.instanceTypeRefs) add(r.value);
  for (const ng of model.nodeGroups) for (const v of ng.instanceTypes) add(v);
  return out;
}

/** The arithmetic behind capacityInMode, for messages: "(3 ENIs - 1) x (10 IPs - 1) + 2 = 20". */
export function formulaText(info: InstanceInfo, mode: CniMode): string {
  const c = capacityInMode(info, mode);
  const enis = mode.maxEni.value === undefined ? info.maxEnis : Math.min(info.maxEnis, mode.maxEni.value);
  const eniText = mode.customNetworking.value ? `(${enis} ENIs - 1)` : `${enis} ENIs`;
  const slots = `(${info.ipv4PerEni} IPs - 1)`;
  const prefixes = mode.prefixDelegation.value && !c.prefixFallback ? ' x 16' : '';
  return `${eniText} x ${slots}${prefixes} + 2 = ${c.maxPods}`;
}
