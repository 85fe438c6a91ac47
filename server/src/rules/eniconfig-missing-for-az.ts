import { defineRule } from './defineRule';
import { cniMode, resolved, ZONE_LABELS } from '../cni/mode';
import { nodeGroupZones } from '../cni/zones';

export default defineRule({
  id: 'eniconfig-missing-for-az',
  defaultSeverity: 'error',
  category: 'custom-networking',
  summary: 'Custom networking picks ENIConfigs by zone, but a zone where nodes run has no ENIConfig of that name.',
  rationale: [
    'With custom networking on, ipamd looks up the node\'s ENIConfig by name before it attaches any secondary ENI: the node label `vpc.amazonaws.com/externalEniConfig`, then the annotation `ENI_CONFIG_ANNOTATION_DEF`, then the label `ENI_CONFIG_LABEL_DEF`, and only when the node carries none of them the ENIConfig named `default`. With `ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone` every node carries the label, so every zone a node runs in needs an ENIConfig named after that zone; the `default` fallback never applies. A node in a zone without one logs "No ENIConfig could be found for this node", gets no secondary ENIs, and every pod on it stays in `ContainerCreating`.',
    '',
    'The zones come from the node groups\' availability zones and the zones of their subnets, wherever in the workspace they are declared. The rule only runs when the workspace declares at least one ENIConfig (otherwise they are managed elsewhere) and when the zone label is the selector: with the default label (`k8s.amazonaws.com/eniConfig`) the choice depends on per-node labels eksnet cannot see.',
    '',
    'Fix: add an ENIConfig named after the zone, with a subnet in that zone.',
  ].join('\n'),
  messages: {
    missing: 'Nodes of node group `{{name}}` run in {{zone}}, but no ENIConfig is named {{zone}}: with {{labelDef}} they get no secondary ENIs there and their pods no IPs.',
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s#eni_config_label_def',
    'https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html',
    'https://github.com/aws/amazon-vpc-cni-k8s/issues/884',
  ],
  sources: ['kubernetes', 'eksctl', 'cloudformation', 'terraform', 'helm-values', 'addon-config'],
  check(ctx) {
    const mode = cniMode(ctx.model);
    const { customNetworking: cn, eniConfigLabelDef: label } = mode;
    if (!resolved(cn, label) || !cn.value || !ZONE_LABELS.has(label.value)) return;
    if (ctx.model.eniConfigs.length === 0) return;
    const names = new Set(ctx.model.eniConfigs.map((e) => e.name));
    const related = [cn, label].filter((s) => s.at).map((s) => ({ at: s.at!, message: `${s.name}=${String(s.value)} is set here` }));
    const reported = new Set<string>();
    for (const ng of ctx.model.nodeGroups) {
      for (const z of nodeGroupZones(ctx.model, ng)) {
        if (names.has(z.zone) || reported.has(z.zone)) continue;
        reported.add(z.zone);
        ctx.report({ at: z.at, messageId: 'missing', data: { name: ng.name, zone: z.zone, labelDef: `ENI_CONFIG_LABEL_DEF=${label.value}` }, related });
      }
    }
  },
});
