import { defineRule } from './defineRule';
import { modeLookup } from '../facts/cni/scope';
import { settingNote } from '../facts/cni/mode';
import { nodeTypeRefs } from '../facts/cni/capacity';

export default defineRule({
  id: 'pod-eni-unsupported-instance',
  defaultSeverity: 'error',
  category: 'capacity',
  scope: 'network',
  reads: ['instanceTypeRefs', 'nodeGroups', 'clusters', 'awsNode'],
  summary: 'Security groups for pods are enabled but a node instance type cannot attach a trunk ENI.',
  rationale: [
    'With `ENABLE_POD_ENI=true` the VPC CNI labels each node so that the VPC resource controller attaches a trunk ENI, and pods matched by a `SecurityGroupPolicy` get their own branch ENI with their own security groups. Only instance types the resource controller lists as trunking-compatible can do this: no `t` family, no Xen generation, and new families only once the controller knows them. On any other type the pods that need a branch ENI stay `Pending` or `ContainerCreating` (the node never advertises `vpc.amazonaws.com/pod-eni`), and the ENI slot reserved for the trunk is wasted.',
    '',
    "eksnet uses the resource controller's own limits table (`pkg/aws/vpc/limits.go`). A type missing from that table is reported as a warning, since a newer controller may know it.",
    '',
    'Fix: run pods that use security groups on a trunking-compatible type (m5, c5, r5 and most newer Nitro families), for example with a dedicated node group and a node selector.',
  ].join('\n'),
  messages: {
    unsupported:
      '{{type}} cannot attach a trunk ENI, so pods that need security groups for pods never get a branch ENI on it.',
    notListed:
      "{{type}} is not in the VPC resource controller's limits table, so it may not support security groups for pods (trunk ENI).",
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html',
    'https://github.com/aws/amazon-vpc-resource-controller-k8s/blob/master/pkg/aws/vpc/limits.go',
    'https://github.com/aws/amazon-vpc-cni-k8s#enable_pod_eni-v170',
  ],
  sources: ['kubernetes', 'eksctl', 'cloudformation', 'terraform', 'helm-values', 'addon-config'],
  check(ctx) {
    const modeOf = modeLookup(ctx.model);
    for (const t of nodeTypeRefs(ctx.model)) {
      // A type used by one cluster's node groups is judged in that cluster's mode; any other in the workspace's.
      const { podEni } = modeOf(t.cluster);
      if (podEni.unresolved || !podEni.value) continue;
      const related = podEni.at
        ? [{ at: podEni.at, message: settingNote(podEni, 'security groups for pods are enabled here') }]
        : [];
      if (t.info.trunking === true) continue;
      if (t.info.trunking === false)
        ctx.report({ at: t.at, messageId: 'unsupported', data: { type: t.name }, related });
      else ctx.report({ at: t.at, messageId: 'notListed', data: { type: t.name }, related, severity: 'warning' });
    }
  },
});
