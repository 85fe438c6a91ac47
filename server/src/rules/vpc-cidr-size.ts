import { defineRule } from './defineRule';
import { cidrValue } from '../model/cidrValues';

export default defineRule({
  id: 'vpc-cidr-size',
  defaultSeverity: 'error',
  category: 'vpc',
  scope: 'file',
  reads: ['vpcs'],
  summary: 'A VPC IPv4 block is larger than /16 or smaller than /28, or a VPC IPv6 block is not a /56.',
  rationale: [
    'AWS accepts IPv4 VPC blocks, primary and secondary, only from /16 (65,536 addresses) to /28 (16 addresses), and Amazon-provided IPv6 VPC blocks are always /56. A `10.0.0.0/8` VPC or a `/29` secondary block fails `CreateVpc` or `AssociateVpcCidrBlock`, so the stack or plan stops before any subnet exists.',
    '',
    'For an EKS cluster that needs more than a /16, add secondary blocks (for example from 100.64.0.0/10) instead of one larger block.',
  ].join('\n'),
  messages: {
    ipv4: 'VPC block {{cidr}} is a /{{prefix}}; AWS accepts IPv4 VPC blocks from /16 to /28{{hint}}.',
    ipv6: 'VPC IPv6 block {{cidr}} is a /{{prefix}}; AWS VPC IPv6 blocks are /56.',
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const vpc of ctx.model.vpcs) {
      for (const v of vpc.cidrs) {
        const c = cidrValue(v, 4);
        if (!c || (c.cidr.prefix >= 16 && c.cidr.prefix <= 28)) continue;
        const hint = c.cidr.prefix < 16 ? ': split the space into /16 blocks and add them as secondary CIDRs' : '';
        ctx.report({ at: c.value.at, messageId: 'ipv4', data: { cidr: c.cidr.text, prefix: c.cidr.prefix, hint } });
      }
      for (const v of vpc.ipv6Cidrs) {
        const c = cidrValue(v, 6);
        if (c && c.cidr.prefix !== 56)
          ctx.report({ at: c.value.at, messageId: 'ipv6', data: { cidr: c.cidr.text, prefix: c.cidr.prefix } });
      }
    }
  },
});
