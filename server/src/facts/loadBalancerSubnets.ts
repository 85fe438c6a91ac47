import { memoOn } from '../base/memo';
import type { EngineSettings } from '../base/settings';
import { isKnown, type Known } from '../model/located';
import { eniConfigIndex, modelIndex } from '../model/lookup';
import type { NetworkModel, Subnet, SubnetTier } from '../model/types';
import { eksVpcKeys } from './eksVpc';
import { ROLE_TAG, SCHEME_REACHABILITY, roleTagState, type LoadBalancerScheme } from './loadBalancer';
import { subnetRole } from './reachability';
import { misspeltRoleKeys } from './roleTagSpelling';

/**
 * Which subnets are meant for load balancers, and which of those the AWS Load Balancer Controller's
 * subnet discovery would leave out for want of a role tag: the one home of that answer for the
 * subnet-role rules and anything else that asks (domain reference 1f;
 * https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/subnet_discovery/).
 */

/**
 * The vpc module's subnet groups made for something else: databases, caches and Redshift get their
 * own subnet groups, intra subnets have no route out (the eks module's examples put the control
 * plane there), and Outpost subnets sit on premises. None of them is where a load balancer goes,
 * so none should be asked to carry a role tag.
 */
const OTHER_PURPOSE: Readonly<Partial<Record<SubnetTier, string>>> = {
  database: 'a database subnet of the vpc module',
  elasticache: 'an ElastiCache subnet of the vpc module',
  redshift: 'a Redshift subnet of the vpc module',
  intra: 'an intra subnet of the vpc module, with no route out of the VPC',
  outpost: 'an Outpost subnet of the vpc module',
};

/**
 * Why a subnet is not meant for load balancers, or undefined when it may be: a vpc module group made
 * for something else, or a subnet whose only use the workspace shows is pods through ENIConfigs
 * (custom networking: named by an ENIConfig, used by no cluster and no node group).
 */
export function notForLoadBalancers(s: Subnet, model: NetworkModel): string | undefined {
  const tier = s.tier && OTHER_PURPOSE[s.tier];
  if (tier) return tier;
  if (!isKnown(s.subnetId)) return undefined;
  if (!eniConfigIndex(model.eniConfigs).bySubnet.has(s.subnetId.value)) return undefined;
  if (usedSubnets(model).has(s.key)) return undefined;
  return 'a subnet for pods only, named by an ENIConfig and used by no cluster or node group';
}

const USED = Symbol('subnets used by clusters and node groups');

/** Subnets a cluster or node group of the model uses, memoised on the model (one per analysis). */
function usedSubnets(model: NetworkModel): ReadonlySet<string> {
  return memoOn(model, USED, () => {
    const out = new Set<string>();
    for (const c of model.clusters) for (const k of c.subnets) out.add(k);
    for (const g of model.nodeGroups) for (const k of g.subnets) out.add(k);
    return out;
  });
}

/**
 * A subnet meant for load balancers of a scheme that discovery leaves out for want of the role tag:
 * `none` when no subnet of its VPC has the tag (the controller before v2.12.1 finds no subnet at
 * all), `zone` when other subnets have it but none in this subnet's zone (the controller then uses
 * tagged subnets only, so the zone is left out), `value` when the subnet has the key with a value
 * the controller does not match (it asks EC2 for the values `1` and empty only).
 */
export interface RoleTagGap {
  subnet: Subnet;
  kind: 'none' | 'zone' | 'value';
  zone?: Known<string>;
  /** For `value`: the value as written. */
  value?: Known<string>;
  /** Subnets of the VPC that carry the tag, for related information. */
  tagged: readonly Subnet[];
}

/**
 * For each EKS VPC (facts/eksVpc.ts), the subnets whose reachability fits the scheme (public for
 * internet-facing, private for internal; facts/reachability.ts),
 * that are meant for load balancers, whose tags are all known and lack the role tag as the
 * controller matches it. A subnet with a misspelt role key for the scheme is left to
 * `subnet-role-tag-misspelt` (one finding per mistake). Which subnets carry the tag is asked of every
 * subnet of the VPC, whatever its reachability or tier, because the controller asks so; a subnet
 * whose tags or tag value are not all known may carry it, so it counts as covering its zone (every
 * zone, when its zone is not known) and no subnet is said to be the VPC's only hope.
 */
export function roleTagGaps(
  model: NetworkModel,
  settings: EngineSettings,
  scheme: LoadBalancerScheme,
): readonly RoleTagGap[] {
  const tag = ROLE_TAG[scheme];
  const index = modelIndex(model);
  const out: RoleTagGap[] = [];
  for (const vpc of eksVpcKeys(model, settings)) {
    const subnets = index.subnetsOfVpc(vpc);
    const states = new Map(subnets.map((s) => [s, roleTagState(s, scheme)]));
    const tagged = subnets.filter((s) => states.get(s) === 'yes');
    const maybe = subnets.filter((s) => states.get(s) === 'maybe');
    const candidates = subnets.filter((s) => {
      const state = states.get(s);
      if (state !== 'no' && state !== 'bad') return false;
      const role = subnetRole(s);
      if (!isKnown(role) || role.value !== SCHEME_REACHABILITY[scheme]) return false;
      if (misspeltRoleKeys(s).some((m) => m.scheme === scheme)) return false;
      return notForLoadBalancers(s, model) === undefined;
    });
    for (const s of candidates)
      if (states.get(s) === 'bad') out.push({ subnet: s, kind: 'value', value: s.tags[tag] as Known<string>, tagged });
    const untagged = candidates.filter((s) => states.get(s) === 'no');
    if (!untagged.length) continue;
    if (!tagged.length && !maybe.length) {
      for (const s of untagged) out.push({ subnet: s, kind: 'none', tagged });
      continue;
    }
    const covers = [...tagged, ...maybe];
    // A covering subnet whose zone is not known may sit in any zone: then no zone is provably left out.
    if (covers.some((s) => !isKnown(s.availabilityZone))) continue;
    const zones = new Set(covers.map((s) => (s.availabilityZone as Known<string>).value));
    for (const s of untagged) {
      const zone = s.availabilityZone;
      if (isKnown(zone) && !zones.has(zone.value)) out.push({ subnet: s, kind: 'zone', zone, tagged });
    }
  }
  return out;
}
