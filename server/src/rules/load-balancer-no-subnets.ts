import { defineRule } from './defineRule';
import { discover, zoneOf } from '../facts/subnetDiscovery';
import { ROLE_TAG, SCHEME_REACHABILITY } from '../facts/loadBalancer';
import type { Subnet } from '../model/types';
import { LB_RATIONALE_FACTS, LB_REFERENCES, lbLabel, scopeNote, zoneCount } from './shared/loadBalancerDocs';

export default defineRule({
  id: 'load-balancer-no-subnets',
  defaultSeverity: 'error',
  category: 'kubernetes',
  scope: 'network',
  reads: ['loadBalancers', 'ingressClasses', 'clusters', 'vpcs', 'subnets'],
  summary:
    'The subnets the AWS Load Balancer Controller would discover for a Service or Ingress span fewer availability zones than its load balancer needs.',
  rationale: [
    'A Service of type `LoadBalancer` or an Ingress that the AWS Load Balancer Controller reconciles gets its subnets by discovery unless it names them. When the subnets discovery finds span fewer zones than the load balancer needs (an ALB two, an NLB one), the Service stays `Pending` and the Ingress gets no address; the controller logs "unable to resolve at least one subnet" or "subnets must span at least 2 availability zones". The usual cause is partial tagging: the role tag sits on the public subnet of one zone only, so the untagged subnet of the second zone is never a candidate, even though it is public.',
    '',
    LB_RATIONALE_FACTS,
    '',
    "**When the rule speaks.** Only for a Service or Ingress tied to one cluster (the cluster scope of aws-node manifests: the `eksnet.clusterScopes` setting, the kustomize overlays that deploy it, or the one cluster declared under its nearest folder), and only when the workspace knows that cluster's VPC completely: the cluster and its VPC are declared in the workspace, the cluster's subnet list is wholly known, and every subnet of the VPC has a known zone, a known reachability, readable tags and exists in every deployment. A VPC made elsewhere, a subnet passed in by id, or a route whose target is unknown makes the rule silent, since a subnet eksnet cannot see could be the one the controller finds. Services the in-tree cloud provider reconciles (no `aws-load-balancer-type: external` / `nlb-ip` annotation and no `service.k8s.aws/nlb` class) are not judged: its discovery differs. A load balancer with explicit subnets is `load-balancer-subnets-invalid`'s business.",
    '',
    "The finding sits on the object's `metadata.name`; related information points at each subnet discovery found and at each subnet the role tag would add. The quick fix adds the role tag (value `1`) to an untagged subnet of the right reachability in a zone no candidate covers, in the file that declares that subnet.",
  ].join('\n'),
  messages: {
    tooFewZones:
      '{{object}} {{name}} needs an {{kind}} in {{needed}}, but the {{scheme}} subnets the AWS Load Balancer Controller would discover in VPC {{vpc}} cover {{found}}.{{hint}}',
  },
  fixes: {
    addTag: {
      title: 'Add tag {{tag}}=1 to subnet {{subnet}} ({{zone}})',
      safe: false,
      why: "Which subnet of a zone should hold load balancers is the team's choice, and a tagged subnet becomes a candidate for every load balancer of that scheme.",
    },
  },
  references: LB_REFERENCES,
  sources: ['kubernetes', 'eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const lb of ctx.model.loadBalancers) {
      if (lb.cluster === undefined) continue;
      const d = discover(lb, ctx.model);
      if (d.kind === 'unresolved') continue;
      const { byZone, needed, scheme, wouldQualify, by } = d.value;
      if (byZone.size >= needed) continue;
      const tag = ROLE_TAG[scheme];
      const found = byZone.size === 0 ? 'no zone' : `only ${[...byZone].map(([z, ss]) => zoneWith(z, ss)).join(', ')}`;
      let hint = '';
      if (by === 'tag' && wouldQualify.length > 0)
        hint = ` With \`${tag}\` on ${names(wouldQualify)} they would also cover ${zones(wouldQualify)}.`;
      else if (by === 'reachability')
        hint = ` No subnet carries \`${tag}\`, so v2.12.1+ falls back to the ${SCHEME_REACHABILITY[scheme]} subnets; older controllers and the in-tree controller find none.`;
      else if (by === 'filter') hint = ' Only subnets matching the IngressClassParams tag filter are candidates.';
      const perZone = new Map<string, Subnet>();
      for (const s of wouldQualify) if (s.editAt && !perZone.has(zoneOf(s)!)) perZone.set(zoneOf(s)!, s);
      ctx.report({
        at: lb.nameAt ?? lb.at,
        messageId: 'tooFewZones',
        data: {
          ...lbLabel(lb),
          kind: d.value.lb.kind.toUpperCase(),
          needed: zoneCount(needed),
          scheme,
          vpc: d.value.vpc.vpcName,
          found,
          hint,
        },
        related: [
          ...scopeNote(lb, ctx.model),
          ...[...byZone.values()].flat().map((s) => ({
            at: s.nameAt ?? s.at,
            message: `discovered: subnet ${s.name} (${zoneOf(s)})`,
          })),
          ...wouldQualify.map((s) => ({
            at: s.nameAt ?? s.at,
            message: `would qualify with \`${tag}\`: subnet ${s.name} (${zoneOf(s)})`,
          })),
        ],
        fixes: [...perZone].map(([zone, s]) => ({
          fixId: 'addTag' as const,
          data: { tag, subnet: s.name, zone },
          changes: [{ kind: 'addEntry' as const, container: { tagsOf: s.editAt! }, key: tag, value: '1' }],
        })),
      });
    }
  },
});

/** "us-east-1a (public-a)", or the zone alone when the subnet is named after it (eksctl). */
function zoneWith(zone: string, ss: readonly Subnet[]): string {
  const named = ss.filter((s) => s.name !== zone);
  return named.length === 0 ? zone : `${zone} (${names(named)})`;
}

function names(ss: readonly Subnet[]): string {
  return ss.map((s) => s.name).join(', ');
}

function zones(ss: readonly Subnet[]): string {
  return [...new Set(ss.map((s) => zoneOf(s)!))].sort().join(', ');
}
