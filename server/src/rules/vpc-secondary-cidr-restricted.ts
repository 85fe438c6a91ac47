import { defineRule } from './defineRule';
import { cidrValue, blockLabel, type CidrValue } from '../model/cidrValues';
import { secondaryCidrRestriction } from '../base/cidr';

export default defineRule({
  id: 'vpc-secondary-cidr-restricted',
  defaultSeverity: 'error',
  category: 'vpc',
  scope: 'file',
  reads: ['vpcs'],
  summary: "A secondary VPC block comes from a range AWS refuses to associate given the VPC's other blocks.",
  rationale: [
    'AWS restricts which secondary IPv4 blocks a VPC may add, depending on the ranges it already uses: a VPC in 10.0.0.0/8 cannot add 172.16.0.0/12 or 192.168.0.0/16 space (nor 198.19.0.0/16), a VPC in 172.16.0.0/12 cannot add 172.31.0.0/16, a VPC in public space cannot add RFC 1918 space, and 169.254.0.0/16 is never allowed. `AssociateVpcCidrBlock` fails, so custom-networking or extra-capacity plans built on that block never get their subnets.',
    '',
    'For pod address space in an RFC 1918 VPC, 100.64.0.0/10 is always permitted. Blocks are checked in declaration order against the ones before them, which is the order they are associated in.',
  ].join('\n'),
  messages: {
    restricted: '{{reason}}',
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html#add-cidr-block-restrictions',
    'https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network.html',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const vpc of ctx.model.vpcs) {
      const before: CidrValue[] = [];
      vpc.cidrs.forEach((v, i) => {
        const c = cidrValue(v, 4);
        if (i > 0 && c) {
          const r = secondaryCidrRestriction(
            before.map((b) => b.cidr),
            c.cidr,
          );
          if (r.restricted) {
            const other = before.find((b) => b.cidr.text === r.conflictsWith);
            ctx.report({
              at: c.value.at,
              messageId: 'restricted',
              data: { reason: r.reason ?? '' },
              related: other
                ? [{ at: other.value.at, message: `${blockLabel(vpc, other)} is already a block of this VPC.` }]
                : [],
            });
          }
        }
        if (c) before.push(c);
      });
    }
  },
});
