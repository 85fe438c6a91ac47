import { defineRule } from './defineRule';
import { validate, type SchemaError } from '../catalog/schemas';
import { idShapeAllows, placeholders } from '../base/placeholders';

export default defineRule({
  id: 'eniconfig-schema',
  defaultSeverity: 'error',
  category: 'custom-networking',
  scope: 'file',
  reads: ['eniConfigs'],
  summary: 'An ENIConfig does not match the CRD, or names a subnet or security group that cannot exist.',
  rationale: [
    "With custom networking (`AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true`) the VPC CNI puts every secondary ENI, and so every pod, into the subnet and security groups of the node's ENIConfig. An ENIConfig without `spec.subnet` is rejected by the API server; one whose subnet or security group is not an ID (a name, a CIDR, a typo) is accepted and then fails on every node with `InvalidSubnetID.NotFound` or `InvalidGroup.NotFound` while pods stay in `ContainerCreating`.",
    '',
    'Values filled in at deploy time (`subnet: ${POD_SUBNET_1}`, `name: $AZ_2`, `- {{ .sg }}`, `$(VAR)`) are not checked as written: the variable decides them. A value that is partly a placeholder is checked on its literal part only (`subnet-${ID}` can be a subnet ID, `sg-${ID}` in `spec.subnet` cannot).',
    '',
    'Checked: `apiVersion` `crd.k8s.amazonaws.com/v1alpha1`, `metadata.name`, `spec.subnet` (required, `subnet-` followed by 8 or 17 hex digits), `spec.securityGroups` (IDs shaped `sg-…`, at most 16, the hard EC2 limit; more than 5, the default quota, is a warning), and no `metadata.namespace` (ENIConfig is cluster-scoped).',
  ].join('\n'),
  messages: {
    required: '`{{path}}` is required in an ENIConfig{{why}}.',
    subnetShape:
      '`{{value}}` is not a subnet ID: spec.subnet must be an ID such as subnet-0123456789abcdef0, not a name or CIDR.',
    sgShape: '`{{value}}` is not a security group ID: use an ID such as sg-0123456789abcdef0.',
    tooManySgs: '{{count}} security groups: an ENI takes at most 16 (the hard EC2 limit).',
    quotaSgs:
      '{{count}} security groups: the default EC2 quota is 5 per network interface; this fails unless the quota was raised.',
    namespaced: 'ENIConfig is cluster-scoped; `metadata.namespace` is ignored.',
    apiVersion: 'ENIConfig is served only as crd.k8s.amazonaws.com/v1alpha1.',
    invalid: '`{{path}}` {{problem}}.',
    tooLarge: 'This document expands to too many nodes (alias bomb?) and was not validated.',
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/charts/aws-vpc-cni/crds/customresourcedefinition.yaml',
    'https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html',
  ],
  sources: ['kubernetes'],
  check(ctx) {
    for (const ec of ctx.model.eniConfigs) {
      const file = ec.at.file;
      const errors = validate('eniconfig', ec.node);
      if (errors === null) {
        ctx.report({ at: ec.at, messageId: 'tooLarge' });
        continue;
      }
      const sgCount = ec.securityGroups.length;
      for (const e of errors) {
        if (placeholderExcuses(e)) continue;
        const at = { file, span: e.span };
        const path = e.pointer.slice(1).replace(/\//g, '.');
        if (e.keyword === 'required') {
          const missing = String(e.params.missingProperty);
          const full = path ? `${path}.${missing}` : missing;
          const why = full === 'spec.subnet' ? ': it names the subnet for the pods of every node that uses it' : '';
          ctx.report({ at, messageId: 'required', data: { path: full, why } });
        } else if (e.pointer === '/spec/subnet' && e.keyword === 'pattern') {
          ctx.report({ at, messageId: 'subnetShape', data: { value: e.value ?? '' } });
        } else if (e.pointer.startsWith('/spec/securityGroups/') && e.keyword === 'pattern') {
          ctx.report({ at, messageId: 'sgShape', data: { value: e.value ?? '' } });
        } else if (e.pointer === '/spec/securityGroups' && e.keyword === 'maxItems') {
          ctx.report({
            at,
            messageId: sgCount > 16 ? 'tooManySgs' : 'quotaSgs',
            data: { count: sgCount },
            ...(sgCount > 16 ? {} : { severity: 'warning' as const }),
          });
        } else if (e.pointer === '/metadata/namespace') {
          ctx.report({ at: { file, span: e.keySpan ?? e.span }, messageId: 'namespaced', severity: 'warning' });
        } else if (e.pointer === '/apiVersion') {
          ctx.report({ at, messageId: 'apiVersion' });
        } else {
          ctx.report({ at, messageId: 'invalid', data: { path: path || '(document)', problem: e.ajvMessage } });
        }
      }
    }
  },
});

/**
 * True when a schema error is about a value a deploy-time placeholder fills in and the literal part
 * does not already rule out: an ID checked against its prefix and digits, anything else not at all.
 */
function placeholderExcuses(e: SchemaError): boolean {
  if (e.value === undefined) return false;
  const found = placeholders(e.value);
  if (found.length === 0) return false;
  if (e.keyword === 'pattern' && e.pointer === '/spec/subnet') return idShapeAllows(e.value, found, 'subnet-');
  if (e.keyword === 'pattern' && e.pointer.startsWith('/spec/securityGroups/')) {
    return idShapeAllows(e.value, found, 'sg-');
  }
  return true;
}
