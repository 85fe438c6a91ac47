import type { Cluster, IngressClassItem, LoadBalancer, NetworkModel, Subnet } from '../model/types';
import { isKnown, known, unresolved, type Known, type Unresolved, type Value } from '../model/located';
import { modelIndex } from '../model/lookup';
import { cidrValue, clusterVpc } from '../model/cidrValues';
import { awsUsable } from '../base/cidr';
import type { FileSpan } from '../base/span';
import { subnetRole } from './reachability';
import { notForLoadBalancers } from './loadBalancerSubnets';
import {
  MIN_FREE_ADDRESSES,
  ROLE_TAG,
  SCHEME_REACHABILITY,
  ZONES_NEEDED,
  roleTagState,
  type LoadBalancerKind,
  type LoadBalancerScheme,
} from './loadBalancer';

/**
 * How the AWS Load Balancer Controller would place a Service's or Ingress's load balancer, the one
 * answer the load-balancer rules and the hover ask (subnet discovery:
 * https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/subnet_discovery/).
 * The facts it applies (role tags, reachability, zones needed, free addresses) live in
 * facts/loadBalancer.ts.
 */

/** What the controller makes of one Service or Ingress. */
export interface ControllerLoadBalancer {
  kind: LoadBalancerKind;
  scheme: Value<LoadBalancerScheme>;
  /** Why the scheme is what it is when nothing sets it (the controller's default), for hovers. */
  schemeDefault?: string;
  /** Explicit subnets: the annotation's entries, or IngressClassParams' ids (which win). */
  explicit?: { entries: Value<string>[]; from: 'annotation' | 'params' };
  /** IngressClassParams' subnet tag filters: then only matching subnets are candidates. */
  tagFilter?: Record<string, Value<string>[]>;
  /** The IngressClassParams that decided something, for related information. */
  params?: IngressClassItem;
}

const LBC_INGRESS = 'ingress.k8s.aws/alb';

/**
 * Whether the controller reconciles the object, and with what. Unresolved (with the reason) when it
 * is the in-tree controller's (whose discovery differs and is not modelled), another controller's, or
 * cannot be told.
 */
export function controllerView(lb: LoadBalancer, model: NetworkModel): Value<ControllerLoadBalancer> {
  const anchor = lb.nameAt ?? lb.at;
  if (lb.object === 'service') {
    const c = lb.controller;
    if (!c) return unresolved('not a load balancer Service', anchor);
    if (c.kind === 'unresolved') return c;
    if (c.value === 'in-tree')
      return unresolved(
        `the in-tree cloud provider reconciles it (${lb.inTreeType === 'nlb' ? 'NLB' : 'Classic ELB'}); its subnet discovery is not the controller's and eksnet does not model it`,
        c.at,
      );
    const scheme = serviceScheme(lb, anchor);
    return known(
      {
        kind: 'nlb',
        scheme: scheme.value,
        ...(scheme.note ? { schemeDefault: scheme.note } : {}),
        ...(lb.subnets ? { explicit: { entries: lb.subnets.entries, from: 'annotation' as const } } : {}),
      },
      c.at,
    );
  }
  const cls = ingressClassOf(lb, model);
  if (cls.kind === 'unresolved') return cls;
  const params = cls.value.params;
  let scheme: Value<LoadBalancerScheme>;
  let schemeDefault: string | undefined;
  if (params?.scheme) scheme = schemeValue(params.scheme);
  else if (lb.scheme) scheme = schemeValue(lb.scheme);
  else {
    scheme = known('internal', anchor);
    schemeDefault = 'no scheme is set, and the controller makes Ingresses internal by default';
  }
  const explicit = params?.subnetIds
    ? { entries: params.subnetIds, from: 'params' as const }
    : lb.subnets && !params?.subnetTags
      ? { entries: lb.subnets.entries, from: 'annotation' as const }
      : undefined;
  return known(
    {
      kind: 'alb',
      scheme,
      ...(schemeDefault ? { schemeDefault } : {}),
      ...(explicit ? { explicit } : {}),
      ...(params?.subnetTags && !params.subnetIds ? { tagFilter: params.subnetTags } : {}),
      ...(params ? { params } : {}),
    },
    cls.at,
  );
}

function schemeValue(v: Value<string>): Value<LoadBalancerScheme> {
  if (v.kind === 'unresolved') return v;
  return v.value === 'internal' || v.value === 'internet-facing'
    ? known(v.value, v.at)
    : unresolved(`\`${v.value}\` is not a scheme (internal or internet-facing)`, v.at);
}

/**
 * A Service's scheme: the scheme annotation, else the deprecated `aws-load-balancer-internal`
 * boolean, else internal (the controller's default since v2.2.0).
 */
function serviceScheme(lb: LoadBalancer, anchor: FileSpan): { value: Value<LoadBalancerScheme>; note?: string } {
  if (lb.scheme) return { value: schemeValue(lb.scheme) };
  const internal = lb.internal;
  if (internal?.kind === 'unresolved') return { value: internal };
  if (internal?.value === 'true') return { value: known('internal', internal.at) };
  if (internal?.value === 'false') return { value: known('internet-facing', internal.at) };
  if (internal) return { value: unresolved(`\`${internal.value}\` is not a boolean`, internal.at) };
  return {
    value: known('internal', anchor),
    note: 'no scheme is set, and the controller makes Services internal by default (since v2.2.0)',
  };
}

/**
 * The scheme the in-tree cloud provider gives a Service: internet-facing, unless
 * `service.beta.kubernetes.io/aws-load-balancer-internal` is set to any value but `false` (its
 * aws.go; https://github.com/kubernetes/website/issues/15771). For the hover: its subnet discovery
 * is not modelled, so no rule asks.
 */
export function inTreeScheme(lb: LoadBalancer): Value<LoadBalancerScheme> {
  const internal = lb.internal;
  if (!internal) return known('internet-facing', lb.nameAt ?? lb.at);
  if (internal.kind === 'unresolved') return internal;
  return known(internal.value === 'false' ? 'internet-facing' : 'internal', internal.at);
}

/**
 * The controller's IngressClass for an Ingress: the `kubernetes.io/ingress.class: alb` annotation;
 * else the IngressClass `spec.ingressClassName` names, when the workspace declares it with controller
 * `ingress.k8s.aws/alb` (or, when the workspace does not declare it, the name `alb`: the class the
 * controller's Helm chart creates); else the workspace's default IngressClass if it is the
 * controller's.
 */
function ingressClassOf(lb: LoadBalancer, model: NetworkModel): Value<{ params?: IngressClassItem }> {
  const anchor = lb.nameAt ?? lb.at;
  const classes = model.ingressClasses.filter((c) => c.kind === 'IngressClass');
  // A class's parameters decide the scheme and subnets: when they cannot be found exactly once,
  // nothing about the Ingress's placement can be told.
  const withParams = (c: IngressClassItem, at: FileSpan): Value<{ params?: IngressClassItem }> => {
    if (!c.params) return known({}, at);
    if (c.params.kind === 'unresolved') return c.params;
    const name = c.params.value;
    const found = model.ingressClasses.filter((p) => p.kind === 'IngressClassParams' && p.name === name);
    if (found.length === 0) return unresolved(`IngressClassParams \`${name}\` is not declared in the workspace`, at);
    if (found.length > 1) return unresolved(`several IngressClassParams are named \`${name}\``, at);
    return known({ params: found[0] }, at);
  };
  const named = (name: string, at: FileSpan): Value<{ params?: IngressClassItem }> => {
    const found = classes.filter((c) => c.name === name);
    if (found.length > 1) return unresolved(`several IngressClasses are named \`${name}\``, at);
    if (found.length === 0)
      return name === 'alb'
        ? known({}, at)
        : unresolved(`IngressClass \`${name}\` is not declared in the workspace`, at);
    const c = found[0];
    if (!c.controller || c.controller.kind === 'unresolved')
      return unresolved(`IngressClass \`${name}\`'s controller is not known`, at);
    if (c.controller.value !== LBC_INGRESS)
      return unresolved(`IngressClass \`${name}\` belongs to ${c.controller.value}, not the controller`, at);
    return withParams(c, at);
  };
  const ic = lb.ingressClass;
  if (ic) {
    if (ic.name.kind === 'unresolved') return ic.name;
    if (ic.via === 'annotation')
      return ic.name.value === 'alb'
        ? known({}, ic.name.at)
        : unresolved(`ingress class \`${ic.name.value}\` is not the controller's`, ic.name.at);
    return named(ic.name.value, ic.name.at);
  }
  const defaults = classes.filter((c) => c.isDefault);
  if (defaults.length === 1 && isKnown(defaults[0].controller) && defaults[0].controller.value === LBC_INGRESS) {
    return withParams(defaults[0], anchor);
  }
  return unresolved('the Ingress names no class, and no default IngressClass of the controller is declared', anchor);
}

/** The cluster's VPC and its subnets, when the workspace knows them completely. */
export interface KnownVpc {
  cluster: Cluster;
  vpcKey: string;
  vpcName: string;
  subnets: Subnet[];
}

/**
 * The cluster's VPC as the workspace knows it, or why it does not know it completely. Complete means:
 * the cluster and its VPC are declared in the workspace; the cluster's subnet list is wholly known
 * and each of its subnets is declared in that VPC; and every subnet of the VPC has a known zone, a
 * known reachability (facts/reachability.ts), readable tags with known role-tag values, and exists
 * in every deployment (no CloudFormation condition). A VPC made elsewhere, or a subnet eksnet cannot
 * read, could hold what the controller finds, so no finding may rest on it.
 */
export function knownVpc(model: NetworkModel, clusterKey: string | undefined, at: Unresolved['at']): Value<KnownVpc> {
  const index = modelIndex(model);
  const cluster = index.cluster(clusterKey);
  if (!cluster) return unresolved('the manifest is tied to no cluster declared in the workspace', at);
  if (cluster.subnetsIncomplete)
    return unresolved(`the cluster's subnets are not all known (${cluster.subnetsIncomplete})`, at);
  const vpc = clusterVpc(model, cluster);
  if (!vpc) return unresolved(`the VPC of cluster ${cluster.name} is not declared in the workspace`, at);
  const subnets = [...index.subnetsOfVpc(vpc.key)];
  for (const k of cluster.subnets)
    if (!subnets.some((s) => s.key === k))
      return unresolved(`a subnet of cluster ${cluster.name} is not declared in VPC ${vpc.name}`, at);
  if (subnets.length === 0) return unresolved(`VPC ${vpc.name} declares no subnets in the workspace`, at);
  for (const s of subnets) {
    const why = incomplete(s);
    if (why) return unresolved(`subnet ${s.name} of VPC ${vpc.name}: ${why}`, at);
  }
  return known({ cluster, vpcKey: vpc.key, vpcName: vpc.name, subnets }, at);
}

function incomplete(s: Subnet): string | undefined {
  if (s.exists) return `only some deployments create it (${s.exists.when.join(', ')})`;
  if (!s.availabilityZone) return 'its zone is not said';
  if (s.availabilityZone.kind === 'unresolved') return `its zone is not known (${s.availabilityZone.why})`;
  const role = subnetRole(s);
  if (role.kind === 'unresolved') return `whether it is public is not known (${role.why})`;
  if (s.tagsIncomplete) return `its tags are not all known (${s.tagsIncomplete})`;
  for (const tag of Object.values(ROLE_TAG)) {
    const v = s.tags[tag];
    if (v?.kind === 'unresolved') return `its ${tag} tag's value is not known`;
  }
  return undefined;
}

export function zoneOf(s: Subnet): string | undefined {
  return isKnown(s.availabilityZone) ? s.availabilityZone.value : undefined;
}

/** Whether the subnet carries the role tag of the scheme, with a value the controller accepts. */
function hasRoleTag(s: Subnet, scheme: LoadBalancerScheme): boolean {
  return roleTagState(s, scheme) === 'yes';
}

/** Whether the subnet is too small ever to have the free addresses discovery needs. */
export function tooSmall(s: Subnet): boolean {
  const c = cidrValue(s.cidr, 4);
  return !!c && awsUsable(c.cidr) < BigInt(MIN_FREE_ADDRESSES);
}

/** What discovery would do in a completely known VPC. */
export interface Discovery {
  lb: ControllerLoadBalancer;
  scheme: LoadBalancerScheme;
  vpc: KnownVpc;
  /** How candidates were chosen. */
  by: 'tag' | 'reachability' | 'filter';
  /** Candidates that keep enough free addresses, by zone (zones sorted). */
  byZone: Map<string, Subnet[]>;
  needed: number;
  /**
   * Subnets whose reachability fits the scheme, in zones no candidate covers, that the role tag
   * would make candidates (only when candidates come from the role tag).
   */
  wouldQualify: Subnet[];
}

/**
 * Discovery for a load balancer the controller reconciles by discovery (no explicit subnets), in a
 * completely known VPC. Unresolved with the reason otherwise. Free addresses: a subnet whose block
 * cannot hold eight usable addresses is left out; how many addresses running workloads take is not
 * known, so every other subnet counts as having enough.
 */
export function discover(lb: LoadBalancer, model: NetworkModel): Value<Discovery> {
  const anchor = lb.nameAt ?? lb.at;
  const view = controllerView(lb, model);
  if (view.kind === 'unresolved') return view;
  if (view.value.explicit) return unresolved('explicit subnets bypass discovery', anchor);
  const scheme = view.value.scheme;
  if (scheme.kind === 'unresolved') return unresolved(`the scheme is not known (${scheme.why})`, scheme.at);
  const vpc = knownVpc(model, lb.cluster, anchor);
  if (vpc.kind === 'unresolved') return vpc;
  const s = scheme.value;
  const reach = SCHEME_REACHABILITY[s];
  const fits = (x: Subnet) => {
    const r = subnetRole(x);
    return isKnown(r) && r.value === reach;
  };
  let by: Discovery['by'];
  let candidates: Subnet[];
  const filter = view.value.tagFilter;
  if (filter) {
    for (const vs of Object.values(filter))
      for (const v of vs)
        if (v.kind === 'unresolved') return unresolved(`a subnet tag filter is not known (${v.why})`, v.at);
    by = 'filter';
    candidates = vpc.value.subnets.filter((x) => matchesFilter(x, filter));
  } else {
    const tagged = vpc.value.subnets.filter((x) => hasRoleTag(x, s));
    by = tagged.length > 0 ? 'tag' : 'reachability';
    candidates = tagged.length > 0 ? tagged : vpc.value.subnets.filter(fits);
  }
  const byZone = new Map<string, Subnet[]>();
  for (const x of candidates) {
    if (tooSmall(x)) continue;
    const z = zoneOf(x)!;
    byZone.set(z, [...(byZone.get(z) ?? []), x]);
  }
  const sorted = new Map([...byZone].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const wouldQualify =
    by === 'tag'
      ? vpc.value.subnets.filter(
          (x) =>
            fits(x) &&
            !hasRoleTag(x, s) &&
            !tooSmall(x) &&
            !sorted.has(zoneOf(x)!) &&
            // A database or intra subnet would make the zone count, but is not where to put one.
            notForLoadBalancers(x, model) === undefined,
        )
      : [];
  return known(
    {
      lb: view.value,
      scheme: s,
      vpc: vpc.value,
      by,
      byZone: sorted,
      needed: ZONES_NEEDED[view.value.kind],
      wouldQualify,
    },
    anchor,
  );
}

function matchesFilter(s: Subnet, filter: Record<string, Value<string>[]>): boolean {
  return Object.entries(filter).every(([key, values]) => {
    const v = s.tags[key];
    return isKnown(v) && values.some((want) => isKnown(want) && want.value === v.value);
  });
}

/** The subnet the controller picks in a zone: the lowest subnet id, when every id is known. */
export function pickInZone(subnets: readonly Subnet[]): Subnet | undefined {
  if (subnets.length === 1) return subnets[0];
  if (!subnets.every((s) => isKnown(s.subnetId))) return undefined;
  return [...subnets].sort((a, b) =>
    (a.subnetId as Known<string>).value < (b.subnetId as Known<string>).value ? -1 : 1,
  )[0];
}

/** One explicit subnet entry resolved against the VPC: by id (`subnet-…`) or by Name tag. */
export interface ExplicitMatch {
  entry: Known<string>;
  /** The subnets it names (several Name tags may match); empty when none is known. */
  subnets: Subnet[];
  /** True when the VPC's subnets are known well enough to say the entry names none of them. */
  provablyMissing: boolean;
}

/**
 * Resolves explicit subnet entries against the subnets the network declares. An entry starting with
 * `subnet-` is an id, anything else a Name tag (the controller's reading of the annotation). Whether
 * an entry provably names no subnet needs the VPC completely known and every subnet's id (for an
 * id; ids of subnets created by the same deployment are known only after it) or Name tag (for a
 * name) written down.
 */
export function matchExplicit(
  entries: readonly Value<string>[],
  model: NetworkModel,
  vpc: Value<KnownVpc>,
): ExplicitMatch[] {
  const out: ExplicitMatch[] = [];
  const pool = vpc.kind === 'known' ? vpc.value.subnets : model.subnets;
  for (const e of entries) {
    if (e.kind === 'unresolved') continue;
    const isId = e.value.startsWith('subnet-');
    const subnets = isId
      ? pool.filter((s) => isKnown(s.subnetId) && s.subnetId.value === e.value)
      : pool.filter((s) => isKnown(s.tags.Name) && s.tags.Name.value === e.value);
    const provablyMissing =
      subnets.length === 0 &&
      vpc.kind === 'known' &&
      (isId
        ? pool.every((s) => isKnown(s.subnetId))
        : // Tools name the subnets they create (the vpc module, eksctl) with tags eksnet does not
          // model, so a Name is provably absent only when every subnet's Name is written down.
          pool.every((s) => !s.tagsIncomplete && isKnown(s.tags.Name)));
    out.push({ entry: e, subnets, provablyMissing });
  }
  return out;
}
