import { defineRule } from './defineRule';
import { modeLookup } from '../facts/cni/scope';
import { settingNote } from '../facts/cni/mode';
import { capacityInMode, formulaText, knownTypes, modeResolved } from '../facts/cni/capacity';
import { isKnown } from '../model/located';

export default defineRule({
  id: 'max-pods-exceeds-capacity',
  defaultSeverity: 'error',
  category: 'capacity',
  scope: 'network',
  reads: ['nodeGroups', 'clusters', 'awsNode'],
  summary: 'A node group declares a max pods value above the pod IPs its instance type has in the configured CNI mode.',
  rationale: [
    'The kubelet\'s max pods (eksctl `maxPodsPerNode`, `--max-pods` in the bootstrap command, nodeadm `maxPods`) is what the scheduler trusts: it keeps placing pods on a node until that many run. Every pod that is not on the host network needs an address from the VPC CNI, and a node has only as many as its ENIs hold: in secondary-IP mode ENIs x (IPv4 per ENI - 1) + 2, with prefix delegation ENIs x (IPv4 per ENI - 1) x 16 + 2, and `MAX_ENI` lowers the ENI count. Above that number pods are scheduled and then sit in `ContainerCreating` with "failed to assign an IP address to container".',
    '',
    'The mode is read from the aws-node configuration anywhere in the workspace (CNI defaults when there is none). With custom networking on, `custom-networking-max-pods` reports this instead. With several instance types the smallest capacity counts, because any node may be that type.',
    '',
    'Fix: lower max pods to the value shown, enable prefix delegation (Nitro types), or use a larger instance type.',
  ].join('\n'),
  messages: {
    exceeds: 'maxPods {{maxPods}} is more than {{type}} can give pods IPs for with {{mode}}: {{formula}}.',
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/misc/eni-max-pods.txt',
    'https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html',
    'https://eksctl.io/usage/schema/',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const modeOf = modeLookup(ctx.model);
    for (const ng of ctx.model.nodeGroups) {
      // Each node group is judged in the CNI mode of its own cluster.
      const mode = modeOf(ng.cluster);
      if (!modeResolved(mode) || mode.customNetworking.value) continue;
      const related = [mode.prefixDelegation, mode.maxEni]
        .filter((s) => s.at)
        .map((s) => ({ at: s.at!, message: settingNote(s, `${s.name} is set here`) }));
      if (!isKnown(ng.maxPods)) continue;
      const types = knownTypes(ng);
      if (!types.length) continue;
      const smallest = types.reduce((a, b) =>
        capacityInMode(b.info, mode).maxPods < capacityInMode(a.info, mode).maxPods ? b : a,
      );
      const cap = capacityInMode(smallest.info, mode);
      if (ng.maxPods.value <= cap.maxPods) continue;
      ctx.report({
        at: ng.maxPods.at,
        messageId: 'exceeds',
        data: {
          maxPods: ng.maxPods.value,
          type: smallest.name,
          mode: cap.mode,
          formula: formulaText(smallest.info, mode),
        },
        related: [
          { at: smallest.at, message: `${smallest.name} is one of this node group's instance types` },
          ...related,
        ],
      });
    }
  },
});
