import { isKnown } from '../model/located';
import type { Subnet } from '../model/types';
import type { SubnetRole } from './reachability';

/**
 * What the AWS Load Balancer Controller's subnet discovery needs, in one place for every rule, hover
 * and fix that asks (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/subnet_discovery/,
 * domain reference section 1f).
 */
export type LoadBalancerScheme = 'internet-facing' | 'internal';
export type LoadBalancerKind = 'alb' | 'nlb';

/** The subnet tag that makes a subnet a candidate for a scheme; its value is `1` or empty. */
export const ROLE_TAG: Readonly<Record<LoadBalancerScheme, string>> = {
  'internet-facing': 'kubernetes.io/role/elb',
  internal: 'kubernetes.io/role/internal-elb',
};

/** The reachability a subnet needs for a scheme (the v2.12.1+ fallback, and explicit subnets). */
export const SCHEME_REACHABILITY: Readonly<Record<LoadBalancerScheme, SubnetRole>> = {
  'internet-facing': 'public',
  internal: 'private',
};

/** The scheme whose role tag a subnet of this reachability should carry. */
export function schemeForRole(role: SubnetRole): LoadBalancerScheme {
  return role === 'public' ? 'internet-facing' : 'internal';
}

/** How many availability zones a load balancer needs: an ALB two, an NLB one. */
export const ZONES_NEEDED: Readonly<Record<LoadBalancerKind, number>> = { alb: 2, nlb: 1 };

/** Subnets with fewer free addresses than this are left out by discovery. */
export const MIN_FREE_ADDRESSES = 8;

/** Whether a tag value counts as the role tag being set: the controller accepts `1` or empty. */
function roleTagValueAccepted(value: string): boolean {
  return value === '1' || value === '';
}

/**
 * Whether a subnet carries the role tag of a scheme as the controller matches it (`yes`), has the
 * key with a value it does not match (`bad`), may carry it because some tags or the value cannot be
 * read (`maybe`), or does not (`no`). The one answer the subnet-role rules, discovery and the hover
 * ask.
 */
export type RoleTagState = 'yes' | 'maybe' | 'no' | 'bad';

export function roleTagState(s: Subnet, scheme: LoadBalancerScheme): RoleTagState {
  const v = s.tags[ROLE_TAG[scheme]];
  if (!v) return s.tagsIncomplete ? 'maybe' : 'no';
  if (!isKnown(v)) return 'maybe';
  return roleTagValueAccepted(v.value) ? 'yes' : 'bad';
}
