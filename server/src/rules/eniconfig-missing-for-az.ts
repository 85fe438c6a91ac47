import { eniConfigIndex } from '../model/lookup';
import { defineRule } from './defineRule';
import { resolved, settingNote, ZONE_LABELS } from '../facts/cni/mode';
import { modeLookup } from '../facts/cni/scope';
import { nodeGroupZones } from '../facts/cni/zones';
import { isKnown } from '../model/located';
import type { NodeGroup } from '../model/types';

/** The node label ipamd honours before any annotation or ENI_CONFIG_LABEL_DEF (pkg/eniconfig/eniconfig.go). */
const EXTERNAL_LABEL = 'vpc.amazonaws.com/externalEniConfig';

export default defineRule({
  id: 'eniconfig-missing-for-az',
  defaultSeverity: 'error',
  category: 'custom-networking',
  scope: 'network',
  reads: ['eniConfigs', 'subnets', 'clusters', 'nodeGroups', 'awsNode'],
  summary:
    'Custom networking is on, but nodes look for an ENIConfig (named after their zone, named by their label, or `default`) that does not exist.',
  rationale: [
    'With custom networking on, ipamd looks up the node\'s ENIConfig by name before it attaches any secondary ENI: the node label `vpc.amazonaws.com/externalEniConfig`, then the annotation `ENI_CONFIG_ANNOTATION_DEF`, then the label `ENI_CONFIG_LABEL_DEF` (default `k8s.amazonaws.com/eniConfig`), and only when the node carries none of them the ENIConfig named `default`. A node whose ENIConfig does not exist logs "No ENIConfig could be found for this node", gets no secondary ENIs, and every pod on it stays in `ContainerCreating`.',
    '',
    "The rule follows the same order for every node group in the workspace, with the custom networking and `ENI_CONFIG_LABEL_DEF` settings of the node group's own cluster (a vpc-cni add-on configuration applies only to its cluster; manifests, patches and Helm values to any):",
    '',
    "- With `ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone` every node carries the label, so every zone a node runs in needs an ENIConfig named after that zone; the `default` fallback never applies. The zones come from the node groups' availability zones and the zones of their subnets, wherever in the workspace they are declared.",
    "- With any other label key (the default one or a custom one), the node group's own labels decide: eksctl `labels`, CloudFormation `AWS::EKS::Nodegroup` `Labels`, Terraform `aws_eks_node_group` `labels` and the eks module's node group `labels`. A label naming an ENIConfig that does not exist is reported; a node group without the label falls back to `default`, so a workspace without an ENIConfig named `default` is reported too. Labels or annotations added by hand after a node joins are not seen, but new nodes the group launches would not carry them either.",
    '',
    'The rule only runs when the workspace declares at least one ENIConfig (otherwise they are managed elsewhere). A node group whose labels are not all known (a label map built from a variable, `--node-labels` in a bootstrap command or in launch template user data) is skipped.',
    '',
    "Fix: add the missing ENIConfig (with a subnet in the nodes' zone), or label the node group with the name of an existing one.",
  ].join('\n'),
  messages: {
    missing:
      'Nodes of node group `{{name}}` run in {{zone}}, but no ENIConfig is named {{zone}}: with {{labelDef}} they get no secondary ENIs there and their pods no IPs.',
    labelled:
      'Node group `{{name}}` labels its nodes {{label}}={{value}}, but no ENIConfig is named {{value}}: with custom networking they get no secondary ENIs and their pods no IPs.',
    noDefault:
      'Node group `{{name}}` does not label its nodes {{label}}, so they fall back to the ENIConfig named `default`, and there is none: with custom networking they get no secondary ENIs and their pods no IPs.',
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s#eni_config_label_def',
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/pkg/eniconfig/eniconfig.go',
    'https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html',
    'https://github.com/aws/amazon-vpc-cni-k8s/issues/884',
  ],
  sources: ['kubernetes', 'eksctl', 'cloudformation', 'terraform', 'helm-values', 'addon-config'],
  check(ctx) {
    if (ctx.model.eniConfigs.length === 0 || ctx.model.nodeGroups.length === 0) return;
    const { names, anyName } = eniConfigIndex(ctx.model.eniConfigs);
    // An ENIConfig named by a placeholder (`name: $AZ_2`) may carry any name: nothing is provably missing.
    if (anyName) return;
    const modeOf = modeLookup(ctx.model);
    const reportedZones = new Set<string>();
    const labelOf = (ng: NodeGroup, key: string) => (ng.labels && !ng.labelsIncomplete ? ng.labels[key] : undefined);
    for (const ng of ctx.model.nodeGroups) {
      // Custom networking and the label key are the node group's own cluster's settings.
      const { customNetworking: cn, eniConfigLabelDef: label } = modeOf(ng.cluster);
      if (!resolved(cn, label) || !cn.value) continue;
      const related = [cn, label]
        .filter((s) => s.at)
        .map((s) => ({ at: s.at!, message: settingNote(s, `${s.name}=${String(s.value)} is set here`) }));
      // The external label wins over everything else, the zone label included.
      const external = labelOf(ng, EXTERNAL_LABEL);
      if (external) {
        if (isKnown(external) && !names.has(external.value)) {
          ctx.report({
            at: external.at,
            messageId: 'labelled',
            data: { name: ng.name, label: EXTERNAL_LABEL, value: external.value },
            related,
          });
        }
        continue;
      }
      if (ZONE_LABELS.has(label.value)) {
        for (const z of nodeGroupZones(ctx.model, ng)) {
          if (names.has(z.zone) || reportedZones.has(z.zone)) continue;
          reportedZones.add(z.zone);
          ctx.report({
            at: z.at,
            messageId: 'missing',
            data: { name: ng.name, zone: z.zone, labelDef: `ENI_CONFIG_LABEL_DEF=${label.value}` },
            related,
          });
        }
        continue;
      }
      // Without a complete picture of the group's labels a missing label proves nothing.
      if (!ng.labels || ng.labelsIncomplete) continue;
      const chosen = ng.labels[label.value];
      if (chosen) {
        if (isKnown(chosen) && !names.has(chosen.value)) {
          ctx.report({
            at: chosen.at,
            messageId: 'labelled',
            data: { name: ng.name, label: label.value, value: chosen.value },
            related,
          });
        }
      } else if (!names.has('default')) {
        ctx.report({
          at: ng.nameAt ?? ng.at,
          messageId: 'noDefault',
          data: { name: ng.name, label: label.value },
          related,
        });
      }
    }
  },
});
