import { defineRule } from './defineRule';
import { byKey } from '../model/cidrValues';
import { isKnown } from '../model/located';

export default defineRule({
  id: 'cluster-subnets-single-az',
  defaultSeverity: 'error',
  category: 'vpc',
  scope: 'network',
  reads: ['subnets', 'clusters'],
  summary: "An EKS cluster's subnets span fewer than two availability zones.",
  rationale: [
    'EKS requires the subnets given to `CreateCluster` to be in at least two availability zones, so the control plane can place its network interfaces in more than one zone; `CreateCluster` fails with `InvalidParameterException` otherwise, and eksctl refuses the config. A cluster whose subnets are all in one zone also cannot survive that zone failing.',
    '',
    "Add a subnet in a second zone. The check is skipped when any subnet's zone is not known statically, and when the cluster's subnet list is only partly known (`concat([aws_subnet.a.id], var.extra)`): the subnets not known may be in other zones.",
  ].join('\n'),
  messages: {
    singleAz:
      'Cluster {{cluster}} has subnets in only {{count}} availability zone{{s}} ({{zones}}); EKS requires at least two.',
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html',
    'https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const subnets = byKey(ctx.model.subnets);
    for (const cl of ctx.model.clusters) {
      // Two zones are a property of the whole list: a list known only in part proves nothing.
      if (cl.subnetsIncomplete) continue;
      // With no subnets listed the tool creates them, one per zone it is asked for.
      const zoneValues = cl.subnets.length
        ? cl.subnets.map((k) => subnets.get(k)?.availabilityZone)
        : (cl.availabilityZones ?? []);
      if (zoneValues.length === 0 || !zoneValues.every((z) => isKnown(z))) continue;
      const known = zoneValues;
      const zones = [...new Set(known.map((z) => z.value))];
      if (zones.length >= 2) continue;
      ctx.report({
        at: known[0].at,
        messageId: 'singleAz',
        data: { cluster: cl.name, count: zones.length, s: zones.length === 1 ? '' : 's', zones: zones.join(', ') },
        related: known.slice(1, 6).map((z) => ({ at: z.at, message: `Also in ${z.value}.` })),
      });
    }
  },
});
