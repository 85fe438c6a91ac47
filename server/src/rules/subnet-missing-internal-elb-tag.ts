import { defineRule } from './defineRule';
import { checkSubnetTag } from './shared/subnetTag';
import { MIN_FREE_ADDRESSES, ZONES_NEEDED } from '../facts/loadBalancer';

export default defineRule({
  id: 'subnet-missing-internal-elb-tag',
  defaultSeverity: 'warning',
  category: 'vpc',
  scope: 'network',
  reads: ['vpcs', 'subnets', 'clusters', 'nodeGroups', 'eniConfigs'],
  summary:
    'A private subnet of an EKS VPC is left out of internal load balancers for want of the `kubernetes.io/role/internal-elb` tag: no subnet of the VPC has it, or others do but none in its zone.',
  rationale: [
    `Internal load balancers (\`service.beta.kubernetes.io/aws-load-balancer-scheme: internal\`, or an internal ALB Ingress) go into the subnets the AWS Load Balancer Controller discovers by the role tag \`kubernetes.io/role/internal-elb\` (value \`1\` or empty). When any subnet of the cluster's VPC carries the tag, only tagged subnets are candidates. When none does, versions before v2.12.1 find no subnet at all and the load balancer is never created; v2.12.1 and later fall back to the subnets whose reachability matches the scheme, here the private ones. The controller then keeps subnets with at least ${MIN_FREE_ADDRESSES} free addresses and picks one per availability zone; an ALB needs ${ZONES_NEEDED.alb} zones, an NLB ${ZONES_NEEDED.nlb}. The legacy in-tree service controller (\`kubernetes/cloud-provider-aws\`, \`findELBSubnets\`) may place an internal load balancer in any subnet of the cluster and uses the tag only to choose between two subnets of one zone.`,
    '',
    'So the rule reports, per EKS VPC, the private subnets meant for load balancers that lack the tag:',
    '',
    '- when no subnet of the VPC carries it, each of them once (`missing`);',
    '- when some do, the untagged ones in zones that no tagged subnet covers (`zone`): the controller silently leaves those zones out.',
    '- a subnet that has the key with another value than `1` or empty (`true`, `yes`), at the value (`value`): the controller asks EC2 for those two values only, so it does not see the subnet. The fix sets the value to `1`.',
    '',
    'A subnet is private when its route table has no `0.0.0.0/0` route to an internet gateway (it routes to a NAT gateway, elsewhere, or nowhere; eksctl and the VPC module say so by the section or input the subnet is declared in); when a route that might send `0.0.0.0/0` to an internet gateway cannot be evaluated, the rule stays silent. Subnets that are not meant for load balancers are left out: the database, ElastiCache, Redshift, intra and Outpost subnets of the terraform-aws-modules vpc module (the eks module\'s examples put the control plane in intra subnets and leave them untagged), and subnets whose only use the workspace shows is pods through ENIConfigs (custom networking). A subnet whose tags are not all known is never reported, and may carry the tag, so it counts as covering its zone. A subnet with a misspelt role key (`kubernetes.io/role/private-elb`) is reported by `subnet-role-tag-misspelt` instead. The rule applies to VPCs meant for EKS: used by a cluster or node group in the workspace, carrying a `kubernetes.io/cluster/*` tag, or all VPCs with the `assumeEksVpc` setting. The fix adds the tag with value "1".',
  ].join('\n'),
  messages: {
    missing:
      'Private subnet {{subnet}} has no `{{tag}}` tag, and no subnet of its VPC has it: the AWS Load Balancer Controller before v2.12.1 finds no subnet for internal load balancers (v2.12.1 and later fall back to the private subnets).',
    zone: 'Private subnet {{subnet}} has no `{{tag}}` tag, and no subnet in {{zone}} has it: once subnets of the VPC carry the tag the controller uses tagged subnets only, so internal load balancers leave {{zone}} out.',
    value:
      'Private subnet {{subnet}} has `{{tag}}` = `{{value}}`: the controller matches only the values `1` and empty, so it does not take the subnet for internal load balancers.',
  },
  fixes: {
    addTag: {
      title: 'Add tag {{tag}}=1',
      safe: false,
      why: 'A tagged subnet becomes a candidate for every load balancer of its kind, which can move load balancers away from the subnets the team meant for them.',
    },
    setValue: {
      title: 'Set {{tag}} to 1',
      safe: false,
      why: 'The value may be written in a variable or local that other tags read, which the rewrite would change too.',
    },
  },
  references: [
    'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/subnet_discovery/',
    'https://docs.aws.amazon.com/eks/latest/userguide/network-load-balancing.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html',
    'https://github.com/kubernetes/cloud-provider-aws/blob/master/pkg/providers/v1/aws.go',
  ],
  sources: ['cloudformation', 'terraform'],
  check(ctx) {
    checkSubnetTag(ctx, 'internal');
  },
});
