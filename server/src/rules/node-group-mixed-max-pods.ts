import { defineRule } from './defineRule';
import { modeLookup } from '../facts/cni/scope';
import { knownTypes, modeResolved, podCapacity, typesSpan } from '../facts/cni/capacity';
import { minOf } from '../base/arrays';

export default defineRule({
  id: 'node-group-mixed-max-pods',
  defaultSeverity: 'information',
  category: 'capacity',
  scope: 'network',
  reads: ['nodeGroups', 'clusters', 'awsNode'],
  summary: 'A managed node group mixes instance types with different max pods, so every node gets the smallest value.',
  rationale: [
    'When a managed node group lists several instance types and no max pods of its own, EKS computes max pods for each type and applies the **smallest** to every node in the group. Adding a small or ENI-poor type (a `d3en.xlarge`, say, pulled in by an instance selector) silently lowers the pod density of the larger nodes too: they run fewer pods than their addresses allow and the cluster scales out earlier than planned.',
    '',
    "The values shown are what each type gets in the workspace's CNI mode, capped at 110 (fewer than 30 vCPUs) or 250 as managed node groups do. This is information, not an error: it may be exactly what you want.",
    '',
    'Fix: group instance types with the same max pods, or set max pods explicitly.',
  ].join('\n'),
  messages: {
    mixed:
      'Instance types of node group `{{name}}` get different max pods ({{values}}); EKS applies the smallest, {{smallest}}, to every node.',
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/create-managed-node-group.html',
    'https://github.com/eksctl-io/eksctl/issues/5337',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const modeOf = modeLookup(ctx.model);
    for (const ng of ctx.model.nodeGroups) {
      if (!ng.managed || ng.maxPods) continue;
      const mode = modeOf(ng.cluster);
      if (!modeResolved(mode)) continue;
      const types = knownTypes(ng);
      const values = types.map((t) => ({ name: t.name, pods: podCapacity(t.info, mode, 'managed').maxPods }));
      const distinct = new Set(values.map((v) => v.pods));
      if (distinct.size < 2) continue;
      ctx.report({
        at: typesSpan(types),
        messageId: 'mixed',
        data: {
          name: ng.name,
          values: values.map((v) => `${v.name} ${v.pods}`).join(', '),
          smallest: minOf(distinct)!,
        },
      });
    }
  },
});
