import { defineRule } from './defineRule';
import { modeLookup } from '../facts/cni/scope';
import { settingNote } from '../facts/cni/mode';
import {
  capacityInMode,
  defaultMaxPods,
  formulaText,
  knownTypes,
  modeResolved,
  typesSpan,
} from '../facts/cni/capacity';
import { isKnown } from '../model/located';
import { minOf } from '../base/arrays';

export default defineRule({
  id: 'custom-networking-max-pods',
  defaultSeverity: 'error',
  category: 'custom-networking',
  scope: 'network',
  reads: ['nodeGroups', 'clusters', 'awsNode'],
  summary:
    'Custom networking is on, but a node group keeps a max pods value that counts the primary ENI, which pods can no longer use.',
  rationale: [
    'This is the most common EKS networking misconfiguration. With custom networking (`AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true`) pods get addresses only from secondary ENIs in the ENIConfig\'s subnet; the node\'s primary ENI is no longer used for pods. An m5.large then holds (3 - 1) x (10 - 1) + 2 = 20 pods, not 29. The node bootstrap (and EKS managed node groups) still computes the default max pods from all ENIs, so the kubelet advertises 29, the scheduler places 29 pods, and the last nine sit in `ContainerCreating` with "failed to assign an IP address to container".',
    '',
    "The rule fires for a node group that declares no max pods while its instance type's default exceeds the custom-networking capacity, and for a declared max pods above that capacity. With prefix delegation on as well, the capacity is (ENIs - 1) x (IPv4 per ENI - 1) x 16 + 2 and the default is rarely too high.",
    '',
    'Fix: set the max pods explicitly (eksctl `maxPodsPerNode`, `--max-pods` with `--use-max-pods false` on AL2, nodeadm `maxPods` or `maxPodsExpression` on AL2023) to the value shown, or enable prefix delegation.',
  ].join('\n'),
  messages: {
    defaultTooHigh:
      'Custom networking is on but node group `{{name}}` keeps the default max pods ({{default}} for {{type}}); without the primary ENI {{type}} holds only {{formula}} pods: set max pods to {{allowed}}.',
    defaultTooHighMixed:
      'Custom networking is on but node group `{{name}}` keeps the default max pods ({{default}} on {{type}} nodes); without the primary ENI {{type}} holds only {{formula}} pods: set max pods to {{allowed}}, the smallest capacity of its instance types.',
    declaredTooHigh:
      'maxPods {{maxPods}} is more than {{type}} holds with custom networking, where the primary ENI is not used for pods: {{formula}}.',
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html',
    'https://github.com/aws/aws-eks-best-practices/blob/master/latest/bpg/networking/custom-networking.adoc',
    'https://github.com/aws/amazon-vpc-cni-k8s/issues/1480',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const modeOf = modeLookup(ctx.model);
    for (const ng of ctx.model.nodeGroups) {
      // Custom networking is judged per cluster: another cluster's add-on does not turn it on here.
      const mode = modeOf(ng.cluster);
      const cn = mode.customNetworking;
      if (!modeResolved(mode) || !cn.value) continue;
      const related = cn.at ? [{ at: cn.at, message: settingNote(cn, 'custom networking is enabled here') }] : [];
      const types = knownTypes(ng);
      if (!types.length || (ng.maxPods && !isKnown(ng.maxPods))) continue;
      if (isKnown(ng.maxPods)) {
        const smallest = types.reduce((a, b) =>
          capacityInMode(b.info, mode).maxPods < capacityInMode(a.info, mode).maxPods ? b : a,
        );
        if (ng.maxPods.value <= capacityInMode(smallest.info, mode).maxPods) continue;
        ctx.report({
          at: ng.maxPods.at,
          messageId: 'declaredTooHigh',
          data: { maxPods: ng.maxPods.value, type: smallest.name, formula: formulaText(smallest.info, mode) },
          related,
        });
        continue;
      }
      // A managed node group gives every node the smallest default of its types; a self-managed one
      // gives each node its own type's. Report the type with the largest excess.
      const groupDefault = minOf(types.map((t) => defaultMaxPods(t.info, ng.managed)))!;
      let worst: { type: (typeof types)[number]; dflt: number; allowed: number } | undefined;
      for (const t of types) {
        const dflt = ng.managed ? groupDefault : defaultMaxPods(t.info, false);
        const allowed = capacityInMode(t.info, mode).maxPods;
        if (dflt > allowed && (!worst || dflt - allowed > worst.dflt - worst.allowed))
          worst = { type: t, dflt, allowed };
      }
      if (!worst) continue;
      const allowed = minOf(types.map((t) => capacityInMode(t.info, mode).maxPods))!;
      ctx.report({
        at: typesSpan(types),
        messageId: types.length > 1 ? 'defaultTooHighMixed' : 'defaultTooHigh',
        data: {
          name: ng.name,
          default: worst.dflt,
          type: worst.type.name,
          formula: formulaText(worst.type.info, mode),
          allowed,
        },
        related,
      });
    }
  },
});
