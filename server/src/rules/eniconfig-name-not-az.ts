import { defineRule } from './defineRule';
import { resolved, ZONE_LABELS, DEFAULT_ENI_CONFIG_LABEL, type CniMode } from '../facts/cni/mode';
import { clusterModes } from '../facts/cni/scope';
import { eniConfigNameAt, isZoneName } from '../facts/cni/zones';

export default defineRule({
  id: 'eniconfig-name-not-az',
  defaultSeverity: 'warning',
  category: 'custom-networking',
  scope: 'workspace',
  reads: ['eniConfigs', 'clusters', 'awsNode'],
  summary:
    'ENIConfig names and ENI_CONFIG_LABEL_DEF disagree: zone-named ENIConfigs without the zone label, or other names with it.',
  rationale: [
    'With custom networking a node finds its ENIConfig by name. The usual setup names one ENIConfig per zone (`us-west-2a`, `us-west-2b`) and sets `ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone`, so each node picks the ENIConfig of its zone automatically. Two halves of that setup often get out of step:',
    '',
    '- **Zone names without the zone label.** `ENI_CONFIG_LABEL_DEF` is not set, so nodes look for the label `k8s.amazonaws.com/eniConfig` and, without it, an ENIConfig named `default`. ENIConfigs named after zones are then never chosen unless someone labels every node by hand; new nodes get no secondary ENIs and their pods no IPs.',
    '- **The zone label with other names.** `ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone` makes every node ask for an ENIConfig named after its zone, so an ENIConfig called `pods-a` or `default` is never picked by the label.',
    '',
    'A custom label key (anything but the default and the zone labels) is left alone: its values are per-node and not visible in the workspace. The rule runs only when custom networking is on.',
    '',
    'A vpc-cni add-on configuration applies only to its own cluster, while ENIConfigs are applied with kubectl to whichever cluster. When the workspace declares several clusters, an ENIConfig is reported only when it is wrong for every cluster with custom networking on.',
    '',
    'Fix: set `ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone` in the aws-node env, or rename the ENIConfigs to match what nodes select.',
  ].join('\n'),
  messages: {
    zoneNameNoLabel:
      'ENIConfig `{{name}}` is named after a zone, but ENI_CONFIG_LABEL_DEF is {{labelDef}}: nodes select it only if labelled {{label}}={{name}}; set ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone.',
    labelNotZoneName:
      'ENIConfig `{{name}}` is not named after a zone, but ENI_CONFIG_LABEL_DEF={{label}} makes every node look for the ENIConfig named after its zone, so the label never selects this one.',
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s#eni_config_label_def',
    'https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html',
    'https://github.com/aws/aws-eks-best-practices/blob/master/latest/bpg/networking/custom-networking.adoc',
  ],
  sources: ['kubernetes', 'helm-values', 'addon-config'],
  check(ctx) {
    // An ENIConfig may be meant for any cluster: a cluster whose settings are not known could be the one
    // it is right for.
    const modes = clusterModes(ctx.model);
    if (modes.some((m) => !resolved(m.customNetworking, m.eniConfigLabelDef))) return;
    const active = modes.filter((m) => m.customNetworking.value);
    if (active.length === 0) return;
    // What each cluster makes of an ENIConfig depends only on whether its name is a zone's: two answers
    // per cluster, worked out once rather than once per ENIConfig.
    const verdicts = [false, true].map((zoneNamed) => active.map((m) => mismatch(m, zoneNamed)));
    const selectable = verdicts.map((wrong) => wrong.some((w) => !w));
    for (const ec of ctx.model.eniConfigs) {
      if (!ec.name || ec.nameUnknown) continue;
      const zoneNamed = isZoneName(ec.name) ? 1 : 0;
      if (selectable[zoneNamed]) continue;
      const wrong = verdicts[zoneNamed];
      const { eniConfigLabelDef: label, customNetworking: cn } = active[0];
      const related = label.at
        ? [{ at: label.at, message: `ENI_CONFIG_LABEL_DEF=${label.value} is set here` }]
        : cn.at
          ? [{ at: cn.at, message: 'custom networking is enabled here' }]
          : [];
      if (wrong[0] === 'labelNotZoneName') {
        ctx.report({
          at: eniConfigNameAt(ec),
          messageId: 'labelNotZoneName',
          data: { name: ec.name, label: label.value },
          related,
        });
      } else {
        ctx.report({
          at: eniConfigNameAt(ec),
          messageId: 'zoneNameNoLabel',
          data: { name: ec.name, label: label.value, labelDef: label.at ? `\`${label.value}\`` : 'not set' },
          related,
        });
      }
    }
  },
});

/** How an ENIConfig's name disagrees with a cluster's label key; undefined when nodes of that cluster can select it. */
function mismatch(mode: CniMode, zoneNamed: boolean): 'labelNotZoneName' | 'zoneNameNoLabel' | undefined {
  const label = mode.eniConfigLabelDef.value;
  if (ZONE_LABELS.has(label) && !zoneNamed) return 'labelNotZoneName';
  if (label === DEFAULT_ENI_CONFIG_LABEL && zoneNamed) return 'zoneNameNoLabel';
  return undefined;
}
