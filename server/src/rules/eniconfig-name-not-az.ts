import { defineRule } from './defineRule';
import { cniMode, resolved, ZONE_LABELS, DEFAULT_ENI_CONFIG_LABEL } from '../cni/mode';
import { eniConfigNameAt, isZoneName } from '../cni/zones';

export default defineRule({
  id: 'eniconfig-name-not-az',
  defaultSeverity: 'warning',
  category: 'custom-networking',
  summary: 'ENIConfig names and ENI_CONFIG_LABEL_DEF disagree: zone-named ENIConfigs without the zone label, or other names with it.',
  rationale: [
    'With custom networking a node finds its ENIConfig by name. The usual setup names one ENIConfig per zone (`us-west-2a`, `us-west-2b`) and sets `ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone`, so each node picks the ENIConfig of its zone automatically. Two halves of that setup often get out of step:',
    '',
    '- **Zone names without the zone label.** `ENI_CONFIG_LABEL_DEF` is not set, so nodes look for the label `k8s.amazonaws.com/eniConfig` and, without it, an ENIConfig named `default`. ENIConfigs named after zones are then never chosen unless someone labels every node by hand; new nodes get no secondary ENIs and their pods no IPs.',
    '- **The zone label with other names.** `ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone` makes every node ask for an ENIConfig named after its zone, so an ENIConfig called `pods-a` or `default` is never picked by the label.',
    '',
    'A custom label key (anything but the default and the zone labels) is left alone: its values are per-node and not visible in the workspace. The rule runs only when custom networking is on.',
    '',
    'Fix: set `ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone` in the aws-node env, or rename the ENIConfigs to match what nodes select.',
  ].join('\n'),
  messages: {
    zoneNameNoLabel: 'ENIConfig `{{name}}` is named after a zone, but ENI_CONFIG_LABEL_DEF is {{labelDef}}: nodes select it only if labelled {{label}}={{name}}; set ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone.',
    labelNotZoneName: 'ENIConfig `{{name}}` is not named after a zone, but ENI_CONFIG_LABEL_DEF={{label}} makes every node look for the ENIConfig named after its zone, so the label never selects this one.',
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s#eni_config_label_def',
    'https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html',
    'https://github.com/aws/aws-eks-best-practices/blob/master/latest/bpg/networking/custom-networking.adoc',
  ],
  sources: ['kubernetes', 'helm-values', 'addon-config'],
  check(ctx) {
    const { customNetworking: cn, eniConfigLabelDef: label } = cniMode(ctx.model);
    if (!resolved(cn, label) || !cn.value) return;
    const related = label.at ? [{ at: label.at, message: `ENI_CONFIG_LABEL_DEF=${label.value} is set here` }] : cn.at ? [{ at: cn.at, message: 'custom networking is enabled here' }] : [];
    for (const ec of ctx.model.eniConfigs) {
      if (!ec.name) continue;
      const zoneNamed = isZoneName(ec.name);
      if (ZONE_LABELS.has(label.value) && !zoneNamed) {
        ctx.report({ at: eniConfigNameAt(ec), messageId: 'labelNotZoneName', data: { name: ec.name, label: label.value }, related });
      } else if (label.value === DEFAULT_ENI_CONFIG_LABEL && zoneNamed) {
        ctx.report({ at: eniConfigNameAt(ec), messageId: 'zoneNameNoLabel', data: { name: ec.name, label: label.value, labelDef: label.at ? `\`${label.value}\`` : 'not set' }, related });
      }
    }
  },
});
