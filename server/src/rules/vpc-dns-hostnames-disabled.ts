import { defineRule } from './defineRule';
import { eksVpcKeys } from '../facts/eksVpc';

export default defineRule({
  id: 'vpc-dns-hostnames-disabled',
  defaultSeverity: 'error',
  category: 'vpc',
  scope: 'network',
  reads: ['vpcs', 'subnets', 'clusters', 'nodeGroups'],
  summary: 'A VPC meant for EKS has DNS hostnames (`EnableDnsHostnames`) off, explicitly or by default.',
  rationale: [
    'EKS requires DNS hostnames in the cluster VPC: nodes register under their private DNS names, and a private cluster endpoint only resolves inside the VPC when both `EnableDnsHostnames` and `EnableDnsSupport` are true. Otherwise nodes fail to join ("Nodes fail to join cluster") and `kubectl` cannot reach a private endpoint.',
    '',
    'Unlike DNS support, `EnableDnsHostnames` defaults to **false** in CloudFormation and Terraform, so leaving it out is the common mistake. The rule applies to VPCs meant for EKS (used by a cluster or node group in the workspace, tagged `kubernetes.io/cluster/*`, or all with `assumeEksVpc`). The fix sets or inserts `EnableDnsHostnames: true`.',
  ].join('\n'),
  messages: {
    disabled:
      'VPC {{vpc}} disables DNS hostnames: EKS nodes will not register and a private endpoint will not resolve.',
    omitted:
      'VPC {{vpc}} does not set {{attribute}}, which defaults to false: EKS nodes will not register and a private endpoint will not resolve.',
  },
  fixes: {
    enable: {
      title: 'Set {{attribute}} to true',
      safe: true,
      why: 'EKS works only with the attribute on, so true is the one resolution, and the fix writes only that attribute; where the value comes from a parameter or variable the fix would replace the reference, so there it is offered as a quick fix only.',
    },
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html',
  ],
  sources: ['cloudformation', 'terraform'],
  check(ctx) {
    const eks = eksVpcKeys(ctx.model, ctx.settings);
    for (const v of ctx.model.vpcs) {
      if (!eks.has(v.key) || v.enableDnsHostnames?.kind !== 'known' || v.enableDnsHostnames.value) continue;
      ctx.report({
        at: v.enableDnsHostnames.at,
        messageId: v.dnsHostnamesOmitted ? 'omitted' : 'disabled',
        // The attribute as the source spells it (`enable_dns_hostnames` in Terraform).
        data: { vpc: v.name, attribute: v.attributeNames?.enableDnsHostnames ?? 'EnableDnsHostnames' },
        ...(v.editAt
          ? {
              fixes: [
                {
                  fixId: 'enable',
                  changes: [{ kind: 'set', item: v.editAt, attribute: 'enableDnsHostnames', value: true }],
                },
              ],
            }
          : {}),
      });
    }
  },
});
