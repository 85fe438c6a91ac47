import { defineRule } from './defineRule';
import { byKey, cidrValue } from '../model/cidrValues';
import { subnetLabel } from '../facts/reachability';
import { awsUsable } from '../base/cidr';

export default defineRule({
  id: 'subnet-too-small-for-cluster',
  defaultSeverity: 'warning',
  category: 'vpc',
  scope: 'network',
  reads: ['subnets', 'clusters'],
  summary: 'A subnet given to an EKS cluster has fewer than 16 usable addresses.',
  rationale: [
    "EKS places two to four network interfaces for the control plane in the cluster's subnets, needs at least 6 free addresses in each to create or upgrade the cluster, and recommends 16. AWS reserves 5 addresses in every subnet, so a /28 has only 11 usable ones; once nodes or pods take a few, cluster upgrades fail with `InsufficientFreeAddressesInSubnet`.",
    '',
    "Use /27 or larger subnets for the cluster. Subnets outside the /16 to /28 range are `subnet-size`'s findings and are not repeated here.",
  ].join('\n'),
  messages: {
    small:
      'The {{name}} ({{cidr}}) has {{usable}} usable addresses; EKS needs 6 free for the control plane and recommends at least 16 per cluster subnet.',
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const subnets = byKey(ctx.model.subnets);
    const seen = new Set<string>();
    for (const cl of ctx.model.clusters) {
      for (const key of cl.subnets) {
        const s = subnets.get(key);
        const c = cidrValue(s?.cidr, 4);
        if (!s || !c || seen.has(key) || c.cidr.prefix > 28) continue;
        seen.add(key);
        const usable = awsUsable(c.cidr);
        if (usable < 16n)
          ctx.report({
            at: c.value.at,
            messageId: 'small',
            data: { name: subnetLabel(s), cidr: c.cidr.text, usable: Number(usable) },
          });
      }
    }
  },
});
