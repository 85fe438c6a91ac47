import { defineRule } from './defineRule';
import { cidrValue, compareAt, type CidrValue } from '../model/cidrValues';
import { subnetLabel } from '../facts/reachability';
import { findOverlaps } from '../model/overlap';
import type { Subnet } from '../model/types';

interface Item {
  subnet: Subnet;
  c: CidrValue;
}

export default defineRule({
  id: 'subnet-overlap',
  defaultSeverity: 'error',
  category: 'vpc',
  summary: 'Two subnets of the same VPC have overlapping blocks.',
  rationale: [
    'Subnets of one VPC may not share addresses: the second `CreateSubnet` fails with `InvalidSubnet.Conflict`. With eksctl, CloudFormation or Terraform the whole stack or plan stops there, so the cluster and its node groups are never created.',
    '',
    'Adjacent blocks (10.0.0.0/24 and 10.0.1.0/24) do not overlap. Subnets of different VPCs may overlap (only peering cares); subnets whose VPC is unknown are not compared.',
  ].join('\n'),
  messages: {
    overlap:
      '{{Name}} ({{cidr}}) overlaps {{other}} ({{otherCidr}}) in the same VPC; CreateSubnet fails with InvalidSubnet.Conflict.',
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const byVpc = new Map<string, { cidr: CidrValue['cidr']; item: Item }[]>();
    for (const subnet of ctx.model.subnets) {
      if (!subnet.vpc) continue;
      let list = byVpc.get(subnet.vpc);
      if (!list) byVpc.set(subnet.vpc, (list = []));
      for (const [v, family] of [
        [subnet.cidr, 4],
        [subnet.ipv6Cidr, 6],
      ] as const) {
        const c = cidrValue(v, family);
        if (c) list.push({ cidr: c.cidr, item: { subnet, c } });
      }
    }
    for (const list of byVpc.values()) {
      for (const [a, b] of findOverlaps(list)) {
        const [first, second] = compareAt(a.c.value.at, b.c.value.at) <= 0 ? [a, b] : [b, a];
        ctx.report({
          at: second.c.value.at,
          messageId: 'overlap',
          data: {
            Name: cap(subnetLabel(second.subnet)),
            cidr: second.c.cidr.text,
            other: subnetLabel(first.subnet),
            otherCidr: first.c.cidr.text,
          },
          related: [{ at: first.c.value.at, message: `${cap(subnetLabel(first.subnet))} (${first.c.cidr.text}).` }],
        });
      }
    }
  },
});

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
