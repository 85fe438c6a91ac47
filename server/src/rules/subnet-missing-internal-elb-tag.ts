import { defineRule } from './defineRule';
import { checkSubnetTag } from './shared/subnetTag';

export default defineRule({
  id: 'subnet-missing-internal-elb-tag',
  defaultSeverity: 'warning',
  category: 'vpc',
  scope: 'network',
  reads: ['vpcs', 'subnets', 'clusters', 'nodeGroups'],
  summary:
    'A private subnet of an EKS VPC lacks the `kubernetes.io/role/internal-elb` tag that internal load balancers are placed by.',
  rationale: [
    'Internal load balancers (`service.beta.kubernetes.io/aws-load-balancer-scheme: internal`, or an internal ALB Ingress) go into subnets tagged `kubernetes.io/role/internal-elb` (value `1` or empty). Without the tag on the private subnets the AWS Load Balancer Controller finds no subnet and the load balancer is never created.',
    '',
    'A subnet is private when its route table has no `0.0.0.0/0` route to an internet gateway (it routes to a NAT gateway, elsewhere, or nowhere; eksctl and the VPC module say so by the section or input the subnet is declared in). When a route that might send `0.0.0.0/0` to an internet gateway cannot be evaluated (a gateway id passed in as a variable or parameter, a destination known only at deployment, a route table of another stack), whether the subnet is private is unknown and the rule stays silent. The rule applies to VPCs meant for EKS: used by a cluster or node group in the workspace, carrying a `kubernetes.io/cluster/*` tag, or all VPCs with the `assumeEksVpc` setting. When other subnets of the same role in the VPC carry the tag, the team has chosen where load balancers go (the control plane\'s `intra` subnets of the terraform-aws-modules eks examples are left untagged on purpose): an untagged subnet is then reported only when its zone is known and no tagged subnet is known to sit in that zone. The fix adds the tag with value "1".',
  ].join('\n'),
  messages: {
    missing: 'Private subnet {{subnet}} has no `{{tag}}` tag: internal load balancers cannot be placed in it.',
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
    checkSubnetTag(ctx, false, 'kubernetes.io/role/internal-elb');
  },
});
