import { defineRule } from './defineRule';
import { checkSubnetTag } from './shared/subnetTag';

export default defineRule({
  id: 'subnet-missing-elb-tag',
  defaultSeverity: 'warning',
  category: 'vpc',
  scope: 'network',
  reads: ['vpcs', 'subnets', 'clusters', 'nodeGroups'],
  summary:
    'A public subnet of an EKS VPC lacks the `kubernetes.io/role/elb` tag that internet-facing load balancers are placed by.',
  rationale: [
    'The AWS Load Balancer Controller (and the in-tree service controller) choose subnets for an internet-facing load balancer by the tag `kubernetes.io/role/elb` (value `1` or empty). Without it on the public subnets, a `Service` of type `LoadBalancer` or an `Ingress` stays pending with "unable to discover at least one subnet" or "could not find any suitable subnets for creating the ELB".',
    '',
    'A subnet is public when its route table sends `0.0.0.0/0` to an internet gateway (eksctl and the VPC module say so by the section or input the subnet is declared in). When a route that might be that default route cannot be evaluated (a gateway id passed in as a variable or parameter, a destination known only at deployment), whether the subnet is public is unknown and the rule stays silent. The rule applies to VPCs meant for EKS: used by a cluster or node group in the workspace, carrying a `kubernetes.io/cluster/*` tag, or all VPCs with the `assumeEksVpc` setting. When other public subnets of the VPC carry the tag, an untagged one is reported only when its zone is known and no tagged subnet is known to sit in that zone. The fix adds the tag with value "1".',
  ].join('\n'),
  messages: {
    missing: 'Public subnet {{subnet}} has no `{{tag}}` tag: internet-facing load balancers cannot be placed in it.',
  },
  fixes: {
    addTag: {
      title: 'Add tag {{tag}}=1',
      safe: false,
      why: 'A tagged subnet becomes a candidate for every load balancer of its kind, which can move load balancers away from the subnets the team meant for them.',
    },
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/userguide/network-load-balancing.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html',
    'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/subnet_discovery/',
  ],
  sources: ['cloudformation', 'terraform'],
  check(ctx) {
    checkSubnetTag(ctx, true, 'kubernetes.io/role/elb');
  },
});
