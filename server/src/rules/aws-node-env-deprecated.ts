import { defineRule } from './defineRule';
import { envVarDoc } from '../catalog/envCatalog';

export default defineRule({
  id: 'aws-node-env-deprecated',
  defaultSeverity: 'warning',
  category: 'cni',
  scope: 'file',
  reads: ['awsNode'],
  summary: 'An aws-node environment variable that the VPC CNI no longer reads.',
  rationale: [
    '`AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER` (deprecated in v1.12.1) and `ENABLE_NFTABLES` (introduced in v1.12.1, deprecated in v1.13.2, when the iptables mode started to be detected from the kubelet) are no longer read by any code. Setting them does nothing, and readers of the manifest assume they still matter.',
    '',
    'The quick fix removes the entry when it occupies whole lines of a block list or map; in JSON, flow style and shell commands remove it by hand.',
  ].join('\n'),
  messages: {
    deprecated: '`{{name}}` is deprecated, {{why}}',
  },
  fixes: {
    remove: {
      title: 'Remove `{{name}}`',
      safe: false,
      why: 'A manifest pinned to a CNI image older than the deprecation still reads the variable, and the rule does not compare versions.',
    },
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/README.md#cni-configuration-variables',
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/troubleshooting.md',
  ],
  sources: ['kubernetes', 'kustomize', 'helm-values', 'addon-config', 'shell', 'eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const env of ctx.model.awsNode) {
      for (const v of env.vars) {
        const why = envVarDoc(v.name)?.['x-deprecated'];
        if (!why) continue;
        ctx.report({
          at: v.nameAt,
          messageId: 'deprecated',
          data: { name: v.name, why },
          fixes: env.edit
            ? [{ fixId: 'remove', changes: [{ kind: 'removeEntry', container: env.edit, entry: v.entryAt }] }]
            : [],
        });
      }
    }
  },
});
