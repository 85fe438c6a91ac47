import { defineRule } from './defineRule';
import { allVpcBlocks, blockLabel, byKey, cidrValue } from '../model/cidrValues';
import { contains, overlaps } from '../base/cidr';
import { moveToFree } from './shared/moveToFree';

export default defineRule({
  id: 'subnet-outside-vpc',
  defaultSeverity: 'error',
  category: 'vpc',
  scope: 'network',
  reads: ['vpcs', 'subnets'],
  summary: "A subnet's block lies inside none of its VPC's blocks, primary or secondary.",
  rationale: [
    'A subnet must fit entirely inside one block of its VPC. `CreateSubnet` fails with `InvalidSubnet.Range` otherwise, and since subnets are usually created in the same stack or plan as the cluster, the cluster and its node groups are never created either.',
    '',
    "Secondary blocks count: a subnet in 100.64.0.0/16 is valid when the VPC has that secondary block. The check is skipped when any of the VPC's blocks is not known statically.",
    '',
    "The quick fix moves the subnet to the first free block of the same size in the VPC's blocks (primary first), free of every other subnet of the VPC; it is offered when every subnet block of the VPC is known and the block is written as a literal (replaced) or as Terraform `cidrsubnet(prefix, newbits, netnum)` with literal numbers in a root-module block of one instance, or as CloudFormation `Fn::Select [i, Fn::Cidr [block, count, bits]]` with a literal index (the netnum or index is rewritten, when the free block is one the call can give). `eksnet map` draws the VPC's free space.",
  ].join('\n'),
  messages: {
    outside:
      'Subnet {{cidr}} is not inside any block of its VPC, so CreateSubnet fails with InvalidSubnet.Range. The VPC has: {{blocks}}.',
    straddles:
      'Subnet {{cidr}} straddles the edge of VPC block {{block}}; a subnet must lie entirely inside one block of its VPC.',
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
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const vpcs = byKey(ctx.model.vpcs);
    const move = moveToFree(ctx.model);
    for (const s of ctx.model.subnets) {
      const vpc = s.vpc ? vpcs.get(s.vpc) : undefined;
      if (!vpc) continue;
      for (const [value, family] of [
        [s.cidr, 4],
        [s.ipv6Cidr, 6],
      ] as const) {
        const c = cidrValue(value, family);
        const blocks = allVpcBlocks(vpc, family);
        // No block of that family written down: the builder could not tell, so neither can we.
        if (!c || !blocks || blocks.length === 0) continue;
        if (blocks.some((b) => contains(b.cidr, c.cidr))) continue;
        const partial = blocks.find((b) => overlaps(b.cidr, c.cidr));
        if (partial) {
          ctx.report({
            at: c.value.at,
            messageId: 'straddles',
            data: { cidr: c.cidr.text, block: partial.cidr.text },
            related: [{ at: partial.value.at, message: `VPC block ${blockLabel(vpc, partial)}.` }],
            fixes: move(vpc.key, s, c),
          });
        } else {
          ctx.report({
            at: c.value.at,
            messageId: 'outside',
            data: { cidr: c.cidr.text, blocks: blocks.map((b) => blockLabel(vpc, b)).join(', ') },
            related: blocks.slice(0, 5).map((b) => ({ at: b.value.at, message: `VPC block ${blockLabel(vpc, b)}.` })),
            fixes: move(vpc.key, s, c),
          });
        }
      }
    }
  },
});
