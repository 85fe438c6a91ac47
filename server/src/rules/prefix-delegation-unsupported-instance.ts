import { defineRule } from './defineRule';
import { supportsPrefixDelegation } from '../catalog/instances';
import { modeLookup } from '../facts/cni/scope';
import { settingNote } from '../facts/cni/mode';
import { capacityInMode, modeResolved, nodeTypeRefs } from '../facts/cni/capacity';

export default defineRule({
  id: 'prefix-delegation-unsupported-instance',
  defaultSeverity: 'warning',
  category: 'capacity',
  scope: 'network',
  reads: ['instanceTypeRefs', 'nodeGroups', 'clusters', 'awsNode'],
  summary:
    'Prefix delegation is enabled but a node instance type is neither Nitro nor bare metal, so it cannot get prefixes.',
  rationale: [
    'With `ENABLE_PREFIX_DELEGATION=true` the VPC CNI assigns /28 prefixes (16 addresses each) to ENI slots instead of single secondary IPs, which is what lets an m5.large run 110 pods instead of 29. EC2 assigns prefixes only to Nitro instances and bare metal. On any other type (m4, c4, r4, t2 and the rest of the Xen generation) ipamd logs a warning and **silently falls back to secondary IPs** in IPv4 clusters, so those nodes hold far fewer pods than the max pods you set for prefix mode; pods beyond that stay in `ContainerCreating` with "failed to assign an IP address to container". In IPv6 clusters ipamd refuses to start and the node never becomes Ready (an error).',
    '',
    'Fix: use a Nitro type (m5, c5, r5, t3 or newer), or keep these nodes in a node group whose max pods matches the secondary-IP formula.',
  ].join('\n'),
  messages: {
    fallback:
      '{{type}} is a {{hypervisor}} instance, not Nitro or bare metal: with prefix delegation on, the VPC CNI falls back to secondary IPs there ({{maxPods}} max pods instead of the prefix-mode value).',
    ipv6: '{{type}} is a {{hypervisor}} instance, not Nitro or bare metal: IPv6 needs prefix delegation, which this type cannot do, so ipamd will not start on it.',
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s#enable_prefix_delegation-v190',
    'https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html',
    'https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-nitro-instances.html',
  ],
  sources: ['kubernetes', 'eksctl', 'cloudformation', 'terraform', 'helm-values', 'addon-config'],
  check(ctx) {
    const modeOf = modeLookup(ctx.model);
    for (const t of nodeTypeRefs(ctx.model)) {
      // A type used by one cluster's node groups is judged in that cluster's mode; any other in the workspace's.
      const mode = modeOf(t.cluster);
      const pd = mode.prefixDelegation;
      if (!modeResolved(mode) || !pd.value || mode.ipv6.unresolved) continue;
      const related = pd.at ? [{ at: pd.at, message: settingNote(pd, 'prefix delegation is enabled here') }] : [];
      if (supportsPrefixDelegation(t.info)) continue;
      const data = {
        type: t.name,
        hypervisor: t.info.hypervisor === 'xen' ? 'Xen' : 'non-Nitro',
        maxPods: capacityInMode(t.info, mode).maxPods,
      };
      if (mode.ipv6.value) ctx.report({ at: t.at, messageId: 'ipv6', data, related, severity: 'error' });
      else ctx.report({ at: t.at, messageId: 'fallback', data, related });
    }
  },
});
