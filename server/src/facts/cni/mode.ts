import type { FileSpan } from '../../base/span';
import type { AwsNodeEnv, EnvVar, NetworkModel } from '../../model/types';

/**
 * The CNI mode the workspace configures for one cluster, derived from the aws-node env sources that
 * reach it (DaemonSets, patches, Helm values, add-on configuration). Hovers and every capacity and
 * custom-networking rule read the mode from here, so they can never disagree about it.
 */
export interface ModeSetting<T> {
  value: T;
  /** The variable's name as the workspace writes it. */
  name: string;
  /** Where the value was written; undefined when the CNI default applies. */
  at?: FileSpan;
  /** True when the variable is written but its value is not statically known (valueFrom, templates). */
  unresolved?: boolean;
}

export interface CniMode {
  /** True when some aws-node env source reaches the cluster; false means CNI defaults throughout. */
  configured: boolean;
  /** The model key of the cluster the mode was worked out for; undefined for the whole workspace. */
  cluster?: string;
  customNetworking: ModeSetting<boolean>;
  prefixDelegation: ModeSetting<boolean>;
  podEni: ModeSetting<boolean>;
  ipv6: ModeSetting<boolean>;
  /** MAX_ENI; undefined when unset or ignored (below 1, not a number). */
  maxEni: ModeSetting<number | undefined>;
  warmEniTarget: ModeSetting<number>;
  warmIpTarget: ModeSetting<number | undefined>;
  minimumIpTarget: ModeSetting<number | undefined>;
  warmPrefixTarget: ModeSetting<number>;
  eniConfigLabelDef: ModeSetting<string>;
}

export const DEFAULT_ENI_CONFIG_LABEL = 'k8s.amazonaws.com/eniConfig';
export const ZONE_LABELS = new Set(['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone']);

// Go's strconv.ParseBool, which the CNI uses; anything else makes the CNI log and use the default.
const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Partial sources (patches, Helm values, add-on configuration, `kubectl set env`) are applied on
 * top of a full manifest, so they win over a complete DaemonSet; among equals the last one wins.
 */
function rank(e: AwsNodeEnv): number {
  return e.source === 'daemonset' ? 0 : 1;
}

/** The winning entry for a variable of the aws-node container, or undefined when no source sets it. */
function lookup(sources: AwsNodeEnv[], name: string): EnvVar | undefined {
  let best: { v: EnvVar; rank: number } | undefined;
  for (const env of sources) {
    if (env.container !== 'aws-node') continue;
    for (const v of env.vars) {
      if (v.name !== name) continue;
      const r = rank(env);
      if (!best || r >= best.rank) best = { v, rank: r };
    }
  }
  return best?.v;
}

function read<T>(
  sources: AwsNodeEnv[],
  name: string,
  fallback: T,
  parse: (s: string) => T | undefined,
): ModeSetting<T> {
  const v = lookup(sources, name);
  if (!v) return { name, value: fallback };
  if (!v.value) return { name, value: fallback, at: v.entryAt, unresolved: !!v.valueFrom };
  if (v.value.kind === 'unresolved') return { name, value: fallback, at: v.value.at, unresolved: true };
  const parsed = parse(v.value.value);
  return { name, value: parsed === undefined ? fallback : parsed, at: v.value.at };
}

function bool(s: string): boolean | undefined {
  const t = s.trim();
  return TRUE.has(t) ? true : FALSE.has(t) ? false : undefined;
}

/** strconv.Atoi: decimal digits with an optional sign; null for anything else. */
function int(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s.trim()) ? Number(s.trim()) : undefined;
}

function nonNegative(s: string): number | undefined {
  const n = int(s);
  return n !== undefined && n >= 0 ? n : undefined;
}

/**
 * The aws-node env sources that reach a cluster. Add-on configuration is bound to its cluster, as in
 * AWS, so another cluster's add-on never counts; manifests, patches, Helm values and unbound add-on
 * configuration can be applied to any cluster, so they count for every one. Without a cluster
 * (a caller with no node group to go by) every source counts.
 */
export function sourcesFor(model: NetworkModel, cluster?: string): AwsNodeEnv[] {
  return cluster === undefined
    ? model.awsNode
    : model.awsNode.filter((e) => e.cluster === undefined || e.cluster === cluster);
}

/**
 * Works out the effective CNI mode of a cluster (its model key), or of the whole workspace when no
 * cluster is given. Absent variables take the shipped manifest's values (the EKS add-on and the Helm
 * chart install that manifest), except that a complete aws-node DaemonSet means absent variables
 * take the code defaults; the two differ only for WARM_PREFIX_TARGET (manifest 1, code 0) among the
 * variables read here.
 */
export function cniMode(model: NetworkModel, cluster?: string): CniMode {
  const sources = sourcesFor(model, cluster).filter((e) => e.container === 'aws-node');
  const configured = sources.length > 0;
  const complete = sources.some((e) => e.complete);
  const label = read(
    sources,
    'ENI_CONFIG_LABEL_DEF',
    DEFAULT_ENI_CONFIG_LABEL,
    (s) => s.trim() || DEFAULT_ENI_CONFIG_LABEL,
  );
  return {
    configured,
    ...(cluster === undefined ? {} : { cluster }),
    customNetworking: read(sources, 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', false, bool),
    prefixDelegation: read(sources, 'ENABLE_PREFIX_DELEGATION', false, bool),
    podEni: read(sources, 'ENABLE_POD_ENI', false, bool),
    ipv6: read(sources, 'ENABLE_IPv6', false, bool),
    maxEni: read<number | undefined>(sources, 'MAX_ENI', undefined, (s) => {
      const n = int(s);
      return n !== undefined && n >= 1 ? n : undefined;
    }),
    warmEniTarget: read(sources, 'WARM_ENI_TARGET', 1, nonNegative),
    warmIpTarget: read<number | undefined>(sources, 'WARM_IP_TARGET', undefined, (s) => {
      const n = nonNegative(s);
      return n === 0 ? undefined : n;
    }),
    minimumIpTarget: read<number | undefined>(sources, 'MINIMUM_IP_TARGET', undefined, (s) => {
      const n = nonNegative(s);
      return n === 0 ? undefined : n;
    }),
    warmPrefixTarget: read(sources, 'WARM_PREFIX_TARGET', complete ? 0 : 1, nonNegative),
    eniConfigLabelDef: label,
  };
}

/** True when every given setting is statically known, so a rule may rely on them. */
export function resolved(...settings: ModeSetting<unknown>[]): boolean {
  return settings.every((s) => !s.unresolved);
}
