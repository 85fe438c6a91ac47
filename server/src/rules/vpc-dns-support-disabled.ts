import { defineRule } from './defineRule';
import { eksVpcKeys } from '../facts/eksVpc';

export default defineRule({
  id: 'vpc-dns-support-disabled',
  defaultSeverity: 'error',
  category: 'vpc',
  scope: 'network',
  reads: ['vpcs', 'subnets', 'clusters', 'nodeGroups'],
  summary: 'A VPC meant for EKS turns DNS resolution (`EnableDnsSupport`) off.',
  rationale: [
    'EKS requires DNS resolution in the cluster VPC. With `EnableDnsSupport: false` the Amazon-provided resolver does not answer, so nodes cannot resolve the cluster endpoint, ECR or STS and never join the cluster; with a private endpoint the API server cannot be reached at all.',
    '',
    'The attribute defaults to true, so only an explicit false is reported. The rule applies to VPCs meant for EKS (used by a cluster or node group in the workspace, tagged `kubernetes.io/cluster/*`, or all with `assumeEksVpc`). The fix sets it to true.',
  ].join('\n'),
  messages: {
    disabled: 'VPC {{vpc}} disables DNS resolution: EKS nodes cannot resolve the cluster endpoint and will not join.',
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
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html',
  ],
  sources: ['cloudformation', 'terraform'],
  check(ctx) {
    const eks = eksVpcKeys(ctx.model, ctx.settings);
    for (const v of ctx.model.vpcs) {
      if (!eks.has(v.key) || v.enableDnsSupport?.kind !== 'known' || v.enableDnsSupport.value) continue;
      ctx.report({
        at: v.enableDnsSupport.at,
        messageId: 'disabled',
        data: { vpc: v.name, attribute: v.attributeNames?.enableDnsSupport ?? 'EnableDnsSupport' },
        ...(v.editAt
          ? {
              fixes: [
                {
                  fixId: 'enable',
                  changes: [{ kind: 'set', item: v.editAt, attribute: 'enableDnsSupport', value: true }],
                },
              ],
            }
          : {}),
      });
    }
  },
});
