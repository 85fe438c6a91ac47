import type { Subnet, TagKey } from '../model/types';
import { isKnown } from '../model/located';
import { ROLE_TAG, schemeForRole, type LoadBalancerScheme } from './loadBalancer';
import { subnetRole } from './reachability';

/**
 * Tag keys written for a load-balancer role but spelt otherwise than the controller reads them. The
 * AWS Load Balancer Controller (and the legacy in-tree controller) look the role tags up by their
 * exact keys (`kubernetes.io/role/elb`, `kubernetes.io/role/internal-elb`; ROLE_TAG), so
 * `kubernetes.io/role/private-elb`, `kubernetes.io/role/internal_elb`, `Kubernetes.io/Role/ELB` or
 * `role/elb` tag nothing. A key counts as meant for a role when its last segment names a load
 * balancer and what comes before names the role prefix, both allowing the slips people make (case,
 * `_` for `-`, a letter or two, a missing or mangled `kubernetes.io/`), and no more: other
 * `kubernetes.io/` keys (`kubernetes.io/cluster/x`, `kubernetes.io/role/node`) never match.
 */
export function intendedRoleKey(key: string): LoadBalancerScheme | 'either' | undefined {
  if (key === ROLE_TAG.internal || key === ROLE_TAG['internet-facing']) return undefined;
  const k = key.trim().toLowerCase().replace(/_/g, '-').replace(/\s+/g, '');
  const slash = k.lastIndexOf('/');
  if (slash < 0 || !rolePrefix(k.slice(0, slash))) return undefined;
  return schemeOfWord(k.slice(slash + 1));
}

/** A misspelt role key on a subnet: where it is written and the key it was meant to be. */
export interface MisspeltRoleKey {
  key: string;
  scheme: LoadBalancerScheme;
  intended: string;
  written?: TagKey;
}

/**
 * The subnet's tag keys meant for a role and misspelt, for roles whose real key the subnet does not
 * also carry (with the real key present, the slip tags nothing that is missing).
 */
export function misspeltRoleKeys(s: Subnet): MisspeltRoleKey[] {
  const out: MisspeltRoleKey[] = [];
  for (const key of Object.keys(s.tags)) {
    const meant = intendedRoleKey(key);
    if (!meant) continue;
    // A key that names no scheme (`kubernetes.io/role/alb`) was meant for the one the subnet's
    // reachability serves; internet-facing when that is not known, as `elb` is the nearer key.
    const role = meant === 'either' ? subnetRole(s) : undefined;
    const scheme = meant !== 'either' ? meant : isKnown(role) ? schemeForRole(role.value) : 'internet-facing';
    if (ROLE_TAG[scheme] in s.tags) continue;
    out.push({ key, scheme, intended: ROLE_TAG[scheme], ...(s.tagKeys?.[key] ? { written: s.tagKeys[key] } : {}) });
  }
  return out;
}

/** `kubernetes.io/role` within a few slips, or the role segment alone (`role/elb`, `k8s.io/role/elb`). */
function rolePrefix(p: string): boolean {
  if (/^(k8s(\.io)?\/)?roles?$/.test(p)) return true;
  return distance(p, 'kubernetes.io/role') <= 3;
}

/**
 * Internal when the word says internal or private, internet-facing when it says external, public or
 * `elb`, either when it names a load balancer and no scheme (`alb`, `nlb`, `lb`).
 */
function schemeOfWord(w: string): LoadBalancerScheme | 'either' | undefined {
  // The words first: `external-elb` is two letters from `internal-elb` but means the other scheme.
  if (/^(external|public|internet)(-?facing)?(-?[aen]?lb)?$/.test(w)) return 'internet-facing';
  if (/internal|private/.test(w) || distance(w, 'internal-elb') <= 2 || /^i-?[ae]?lb$/.test(w)) return 'internal';
  if (w === 'elb') return 'internet-facing';
  if (distance(w, 'elb') <= 1) return 'either';
  return undefined;
}

/** Levenshtein distance, for the short keys compared here. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length];
}
