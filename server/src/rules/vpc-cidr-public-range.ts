import { defineRule } from './defineRule';
import { cidrValue } from '../model/cidrValues';
import { isWithin, RFC1918, CGNAT } from '../base/cidr';

export default defineRule({
  id: 'vpc-cidr-public-range',
  defaultSeverity: 'information',
  category: 'vpc',
  scope: 'file',
  reads: ['vpcs'],
  summary: 'A VPC IPv4 block lies outside the private ranges of RFC 1918 and the shared 100.64.0.0/10 range.',
  rationale: [
    'AWS lets a VPC use publicly routable IPv4 space, but the addresses stay private to the VPC: instances and pods in it can no longer reach the real owners of those addresses on the internet, because traffic to them is routed inside the VPC. In EKS this shows up as pods that cannot reach some external API or registry, and it is easy to do by accident with a typo such as `11.0.0.0/16` or `192.169.0.0/16`.',
    '',
    'Use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918), or 100.64.0.0/10 (RFC 6598) for secondary blocks that hold pod addresses. If the public range is yours and intended, turn this rule off.',
  ].join('\n'),
  messages: {
    public:
      'VPC block {{cidr}} is outside RFC 1918 (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) and 100.64.0.0/10; hosts in the VPC cannot reach the internet addresses it shadows.',
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html',
    'https://www.rfc-editor.org/rfc/rfc1918',
    'https://www.rfc-editor.org/rfc/rfc6598',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const vpc of ctx.model.vpcs) {
      for (const v of vpc.cidrs) {
        const c = cidrValue(v, 4);
        // bounded spread: the three RFC 1918 blocks.
        if (c && !isWithin(c.cidr, ...RFC1918, CGNAT))
          ctx.report({ at: c.value.at, messageId: 'public', data: { cidr: c.cidr.text } });
      }
    }
  },
});
