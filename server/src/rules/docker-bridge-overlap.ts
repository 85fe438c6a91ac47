import { defineRule } from './defineRule';
import { byKey, cidrValue } from '../model/cidrValues';
import { subnetLabel } from '../facts/reachability';
import { cidrOf, overlaps } from '../base/cidr';

const DOCKER = cidrOf('172.17.0.0/16');

export default defineRule({
  id: 'docker-bridge-overlap',
  defaultSeverity: 'warning',
  category: 'cidr',
  scope: 'network',
  reads: ['vpcs', 'subnets'],
  summary: 'A VPC block or subnet overlaps 172.17.0.0/16, the Docker bridge range.',
  rationale: [
    "Docker's default bridge uses 172.17.0.0/16. On nodes where the bridge is enabled (custom AMIs, the EKS AL2 AMI with `--enable-docker-bridge`, build nodes running Docker), traffic to VPC addresses in that range is routed to the local bridge instead: the EKS troubleshooting guide lists `dial tcp 172.17.x.x:10250: getsockopt: no route to host` for this case. AWS also advises against 172.17.0.0/16 for VPCs because some AWS services use it.",
    '',
    'Choose subnets outside 172.17.0.0/16. A VPC block containing that range is reported only when none of its subnets is already reported.',
  ].join('\n'),
  messages: {
    subnet:
      "The {{name}} ({{cidr}}) overlaps 172.17.0.0/16, Docker's default bridge; nodes with the bridge enabled cannot reach these addresses.",
    vpc: "VPC block {{cidr}} overlaps 172.17.0.0/16, Docker's default bridge; keep the cluster's subnets out of that range.",
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const reportedVpcs = new Set<string>();
    for (const s of ctx.model.subnets) {
      const c = cidrValue(s.cidr, 4);
      if (!c || !overlaps(c.cidr, DOCKER)) continue;
      ctx.report({ at: c.value.at, messageId: 'subnet', data: { name: subnetLabel(s), cidr: c.cidr.text } });
      if (s.vpc) reportedVpcs.add(s.vpc);
    }
    for (const vpc of byKey(ctx.model.vpcs).values()) {
      if (reportedVpcs.has(vpc.key)) continue;
      for (const v of vpc.cidrs) {
        const c = cidrValue(v, 4);
        if (c && overlaps(c.cidr, DOCKER))
          ctx.report({ at: c.value.at, messageId: 'vpc', data: { cidr: c.cidr.text } });
      }
    }
  },
});
