import { defineRule } from './defineRule';
import { nodeSubnetKeys } from '../facts/eksVpc';
import { subnetRole } from '../facts/reachability';
import { modelIndex } from '../model/lookup';
import type { RouteTarget } from '../model/types';

/** Route targets through which nodes can reach AWS APIs (NAT, a central egress over a transit gateway, VPN). */
const EGRESS: ReadonlySet<RouteTarget> = new Set([
  'nat-gateway',
  'nat-instance',
  'transit-gateway',
  'vpn-gateway',
  'vpc-endpoint',
]);

/** The endpoints a node needs without internet access, by service-name suffix. */
const NEEDED: [string, string][] = [
  ['.ecr.api', 'ECR API (ecr.api)'],
  ['.ecr.dkr', 'ECR registry (ecr.dkr)'],
  ['.s3', 'S3'],
  ['.sts', 'STS'],
  ['.ec2', 'EC2'],
];

export default defineRule({
  id: 'private-subnet-no-egress',
  defaultSeverity: 'warning',
  category: 'vpc',
  scope: 'network',
  reads: ['vpcs', 'subnets', 'clusters', 'nodeGroups'],
  summary:
    'EKS nodes are placed in a private subnet with no route to a NAT or transit gateway and without the VPC endpoints nodes need.',
  rationale: [
    "A node in a private subnet reaches the EKS API, ECR (to pull the VPC CNI and pause images), S3 (image layers), STS (IRSA and the CNI's credentials) and EC2 (the CNI attaches ENIs and IPs) either through a NAT gateway, a transit gateway to a central egress VPC, or through VPC endpoints. With neither, kubelet cannot pull images and the CNI cannot assign addresses: the nodes never become Ready and the node group fails with `NodeCreationFailure`.",
    '',
    'Checked for subnets a node group uses whose route table is known: a route to a NAT gateway, NAT instance, transit gateway, virtual private gateway or Gateway Load Balancer endpoint counts as egress; otherwise the VPC must declare endpoints for `ecr.api`, `ecr.dkr`, `s3`, `sts` and `ec2`. A subnet is private when no route sends `0.0.0.0/0` to an internet gateway; when a route that might cannot be evaluated, or other routes or endpoints cannot be, the rule stays silent.',
  ].join('\n'),
  messages: {
    noEgress:
      'Private subnet {{subnet}} (used by node group {{nodeGroup}}) has no route to a NAT or transit gateway and the VPC lacks endpoints for {{missing}}: nodes cannot pull images or reach AWS APIs and will not join.',
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html',
  ],
  sources: ['cloudformation', 'terraform'],
  check(ctx) {
    const used = nodeSubnetKeys(ctx.model);
    const index = modelIndex(ctx.model);
    for (const s of ctx.model.subnets) {
      if (!used.has(s.key) || s.routes?.kind !== 'known') continue;
      const role = subnetRole(s);
      if (role.kind !== 'known' || role.value !== 'private') continue;
      const routes = s.routes.value;
      if (routes.some((r) => r.target.kind !== 'known' || EGRESS.has(r.target.value))) continue;
      const vpc = index.vpc(s.vpc);
      if (!vpc?.endpoints || vpc.endpoints.some((e) => e.service.kind !== 'known')) continue;
      const services = vpc.endpoints.map((e) => (e.service.kind === 'known' ? e.service.value : ''));
      const missing = NEEDED.filter(([suffix]) => !services.some((x) => x.endsWith(suffix))).map(([, label]) => label);
      if (!missing.length) continue;
      const ng = index.nodeGroupsInSubnet(s.key)[0];
      ctx.report({
        at: s.nameAt ?? s.at,
        messageId: 'noEgress',
        data: { subnet: s.name, nodeGroup: ng?.name ?? '?', missing: missing.join(', ') },
      });
    }
  },
});
