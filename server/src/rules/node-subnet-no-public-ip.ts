import { defineRule } from './defineRule';
import { subnetRole } from '../facts/reachability';
import type { FixSpec } from './context';
import type { ValueChange } from '../model/change';
import type { Cluster, NodeGroup, Subnet } from '../model/types';

type FixId = 'mapPublicIp' | 'privateAccess';

/** The source's name for a subnet's MapPublicIpOnLaunch, for the message and the fix title. */
function mapPublicIpName(s: Subnet): string {
  return s.source === 'terraform' ? 'map_public_ip_on_launch' : 'MapPublicIpOnLaunch';
}

/**
 * True when the cluster's nodes can only reach the API server over its public endpoint: IPv4 (an
 * IPv6 cluster's nodes reach it otherwise) and private endpoint access known to be off.
 */
function publicEndpointOnly(c: Cluster): boolean {
  if (c.ipFamily && (c.ipFamily.kind !== 'known' || c.ipFamily.value !== 'ipv4')) return false;
  return c.endpointPrivateAccess?.kind === 'known' && !c.endpointPrivateAccess.value;
}

/** True when the group's launch template is known not to associate a public address (or there is none). */
function noLaunchTemplateAddress(ng: NodeGroup): boolean {
  return ng.associatePublicIp === undefined || (ng.associatePublicIp.kind === 'known' && !ng.associatePublicIp.value);
}

export default defineRule<'noPublicIp', FixId>({
  id: 'node-subnet-no-public-ip',
  defaultSeverity: 'error',
  category: 'vpc',
  scope: 'network',
  reads: ['subnets', 'clusters', 'nodeGroups'],
  summary:
    'A node group uses a public subnet that gives instances no public IPv4 address while the cluster endpoint is reachable only publicly: the nodes cannot reach the API server and never join.',
  rationale: [
    'A node registers with the cluster by calling the Kubernetes API server. With private endpoint access off (the default of the EKS API, CloudFormation, the Terraform provider and eksctl), the API server is reachable only at its public endpoint, so every node needs a way out to the internet. A node in a public subnet (its default route goes to an internet gateway) has one only if it has a public IPv4 address: an internet gateway does not translate private addresses. Since April 22, 2020, managed node groups no longer assign public addresses themselves: instances in a public subnet get one only when the subnet has `MapPublicIpOnLaunch` on or the launch template associates one (`AssociatePublicIpAddress`). `MapPublicIpOnLaunch` defaults to false in CloudFormation and Terraform (eksctl sets it on the public subnets it creates). Without an address the nodes never become Ready and the node group fails with `NodeCreationFailure` ("Instances failed to join the kubernetes cluster"), the first cause the EKS troubleshooting guide lists.',
    '',
    'There are three ways out, any one of which fixes it:',
    '',
    "- **Public addresses:** turn on `MapPublicIpOnLaunch` (`map_public_ip_on_launch`) on the public subnet, or associate a public address in the node group's launch template (network interface `AssociatePublicIpAddress: true`).",
    '- **Private endpoint access:** turn on `EndpointPrivateAccess` (`endpoint_private_access`, eksctl `vpc.clusterEndpoints.privateAccess`): nodes then reach the API server inside the VPC. They still need a way to pull images and call AWS APIs (public addresses, a NAT gateway or VPC endpoints).',
    '- **Private subnets with a NAT gateway:** place the nodes in private subnets whose default route goes to a NAT gateway, the layout AWS recommends.',
    '',
    "Checked for every node group the model knows whose cluster is in the workspace (managed node groups of every source and eksctl's self-managed `nodeGroups`; self-managed Auto Scaling groups are not read): the rule reports a subnet of the group when the subnet is public (`facts/reachability`), its `MapPublicIpOnLaunch` is off (written or by default), the group's launch template does not associate a public address, and the cluster's private endpoint access is off (written or by default) on an IPv4 cluster. When any of these cannot be known (an existing subnet given by id, a launch template of another stack, a computed value) the rule says nothing. The quick fixes set the subnet's flag or turn on the cluster's private endpoint access, where the source can be edited (CloudFormation YAML and JSON, native Terraform). eksctl configs are read but never reported: eksctl sets `MapPublicIpOnLaunch` on the public subnets it creates, and the setting of an existing subnet given by id is known only to AWS.",
  ].join('\n'),
  messages: {
    noPublicIp:
      'Public subnet {{subnet}} gives instances no public IPv4 address ({{attribute}} is off) and cluster {{cluster}} has private endpoint access off: the nodes of {{nodeGroups}} cannot reach the API server and will not join.',
  },
  fixes: {
    mapPublicIp: {
      title: 'Set {{attribute}} to true on subnet {{subnet}}',
      safe: false,
      why: 'It is one of three ways out, and it gives every instance in the subnet a public address, a security decision for the author.',
    },
    privateAccess: {
      title: 'Turn on private endpoint access ({{attribute}}) for cluster {{cluster}}',
      safe: false,
      why: 'It is one of three ways out, and it changes how the whole cluster reaches its API server.',
    },
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html',
    'https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-eks-cluster-resourcesvpcconfig.html',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-subnet.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/subnet',
    'https://docs.aws.amazon.com/eks/latest/eksctl/vpc-cluster-access.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html',
    'https://github.com/aws/containers-roadmap/issues/607',
    'https://github.com/aws/amazon-vpc-cni-k8s/pull/878',
  ],
  sources: ['cloudformation', 'terraform'],
  check(ctx) {
    const subnets = new Map(ctx.model.subnets.map((s) => [s.key, s]));
    const clusters = new Map(ctx.model.clusters.map((c) => [c.key, c]));
    // One finding per subnet, naming every node group that cannot join from it.
    const bySubnet = new Map<Subnet, { groups: NodeGroup[]; clusters: Cluster[] }>();
    for (const ng of ctx.model.nodeGroups) {
      const cluster = ng.cluster !== undefined ? clusters.get(ng.cluster) : undefined;
      if (!cluster || !publicEndpointOnly(cluster) || !noLaunchTemplateAddress(ng)) continue;
      for (const key of ng.subnets) {
        const s = subnets.get(key);
        if (!s || s.mapPublicIpOnLaunch?.kind !== 'known' || s.mapPublicIpOnLaunch.value) continue;
        const role = subnetRole(s);
        if (role.kind !== 'known' || role.value !== 'public') continue;
        const entry = bySubnet.get(s) ?? { groups: [], clusters: [] };
        if (!entry.groups.includes(ng)) entry.groups.push(ng);
        if (!entry.clusters.includes(cluster)) entry.clusters.push(cluster);
        bySubnet.set(s, entry);
      }
    }
    for (const [s, { groups, clusters: cs }] of bySubnet) {
      const attribute = mapPublicIpName(s);
      const fixes: FixSpec<FixId>[] = [];
      if (s.editAt)
        fixes.push({
          fixId: 'mapPublicIp',
          data: { attribute, subnet: s.name },
          changes: [{ kind: 'set', item: s.editAt, attribute: 'mapPublicIpOnLaunch', value: true }],
        });
      const privateChanges: ValueChange[] = cs.flatMap((c) =>
        c.editAt ? [{ kind: 'set', item: c.editAt, attribute: 'endpointPrivateAccess', value: true } as const] : [],
      );
      if (privateChanges.length === cs.length)
        fixes.push({
          fixId: 'privateAccess',
          data: {
            attribute: cs[0].endpointPrivateAccessName ?? 'EndpointPrivateAccess',
            cluster: cs.map((c) => c.name).join(', '),
          },
          changes: privateChanges,
        });
      ctx.report({
        at: s.mapPublicIpOnLaunch!.at,
        messageId: 'noPublicIp',
        data: {
          nodeGroups: `${groups.length > 1 ? 'node groups' : 'node group'} ${groups.map((g) => g.name).join(', ')}`,
          subnet: s.name,
          attribute,
          cluster: cs.map((c) => c.name).join(', '),
        },
        ...(fixes.length ? { fixes } : {}),
      });
    }
  },
});
