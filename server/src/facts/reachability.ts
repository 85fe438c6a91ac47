import { isKnown, known, unresolved, type Value } from '../model/located';
import type { Subnet, SubnetRoute } from '../model/types';

/**
 * Whether a subnet is public or private: the one answer every rule, hover and output asks for, whatever
 * the source. The VPC user guide calls a subnet public when its route table sends traffic to an internet
 * gateway; like the load balancer controller's subnet discovery, eksnet means the IPv4 default route,
 * 0.0.0.0/0, to an internet gateway (https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html).
 */
export type SubnetRole = 'public' | 'private';

/**
 * The subnet's role: what its source declares (eksctl, the VPC module), else what its routes say.
 * Unresolved, with the reason, when the route table or a route that might be the default route to an
 * internet gateway cannot be known (a gateway passed in as a variable, a table of another stack), so no
 * finding is built on a guess that a subnet is private.
 */
export function subnetRole(s: Subnet): Value<SubnetRole> {
  if (s.declaredRole) return s.declaredRole;
  if (!s.routes) return unresolved('the source does not say which route table the subnet uses', s.nameAt ?? s.at);
  if (s.routes.kind === 'unresolved') return s.routes;
  return roleOfRoutes(s.routes.value, s.routes.at);
}

/** The role as the `model` JSON's `public` field: true, false, or null when it cannot be known. */
export function publicFlag(s: Subnet): boolean | null {
  const role = subnetRole(s);
  return isKnown(role) ? role.value === 'public' : null;
}

/** Public when a route sends 0.0.0.0/0 to an internet gateway; unresolved when an unknown route might. */
function roleOfRoutes(routes: SubnetRoute[], at: Subnet['at']): Value<SubnetRole> {
  let unsure: Value<SubnetRole> | undefined;
  for (const r of routes) {
    const dest = isKnown(r.destination) ? r.destination.value : undefined;
    const target = isKnown(r.target) ? r.target.value : undefined;
    if (dest === '0.0.0.0/0' && target === 'internet-gateway') return known('public', r.at);
    if (dest === '0.0.0.0/0' && target === undefined) {
      const why = r.target.kind === 'unresolved' ? r.target.why : 'unknown';
      unsure ??= unresolved(`the default route's target might be an internet gateway (${why})`, r.target.at);
    } else if (dest === undefined && (target === undefined || target === 'internet-gateway')) {
      unsure ??= unresolved(
        'a route whose destination is known only at deployment might send 0.0.0.0/0 to an internet gateway',
        r.at,
      );
    }
  }
  return unsure ?? known('private', at);
}

/** "public subnet a", "private subnet a" or "subnet a": eksctl names public and private subnets alike. */
export function subnetLabel(s: Subnet): string {
  const role = subnetRole(s);
  return `${isKnown(role) ? `${role.value} ` : ''}subnet ${s.name}`;
}
