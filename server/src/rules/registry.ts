import type { Rule } from './defineRule';
import awsNodeEnvConflict from './aws-node-env-conflict';
import awsNodeEnvDeprecated from './aws-node-env-deprecated';
import awsNodeEnvInvalid from './aws-node-env-invalid';
import awsNodeEnvUnknown from './aws-node-env-unknown';
import awsNodeIpFamilyMissing from './aws-node-ip-family-missing';
import syntaxError from './syntax-error';
import helmTemplateSkipped from './helm-template-skipped';
import eniconfigSchema from './eniconfig-schema';
import customNetworkingMaxPods from './custom-networking-max-pods';
import eniconfigMissingForAz from './eniconfig-missing-for-az';
import eniconfigNameNotAz from './eniconfig-name-not-az';
import eniconfigSubnetAzMismatch from './eniconfig-subnet-az-mismatch';
import instanceTypeUnknown from './instance-type-unknown';
import loadBalancerNoSubnets from './load-balancer-no-subnets';
import loadBalancerSubnetsInvalid from './load-balancer-subnets-invalid';
import maxPodsExceedsCapacity from './max-pods-exceeds-capacity';
import nodeGroupMixedMaxPods from './node-group-mixed-max-pods';
import nodeSubnetNoPublicIp from './node-subnet-no-public-ip';
import podEniUnsupportedInstance from './pod-eni-unsupported-instance';
import prefixDelegationUnsupportedInstance from './prefix-delegation-unsupported-instance';
import subnetIpExhaustion from './subnet-ip-exhaustion';
import cidrInvalid from './cidr-invalid';
import clusterSubnetsSingleAz from './cluster-subnets-single-az';
import dnsEgressBlocked from './dns-egress-blocked';
import dockerBridgeOverlap from './docker-bridge-overlap';
import serviceCidrInvalid from './service-cidr-invalid';
import serviceCidrOverlap from './service-cidr-overlap';
import subnetOutsideVpc from './subnet-outside-vpc';
import subnetOverlap from './subnet-overlap';
import subnetSize from './subnet-size';
import subnetTooSmallForCluster from './subnet-too-small-for-cluster';
import vpcCidrOverlap from './vpc-cidr-overlap';
import vpcCidrPublicRange from './vpc-cidr-public-range';
import vpcCidrSize from './vpc-cidr-size';
import vpcSecondaryCidrRestricted from './vpc-secondary-cidr-restricted';
import privateSubnetNoEgress from './private-subnet-no-egress';
import subnetMissingElbTag from './subnet-missing-elb-tag';
import subnetMissingInternalElbTag from './subnet-missing-internal-elb-tag';
import subnetRoleTagMisspelt from './subnet-role-tag-misspelt';
import vpcDnsHostnamesDisabled from './vpc-dns-hostnames-disabled';
import vpcDnsSupportDisabled from './vpc-dns-support-disabled';

/**
 * Every rule, sorted by id. This is the only place rules are listed; a test fails when a file under
 * rules/ is missing here or a rule's id differs from its file name.
 */
export const RULES: readonly Rule[] = [
  awsNodeEnvConflict,
  awsNodeEnvDeprecated,
  awsNodeEnvInvalid,
  awsNodeEnvUnknown,
  awsNodeIpFamilyMissing,
  cidrInvalid,
  clusterSubnetsSingleAz,
  customNetworkingMaxPods,
  dnsEgressBlocked,
  dockerBridgeOverlap,
  eniconfigMissingForAz,
  eniconfigNameNotAz,
  eniconfigSchema,
  eniconfigSubnetAzMismatch,
  helmTemplateSkipped,
  instanceTypeUnknown,
  loadBalancerNoSubnets,
  loadBalancerSubnetsInvalid,
  maxPodsExceedsCapacity,
  nodeGroupMixedMaxPods,
  nodeSubnetNoPublicIp,
  podEniUnsupportedInstance,
  prefixDelegationUnsupportedInstance,
  privateSubnetNoEgress,
  serviceCidrInvalid,
  serviceCidrOverlap,
  subnetIpExhaustion,
  subnetMissingElbTag,
  subnetMissingInternalElbTag,
  subnetOutsideVpc,
  subnetOverlap,
  subnetRoleTagMisspelt,
  subnetSize,
  subnetTooSmallForCluster,
  syntaxError,
  vpcCidrOverlap,
  vpcCidrPublicRange,
  vpcCidrSize,
  vpcDnsHostnamesDisabled,
  vpcDnsSupportDisabled,
  vpcSecondaryCidrRestricted,
] as Rule[];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
