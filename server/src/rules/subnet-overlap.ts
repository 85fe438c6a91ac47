import { defineRule } from './defineRule';
import { cidrValue, compareAt, type CidrValue } from '../model/cidrValues';
import { subnetLabel } from '../facts/reachability';
import { overlapGroups } from '../model/overlap';
import type { Subnet } from '../model/types';
import { groupRelated } from './shared/groups';
import { moveToFree } from './shared/moveToFree';
import { coexisting } from './shared/coexisting';
import { whenAll } from '../model/scenarios';

interface Item {
  subnet: Subnet;
  c: CidrValue;
}

export default defineRule({
  id: 'subnet-overlap',
  defaultSeverity: 'error',
  category: 'vpc',
  scope: 'network',
  reads: ['vpcs', 'subnets'],
  summary: 'Two subnets of the same VPC have overlapping blocks.',
  rationale: [
    'Subnets of one VPC may not share addresses: the second `CreateSubnet` fails with `InvalidSubnet.Conflict`. With eksctl, CloudFormation or Terraform the whole stack or plan stops there, so the cluster and its node groups are never created.',
    '',
    'Adjacent blocks (10.0.0.0/24 and 10.0.1.0/24) do not overlap. Subnets of different VPCs may overlap (only peering cares); subnets whose VPC is unknown are not compared.',
    '',
    'Three or more subnets whose blocks overlap, directly or through one another, are one finding on the subnet declared last, listing the others.',
    '',
    'CloudFormation subnets under a `Condition` are compared only when some deployment creates both (conditions are read over the parameter values that can occur, not the defaults; see docs/limits.md), and the finding names the conditions when only some deployments have the overlap ("when IsProd is true").',
    '',
    "The quick fix moves the subnet declared last to the first free block of the same size in the VPC's blocks (primary first), free of every other subnet of the VPC; it is offered when every subnet block of the VPC is known and the block is written as a literal (replaced) or as Terraform `cidrsubnet(prefix, newbits, netnum)` with literal numbers in a root-module block of one instance, or as CloudFormation `Fn::Select [i, Fn::Cidr [block, count, bits]]` with a literal index (the netnum or index is rewritten, when the free block is one the call can give). `eksnet map` draws the VPC's free space.",
  ].join('\n'),
  messages: {
    overlap:
      '{{Name}} ({{cidr}}) overlaps {{other}} ({{otherCidr}}) in the same VPC{{when}}; CreateSubnet fails with InvalidSubnet.Conflict.',
    group:
      '{{Name}} ({{cidr}}) is one of {{count}} subnets of the same VPC whose blocks overlap{{when}}; CreateSubnet fails with InvalidSubnet.Conflict for each one that overlaps a subnet created before it.',
  },
  fixes: {
    moveToFree: {
      title: 'Move to a free /{{prefix}}: {{cidr}}',
      safe: false,
      why: 'Where the subnet goes is a choice for the author: the first free block is one of several, other subnets may be moved to it by their own fixes, and addresses that routes, security groups or IPAM plans refer to change with it.',
    },
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const move = moveToFree(ctx.model);
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
    const describe = (x: Item) => `${cap(subnetLabel(x.subnet))} (${x.c.cidr.text}).`;
    for (const list of byVpc.values()) {
      for (const group of overlapGroups(list).flatMap((g) => coexisting(g, (x) => x.subnet))) {
        // The subnet declared last is the one whose creation fails for certain.
        const members = [...group].sort((a, b) => compareAt(a.c.value.at, b.c.value.at));
        const last = members.pop()!;
        const when = whenAll(group.map((m) => m.subnet));
        const data = { Name: cap(subnetLabel(last.subnet)), cidr: last.c.cidr.text, when: when ? ` when ${when}` : '' };
        const fixes = move(last.subnet.vpc!, last.subnet, last.c);
        if (members.length === 1) {
          const first = members[0];
          ctx.report({
            at: last.c.value.at,
            messageId: 'overlap',
            data: { ...data, other: subnetLabel(first.subnet), otherCidr: first.c.cidr.text },
            related: [{ at: first.c.value.at, message: describe(first) }],
            fixes,
          });
          continue;
        }
        ctx.report({
          at: last.c.value.at,
          messageId: 'group',
          data: { ...data, count: group.length },
          related: groupRelated(
            members,
            (m) => ({ at: m.c.value.at, message: describe(m) }),
            last.c.value.at,
            'overlapping subnets',
          ),
          fixes,
        });
      }
    }
  },
});

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
