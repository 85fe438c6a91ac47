import { getInstanceType, podIps, supportsPrefixDelegation, type Hypervisor } from '../../catalog/instances';
import { podCapacity, type CapacityMode } from './capacity';

export interface CapacityOptions {
  prefixDelegation?: boolean;
  customNetworking?: boolean;
  maxEni?: number;
  /** Answer for an EKS managed node group, which caps max pods at 110/250 in every mode. */
  managed?: boolean;
}

/** One row of `eksnet capacity --format json`; see docs/instance-data.md for what each field means. */
export interface CapacityResult {
  instanceType: string;
  maxEnis: number;
  ipv4PerEni: number;
  hypervisor: Hypervisor;
  vcpus: number | null;
  podIps: number;
  /**
   * Max pods in the mode the options select, as podCapacity answers it: for a node of unspecified kind the
   * uncapped formula in secondary-IP and custom-networking mode (the published eni-max-pods.txt value:
   * m4.4xlarge 234) and capped at 110/250 with prefix delegation (m5.large 110, not the raw 434); with
   * `managed`, capped in every mode.
   */
  maxPods: number;
  /** Secondary-IP custom networking, capped like maxPods in that mode. */
  maxPodsCustomNetworking: number;
  /** Prefix delegation (with custom networking when that option is on), capped; null when the type cannot do it. */
  maxPodsPrefixDelegation: number | null;
  maxPodsPrefixDelegationUncapped: number | null;
  securityGroupsForPods: { supported: boolean | null; branchInterfaces: number | null };
}

/**
 * What the max-pods calculator would say for a type, or undefined for an unknown type. Every max-pods
 * figure is podCapacity's for a node of unspecified kind (or a managed node group with `managed`), so
 * the CLI, hovers and rules give one answer; prefix delegation on a type that cannot do it falls back
 * to secondary IPs, as the CNI does.
 */
export function capacity(name: string, opts: CapacityOptions = {}): CapacityResult | undefined {
  const info = getInstanceType(name);
  if (!info) return undefined;
  const base: CapacityMode = {
    prefixDelegation: false,
    customNetworking: opts.customNetworking === true,
    ...(opts.maxEni === undefined ? {} : { maxEni: opts.maxEni }),
  };
  const nodes = opts.managed ? 'managed' : 'unspecified';
  const pd = supportsPrefixDelegation(info) ? podCapacity(info, { ...base, prefixDelegation: true }, nodes) : undefined;
  return {
    instanceType: info.name,
    maxEnis: info.maxEnis,
    ipv4PerEni: info.ipv4PerEni,
    hypervisor: info.hypervisor,
    vcpus: info.vcpus,
    podIps: podIps(info),
    maxPods: podCapacity(info, { ...base, prefixDelegation: opts.prefixDelegation === true }, nodes).maxPods,
    maxPodsCustomNetworking: podCapacity(info, { ...base, customNetworking: true }, nodes).maxPods,
    maxPodsPrefixDelegation: pd?.maxPods ?? null,
    maxPodsPrefixDelegationUncapped: pd?.addressLimit ?? null,
    securityGroupsForPods: { supported: info.trunking, branchInterfaces: info.branchInterfaces },
  };
}
