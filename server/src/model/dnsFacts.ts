/**
 * The facts dns-egress-blocked rests on, in one place, each with its source (the rule's doc cites
 * them too). Builders use the default-egress facts to record the egress a security group really
 * has; facts/dnsReach.ts uses the rest to judge whether a node reaches a resolver.
 */
import type { PortRange, RuleProtocol, SgEgressRule } from './types';
import type { FileSpan } from '../base/span';
import { known } from './located';

/** DNS: UDP and TCP port 53 (RFC 1035 §4.2; RFC 7766 makes TCP a requirement, not a fallback). */
export const DNS_PORT = 53;

/**
 * The name a DHCP options set uses for the VPC's own resolver (the Route 53 Resolver at the VPC base
 * address plus two, also reachable at 169.254.169.253; Amazon VPC User Guide, "Amazon DNS server").
 * Security groups and network ACLs do not filter traffic to it (EC2 User Guide, "Security group
 * rules": "Security groups cannot block DNS requests to or from the Route 53 Resolver"; VPC User
 * Guide, "Network ACL basics"), so a node that uses it always reaches DNS whatever its rules say.
 */
export const AMAZON_PROVIDED_DNS = 'AmazonProvidedDNS';

/**
 * The ports a node's resolver library answers on: Linux's default `ip_local_port_range`. AWS
 * recommends allowing 1024-65535 inbound on a network ACL for return traffic (VPC User Guide,
 * "Ephemeral ports", which gives 32768-61000 for Linux kernels); eksnet reports a deny only when it
 * hits the ports Linux nodes really use, so a deny of, say, 3389 is not called a DNS failure.
 */
export const NODE_EPHEMERAL: PortRange = { from: 32768, to: 61000 };

/** The range AWS recommends allowing inbound for return traffic, for messages and fixes. */
export const RECOMMENDED_EPHEMERAL: PortRange = { from: 1024, to: 65535 };

/**
 * A protocol as AWS rules write it, normalised: `-1` and `all` are every protocol; `6` is TCP and
 * `17` UDP (IANA numbers, which EC2 accepts for security group and network ACL rules alike).
 */
export function normaliseProtocol(written: string): RuleProtocol {
  const p = written.trim().toLowerCase();
  if (p === '-1' || p === 'all') return 'all';
  if (p === '6') return 'tcp';
  if (p === '17') return 'udp';
  return p;
}

/**
 * What each tool does with the allow-all egress rule EC2 gives a new VPC security group:
 * - Terraform's `aws_security_group` revokes it right after creating the group; only the egress
 *   declared inline or by rule resources exists (provider docs, aws_security_group, "NOTE on
 *   Egress rules").
 * - CloudFormation's `AWS::EC2::SecurityGroup` keeps it unless the template gives
 *   `SecurityGroupEgress` (CloudFormation template reference, AWS::EC2::SecurityGroup,
 *   SecurityGroupEgress); a separate `AWS::EC2::SecurityGroupEgress` adds a rule and leaves the
 *   default in place, since it only authorises egress.
 * - EKS creates the cluster security group with the allow-all egress rule (EKS User Guide,
 *   "View Amazon EKS security group requirements for clusters").
 */
export const DEFAULT_EGRESS_NOTE = {
  terraform: "Terraform's aws_security_group removes AWS's default allow-all egress rule",
  cloudformation: 'SecurityGroupEgress replaces the default allow-all egress rule',
} as const;

/** The allow-all egress rule EC2 puts on a new group (protocol all, 0.0.0.0/0), located at the group. */
export function defaultEgressRule(at: FileSpan): SgEgressRule {
  return { at, protocol: known('all', at), cidrs: [known('0.0.0.0/0', at)] };
}
