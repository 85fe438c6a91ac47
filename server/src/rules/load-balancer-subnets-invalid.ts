import { defineRule } from './defineRule';
import { controllerView, knownVpc, matchExplicit, zoneOf } from '../facts/subnetDiscovery';
import { subnetRole } from '../facts/reachability';
import { ZONES_NEEDED, schemeForRole } from '../facts/loadBalancer';
import { isKnown } from '../model/located';
import { LB_RATIONALE_FACTS, LB_REFERENCES, lbLabel, scopeNote, zoneCount } from './shared/loadBalancerDocs';

export default defineRule({
  id: 'load-balancer-subnets-invalid',
  defaultSeverity: 'error',
  category: 'kubernetes',
  scope: 'network',
  reads: ['loadBalancers', 'ingressClasses', 'clusters', 'vpcs', 'subnets'],
  summary:
    "The explicit subnets of a Service or Ingress name a subnet the cluster's VPC does not have, a private subnet for an internet-facing load balancer, two subnets in one zone, or fewer zones than the load balancer needs.",
  rationale: [
    'Explicit subnets (`service.beta.kubernetes.io/aws-load-balancer-subnets`, `alb.ingress.kubernetes.io/subnets`, IngressClassParams `spec.subnets.ids`) bypass discovery, so the controller uses exactly what they say. A subnet that does not exist, or that sits in another VPC, fails the reconcile; an internet-facing load balancer in a private subnet is created but unreachable from the internet (no route to an internet gateway); a load balancer takes one subnet per zone, so two subnets in one zone are rejected; and an ALB whose subnets cover one zone is refused.',
    '',
    LB_RATIONALE_FACTS,
    '',
    '**When the rule speaks.** Only for a Service or Ingress the controller reconciles and that is tied to one cluster (see `load-balancer-no-subnets`). An entry is matched against the subnets of the workspace by subnet id (entries starting with `subnet-`) or by Name tag. "Does not exist" needs the cluster\'s VPC completely known (as `load-balancer-no-subnets` defines it) and every subnet\'s id (for an id entry; ids of subnets made in the same deployment are known only after it) or Name tag (for a name entry; eksctl and the vpc module name the subnets they create with tags eksnet does not model) written down. Reachability, zones and pairs are judged on the entries matched to one subnet each, with known reachability and zone; the zone count only when every entry is so matched. An internal load balancer in a public subnet works and is not reported.',
    '',
    'Each finding sits on the offending entry of the annotation value (or of the IngressClassParams list); the zone count sits on the whole value.',
  ].join('\n'),
  messages: {
    missing: 'Subnet `{{entry}}` is not among the subnets of VPC {{vpc}}, the VPC of cluster {{cluster}}: {{how}}.',
    private:
      'Subnet `{{entry}}` ({{subnet}}) is private, but {{object}} {{name}} asks for an internet-facing load balancer: it would have no route from the internet.',
    sameZone:
      'Subnets `{{first}}` and `{{entry}}` are both in {{zone}}: a load balancer takes one subnet per availability zone.',
    fewZones: 'The subnets of {{object}} {{name}} cover only {{zones}}, but an {{kind}} needs {{needed}}.',
  },
  references: LB_REFERENCES,
  sources: ['kubernetes', 'eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const lb of ctx.model.loadBalancers) {
      if (lb.cluster === undefined) continue;
      const view = controllerView(lb, ctx.model);
      if (view.kind === 'unresolved' || !view.value.explicit) continue;
      const { explicit, kind, scheme } = view.value;
      const label = lbLabel(lb);
      const scope = scopeNote(lb, ctx.model);
      const vpc = knownVpc(ctx.model, lb.cluster, lb.nameAt ?? lb.at);
      const matches = matchExplicit(explicit.entries, ctx.model, vpc);
      const firstInZone = new Map<string, string>();
      const zones = new Set<string>();
      let allMatched = explicit.entries.every((e) => e.kind === 'known');
      for (const m of matches) {
        const e = m.entry;
        if (m.provablyMissing && vpc.kind === 'known') {
          ctx.report({
            at: e.at,
            messageId: 'missing',
            data: {
              entry: e.value,
              vpc: vpc.value.vpcName,
              cluster: vpc.value.cluster.name,
              how: e.value.startsWith('subnet-') ? 'no subnet there has this id' : 'no subnet there has this Name tag',
            },
            related: scope,
          });
          allMatched = false;
          continue;
        }
        if (m.subnets.length !== 1) {
          allMatched = false;
          continue;
        }
        const s = m.subnets[0];
        const role = subnetRole(s);
        // The reachability serves the other scheme; only an internet-facing load balancer in a private
        // subnet is broken (an internal one in a public subnet works).
        if (
          isKnown(scheme) &&
          scheme.value === 'internet-facing' &&
          isKnown(role) &&
          schemeForRole(role.value) !== scheme.value
        )
          ctx.report({
            at: e.at,
            messageId: 'private',
            data: { entry: e.value, subnet: s.name, ...label },
            related: [{ at: s.nameAt ?? s.at, message: `subnet ${s.name} is private` }, ...scope],
          });
        const zone = zoneOf(s);
        if (zone === undefined) {
          allMatched = false;
          continue;
        }
        const first = firstInZone.get(zone);
        if (first !== undefined) ctx.report({ at: e.at, messageId: 'sameZone', data: { first, entry: e.value, zone } });
        else firstInZone.set(zone, e.value);
        zones.add(zone);
      }
      const needed = ZONES_NEEDED[kind];
      if (allMatched && zones.size > 0 && zones.size < needed) {
        const at = explicit.from === 'annotation' && lb.subnets ? lb.subnets.value.at : explicit.entries[0].at;
        ctx.report({
          at,
          messageId: 'fewZones',
          data: { ...label, zones: [...zones].sort().join(', '), kind: kind.toUpperCase(), needed: zoneCount(needed) },
        });
      }
    }
  },
});
