import { defineRule } from './defineRule';
import { isKnown } from '../model/located';
import { isZoneName } from '../facts/cni/zones';
import { eniConfigIndex, modelIndex } from '../model/lookup';

export default defineRule({
  id: 'eniconfig-subnet-az-mismatch',
  defaultSeverity: 'error',
  category: 'custom-networking',
  scope: 'network',
  reads: ['eniConfigs', 'subnets'],
  summary: 'An ENIConfig named after a zone points at a subnet that the workspace declares in another zone.',
  rationale: [
    "An ENI can only be created in a subnet of the instance's own zone. When ENIConfigs are named after zones (and selected with `ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone`), the nodes in `us-west-2a` use the ENIConfig `us-west-2a`, so its `spec.subnet` must be in `us-west-2a`. A subnet from another zone (a copy-paste slip between the per-zone ENIConfigs) makes every `CreateNetworkInterface` call on those nodes fail, so they get no secondary ENIs and their pods no IPs.",
    '',
    'The rule fires only when the subnet id is declared somewhere in the workspace with its zone (for example eksctl `vpc.subnets.private.<name>.id` with `az`); a subnet id eksnet cannot place is never guessed about.',
    '',
    'Fix: point the ENIConfig at the subnet of its own zone.',
  ].join('\n'),
  messages: {
    mismatch:
      "ENIConfig `{{name}}` is for nodes in {{name}}, but its subnet {{subnet}} is in {{zone}}: ENIs cannot be created in another zone's subnet.",
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html',
    'https://github.com/aws/amazon-vpc-cni-k8s#aws_vpc_k8s_cni_custom_network_cfg',
  ],
  sources: ['kubernetes', 'eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const index = modelIndex(ctx.model);
    const { bySubnet } = eniConfigIndex(ctx.model.eniConfigs);
    // The ENIConfigs are the workspace's and the subnets this network's: look up the ENIConfigs that
    // name one of the subnets, rather than every ENIConfig in every network.
    const ids = new Set<string>();
    for (const s of ctx.model.subnets) if (isKnown(s.subnetId)) ids.add(s.subnetId.value);
    for (const id of ids) {
      const subnet = index.subnetsById(id).find((s) => isKnown(s.availabilityZone));
      if (!subnet || !isKnown(subnet.availabilityZone)) continue;
      const zone = subnet.availabilityZone;
      for (const ec of bySubnet.get(id) ?? []) {
        if (!isZoneName(ec.name) || !isKnown(ec.subnet) || zone.value === ec.name) continue;
        ctx.report({
          at: ec.subnet.at,
          messageId: 'mismatch',
          data: { name: ec.name, subnet: id, zone: zone.value },
          related: [{ at: zone.at, message: `${id} is declared in ${zone.value} here` }],
        });
      }
    }
  },
});
