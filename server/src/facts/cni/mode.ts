import type { FileSpan } from '../../base/span';
import type { AwsNodeEnv, EnvVar, NetworkModel } from '../../model/types';
import { memoOn } from '../../base/memo';
import { modelIndex } from '../../model/lookup';

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
  /** Why the source that wrote it applies to this cluster, when it names none itself (AwsNodeEnv.scope). */
  scope?: string;
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

/** A variable's winning entry so far: its source's rank and model position decide ties. */
interface Pick {
  v: EnvVar;
  env: AwsNodeEnv;
  rank: number;
  pos: number;
}

/**
 * The winning entry of every variable of the aws-node container among some sources (given in model
 * order with their positions): the last entry of the highest rank.
 */
function winners(sources: readonly { env: AwsNodeEnv; pos: number }[]): Map<string, Pick> {
  const out = new Map<string, Pick>();
  for (const { env, pos } of sources) {
    if (env.container !== 'aws-node') continue;
    const r = rank(env);
    for (const v of env.vars) {
      const best = out.get(v.name);
      if (!best || r >= best.rank) out.set(v.name, { v, env, rank: r, pos });
    }
  }
  return out;
}

/** The winner over the union of two sets of sources, from each set's winner. */
function better(a: Pick | undefined, b: Pick | undefined): Pick | undefined {
  if (!a || !b) return a ?? b;
  return a.rank !== b.rank ? (a.rank > b.rank ? a : b) : a.pos > b.pos ? a : b;
}

function read<T>(
  picks: (name: string) => Pick | undefined,
  name: string,
  fallback: T,
  parse: (s: string) => T | undefined,
): ModeSetting<T> {
  const p = picks(name);
  if (!p) return { name, value: fallback };
  const v = p.v;
  const scope = p.env.scope ? { scope: p.env.scope } : {};
  if (!v.value) return { name, value: fallback, at: v.entryAt, unresolved: !!v.valueFrom, ...scope };
  if (v.value.kind === 'unresolved') return { name, value: fallback, at: v.value.at, unresolved: true, ...scope };
  const parsed = parse(v.value.value);
  return { name, value: parsed === undefined ? fallback : parsed, at: v.value.at, ...scope };
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

/** The winning entries of the sources that reach a cluster, and whether there are any. */
interface Reaching {
  /** The winning entry of a variable among the sources. */
  pick: (name: string) => Pick | undefined;
  /** True when some source of the aws-node container reaches. */
  configured: boolean;
  /** True when one of them is a complete DaemonSet. */
  complete: boolean;
}

const UNBOUND = Symbol('aws-node sources bound to no cluster');

/**
 * What the aws-node env sources that reach a cluster say. Add-on configuration is bound to its
 * cluster, as in AWS, and manifests, patches, Helm values, scripts and add-on configuration on its
 * own are bound to the one cluster of their folder (model/builders/awsNodeScope.ts), so another
 * cluster's sources never count. A source that stays unbound could not be tied to one cluster
 * among those the workspace declares, so it feeds no declared cluster's mode; it still counts for a
 * cluster the workspace only refers to (a node group of a cluster declared elsewhere), as for any
 * cluster before binding. Without a cluster (a caller with no node group to go by) every source
 * counts. The unbound sources' winners are worked out once per list of sources (memoised on the
 * list, which the networks of one analysis share) and each cluster adds only its own: a workspace
 * of many clusters and many manifests costs their sum, not their product.
 */
function reaching(model: NetworkModel, cluster?: string): Reaching {
  const summary = (sources: readonly { env: AwsNodeEnv; pos: number }[]) => {
    const own = sources.filter((s) => s.env.container === 'aws-node');
    return { picks: winners(own), configured: own.length > 0, complete: own.some((s) => s.env.complete) };
  };
  const positioned = (keep: (e: AwsNodeEnv) => boolean) =>
    model.awsNode.flatMap((env, pos) => (keep(env) ? [{ env, pos }] : []));
  if (cluster === undefined) {
    const all = summary(positioned(() => true));
    return { pick: (n) => all.picks.get(n), configured: all.configured, complete: all.complete };
  }
  const index = modelIndex(model);
  const own = summary(index.awsNodeOfCluster(cluster));
  if (index.cluster(cluster)) return { pick: (n) => own.picks.get(n), ...own };
  const unbound = memoOn(model.awsNode, UNBOUND, () => summary(positioned((e) => e.cluster === undefined)));
  return {
    pick: (n) => better(unbound.picks.get(n), own.picks.get(n)),
    configured: unbound.configured || own.configured,
    complete: unbound.complete || own.complete,
  };
}

/**
 * Works out the effective CNI mode of a cluster (its model key), or of the whole workspace when no
 * cluster is given. Absent variables take the shipped manifest's values (the EKS add-on and the Helm
 * chart install that manifest), except that a complete aws-node DaemonSet means absent variables
 * take the code defaults; the two differ only for WARM_PREFIX_TARGET (manifest 1, code 0) among the
 * variables read here.
 */
export function cniMode(model: NetworkModel, cluster?: string): CniMode {
  const { pick: sources, configured, complete } = reaching(model, cluster);
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

/**
 * A related-information line for a setting: `what` (say "custom networking is enabled here"),
 * plus why its source applies to the cluster when the source names none itself.
 */
export function settingNote(s: ModeSetting<unknown>, what: string): string {
  return s.scope ? `${what} (it applies to this cluster because ${s.scope})` : what;
}
