import { defineRule } from './defineRule';
import { coexist, whenAll } from '../model/scenarios';
import { allVpcBlocks, blockLabel, cidrValue, clusterVpc, type CidrValue } from '../model/cidrValues';
import { modelIndex } from '../model/lookup';
import { subnetLabel } from '../facts/reachability';
import { cidrOf, contains, overlaps, type Cidr } from '../base/cidr';
import { isKnown } from '../model/located';
import type { Subnet } from '../model/types';
import { groupRelated } from './shared/groups';

const TEN = cidrOf('10.0.0.0/8');
const DEFAULT_10 = cidrOf('10.100.0.0/16');
const DEFAULT_172 = cidrOf('172.20.0.0/16');

export default defineRule({
  id: 'service-cidr-overlap',
  defaultSeverity: 'error',
  category: 'cidr',
  scope: 'network',
  reads: ['vpcs', 'subnets', 'clusters'],
  summary: "The cluster's service CIDR, or the one EKS picks when none is set, overlaps a block or subnet of its VPC.",
  rationale: [
    'Service addresses are virtual: kube-proxy rewrites traffic to them on every node. When the service range overlaps the VPC, a pod talking to a real VPC address in that range (a node, a database, a load balancer) is captured by a service rule or dropped, and EKS refuses a `serviceIpv4Cidr` that overlaps the VPC block.',
    '',
    'When no service CIDR is set, EKS picks 10.100.0.0/16, or 172.20.0.0/16 when any VPC block lies in 10.0.0.0/8; that default is checked too. Set an explicit, non-overlapping `serviceIpv4Cidr` at cluster creation (it cannot be changed later).',
    '',
    'A CloudFormation subnet under a `Condition` that no deployment of the cluster shares (see docs/limits.md) is not compared, and a finding that holds only in some deployments names the conditions ("when IsProd is true").',
  ].join('\n'),
  messages: {
    explicit:
      'Service CIDR {{cidr}} overlaps {{what}} {{other}}{{when}}; service traffic and VPC traffic to those addresses collide.',
    explicitMany:
      'Service CIDR {{cidr}} overlaps {{count}} blocks and subnets of its VPC; service traffic and VPC traffic to those addresses collide.',
    implicit:
      '{{What}} {{cidr}} overlaps {{service}}, the service CIDR EKS picks for cluster {{cluster}} when none is set; set a service CIDR that avoids the VPC.',
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/create-cluster.html',
    'https://github.com/aws/containers-roadmap/issues/216',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    // Subnets by VPC once, not once per cluster: a workspace may hold many clusters and subnets.
    const subnetsOf = new Map<string, Subnet[]>();
    for (const s of ctx.model.subnets) {
      if (!s.vpc) continue;
      let list = subnetsOf.get(s.vpc);
      if (!list) subnetsOf.set(s.vpc, (list = []));
      list.push(s);
    }
    for (const cl of ctx.model.clusters) {
      if (isKnown(cl.ipFamily) && cl.ipFamily.value === 'ipv6') continue;
      const vpc = clusterVpc(ctx.model, cl);
      if (!vpc) continue;
      const blocks = allVpcBlocks(vpc, 4);
      const targets: { what: string; c: CidrValue; label?: string; subnet?: Subnet }[] = (blocks ?? []).map((c) => ({
        what: 'VPC block',
        c,
        label: blockLabel(vpc, c),
      }));
      for (const s of modelIndex(ctx.model).subnetsOfVpc(vpc.key)) {
        // A CloudFormation subnet no deployment creates together with the cluster is no target.
        if (!coexist(cl, s)) continue;
        const c = cidrValue(s.cidr, 4);
        if (c) targets.push({ what: subnetLabel(s), c, subnet: s });
      }
      if (cl.serviceIpv4Cidr) {
        const svc = cidrValue(cl.serviceIpv4Cidr, 4);
        if (!svc) continue;
        // A subnet inside an overlapping VPC block says nothing new; report the block only.
        const hits = targets.filter((t) => overlaps(t.c.cidr, svc.cidr));
        const blockHits = hits.filter((h) => h.what === 'VPC block');
        const shown = hits.filter(
          (t) => t.what === 'VPC block' || !blockHits.some((h) => contains(h.c.cidr, t.c.cidr)),
        );
        const related = (t: (typeof shown)[number]) => ({
          at: t.c.value.at,
          message: `${cap(t.what)} ${t.label ?? t.c.cidr.text}.`,
        });
        // Every overlap is at the same place (the service CIDR), so several are one finding.
        if (shown.length === 1) {
          const t = shown[0];
          const when = whenAll(t.subnet ? [cl, t.subnet] : [cl]);
          ctx.report({
            at: svc.value.at,
            messageId: 'explicit',
            data: {
              cidr: svc.cidr.text,
              what: t.what,
              other: t.label ?? t.c.cidr.text,
              when: when ? ` when ${when}` : '',
            },
            related: [related(t)],
          });
        } else if (shown.length > 1) {
          ctx.report({
            at: svc.value.at,
            messageId: 'explicitMany',
            data: { cidr: svc.cidr.text, count: shown.length },
            related: groupRelated(shown, related, svc.value.at, 'blocks and subnets'),
          });
        }
        continue;
      }
      // The default depends on every VPC block, so it is only worked out when all are known.
      if (!blocks || blocks.length === 0) continue;
      const svc: Cidr = blocks.some((b) => contains(TEN, b.cidr)) ? DEFAULT_172 : DEFAULT_10;
      for (const t of targets.filter((x) => x.what === 'VPC block' && overlaps(x.c.cidr, svc))) {
        ctx.report({
          at: t.c.value.at,
          messageId: 'implicit',
          data: { What: 'VPC block', cidr: t.label ?? t.c.cidr.text, service: svc.text, cluster: cl.name },
          related: [{ at: cl.at, message: `Cluster ${cl.name} sets no service CIDR.` }],
        });
      }
    }
  },
});

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
