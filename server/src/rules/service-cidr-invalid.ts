import { defineRule } from './defineRule';
import { cidrValue } from '../model/cidrValues';
import { isWithin, RFC1918 } from '../base/cidr';
import { isKnown } from '../model/located';

export default defineRule({
  id: 'service-cidr-invalid',
  defaultSeverity: 'error',
  category: 'cidr',
  scope: 'file',
  reads: ['clusters'],
  summary: "A cluster's service IPv4 CIDR is outside RFC 1918, sized outside /12 to /24, or set on an IPv6 cluster.",
  rationale: [
    'EKS takes Kubernetes service addresses from `serviceIpv4Cidr`, and `CreateCluster` accepts only a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, from /12 to /24 in size. IPv6 clusters take service addresses from fc00::/7 and refuse an IPv4 service CIDR. The value can be set only when the cluster is created, so a bad one means recreating the cluster.',
    '',
    'A /24 holds 256 services; leave room for growth.',
  ].join('\n'),
  messages: {
    range:
      'Service CIDR {{cidr}} is outside 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16; EKS accepts only RFC 1918 space.',
    size: 'Service CIDR {{cidr}} is a /{{prefix}}; EKS accepts service CIDRs from /12 to /24.',
    ipv6: 'Service CIDR {{cidr}} is set on an IPv6 cluster; IPv6 clusters take service addresses from fc00::/7 and EKS rejects an IPv4 service CIDR.',
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/create-cluster.html',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const cl of ctx.model.clusters) {
      const c = cidrValue(cl.serviceIpv4Cidr, 4);
      if (!c) continue;
      const data = { cidr: c.cidr.text, prefix: c.cidr.prefix };
      if (isKnown(cl.ipFamily) && cl.ipFamily.value === 'ipv6') {
        ctx.report({
          at: c.value.at,
          messageId: 'ipv6',
          data,
          related: [{ at: cl.ipFamily.at, message: 'The cluster is IPv6 here.' }],
        });
        continue;
      }
      // bounded spread: the three RFC 1918 blocks.
      if (!isWithin(c.cidr, ...RFC1918)) ctx.report({ at: c.value.at, messageId: 'range', data });
      if (c.cidr.prefix < 12 || c.cidr.prefix > 24) ctx.report({ at: c.value.at, messageId: 'size', data });
    }
  },
});
