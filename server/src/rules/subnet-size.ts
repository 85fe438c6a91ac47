import { defineRule } from './defineRule';
import { cidrValue } from '../model/cidrValues';

export default defineRule({
  id: 'subnet-size',
  defaultSeverity: 'error',
  category: 'vpc',
  scope: 'file',
  reads: ['subnets'],
  summary: 'An IPv4 subnet is larger than /16 or smaller than /28, or an IPv6 subnet is not a /64.',
  rationale: [
    'AWS creates IPv4 subnets from /16 to /28 and IPv6 subnets of exactly /64; anything else fails `CreateSubnet`, which stops the stack or plan that creates the cluster.',
    '',
    'For EKS, size subnets for pods, not just nodes: with the VPC CNI every pod takes a subnet address, so a /28 (11 usable addresses) fills after a handful of pods.',
  ].join('\n'),
  messages: {
    ipv4: 'Subnet {{cidr}} is a /{{prefix}}; AWS accepts IPv4 subnets from /16 to /28.',
    ipv6: 'Subnet IPv6 block {{cidr}} is a /{{prefix}}; AWS IPv6 subnets are /64.',
  },
  references: ['https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html'],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const s of ctx.model.subnets) {
      const c4 = cidrValue(s.cidr, 4);
      if (c4 && (c4.cidr.prefix < 16 || c4.cidr.prefix > 28))
        ctx.report({ at: c4.value.at, messageId: 'ipv4', data: { cidr: c4.cidr.text, prefix: c4.cidr.prefix } });
      const c6 = cidrValue(s.ipv6Cidr, 6);
      if (c6 && c6.cidr.prefix !== 64)
        ctx.report({ at: c6.value.at, messageId: 'ipv6', data: { cidr: c6.cidr.text, prefix: c6.cidr.prefix } });
    }
  },
});
