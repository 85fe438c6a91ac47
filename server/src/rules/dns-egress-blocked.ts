import { defineRule } from './defineRule';
import type { Report } from './context';
import type { FileSpan } from '../base/span';
import { contains, parseCidr } from '../base/cidr';
import {
  aclPath,
  customResolvers,
  groupsAllow,
  type DnsProtocol,
  type Resolver,
  type Verdict,
} from '../facts/dnsReach';
import type { NetworkAcl, NetworkModel, NodeGroup, SecurityGroup } from '../model/types';
import { NODE_EPHEMERAL, RECOMMENDED_EPHEMERAL } from '../model/dnsFacts';

type MessageId = 'groups' | 'groupsTcp' | 'acl' | 'aclTcp';

const PROTOCOLS: readonly DnsProtocol[] = ['udp', 'tcp'];

/** The VPC of a node group: its subnets' VPC, else its cluster's. */
function vpcOf(model: NetworkModel, ng: NodeGroup): string | undefined {
  for (const s of model.subnets) if (ng.subnets.includes(s.key) && s.vpc !== undefined) return s.vpc;
  return model.clusters.find((c) => c.key === ng.cluster)?.vpc;
}

/** Per protocol: reachable if one resolver is; blocked only if every resolver is. */
function combine(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('allowed')) return 'allowed';
  return verdicts.includes('unknown') ? 'unknown' : 'blocked';
}

const spanKey = (a: FileSpan) => `${a.file}:${a.span.start}:${a.span.end}`;
const ports = (p: { from: number; to: number }) => (p.from === p.to ? `port ${p.from}` : `ports ${p.from}-${p.to}`);

export default defineRule<MessageId>({
  id: 'dns-egress-blocked',
  defaultSeverity: 'error',
  category: 'vpc',
  scope: 'network',
  reads: [
    'vpcs',
    'subnets',
    'clusters',
    'nodeGroups',
    'securityGroups',
    'nodeSecurityGroups',
    'networkAcls',
    'dhcpOptions',
  ],
  summary:
    "A node group's security groups or its subnets' network ACL block DNS (UDP or TCP port 53) to the resolvers the VPC's DHCP options name.",
  rationale: [
    "Nodes resolve names through the DNS servers of their VPC's DHCP options: kubelet and containerd to reach the API server, ECR and S3, CoreDNS to forward every name outside the cluster. When a node cannot reach any of them, it never joins (the image pulls and the API server's name fail), and pods that do run cannot resolve anything outside the cluster.",
    '',
    '**Which resolvers count.** By default a VPC uses the Amazon DNS server (the Route 53 Resolver at the VPC base address plus two, also at 169.254.169.253; VPC User Guide, "Amazon DNS server"). Security groups and network ACLs do not filter that traffic (EC2 User Guide, "Security group rules": "Security groups cannot block DNS requests to or from the Route 53 Resolver"; VPC User Guide, "Network ACL basics"; the AWS blog post on Route 53 Resolver DNS Firewall says the same), so a node using it always reaches DNS, whatever its rules say. The rule therefore checks only VPCs whose DHCP options (`aws_vpc_dhcp_options` with `aws_vpc_dhcp_options_association`, `AWS::EC2::DHCPOptions` with `AWS::EC2::VPCDHCPOptionsAssociation`, `enable_dhcp_options` with `dhcp_options_domain_name_servers` of the terraform-aws-modules vpc module) name custom DNS servers and not `AmazonProvidedDNS`: an on-premises resolver, a Route 53 Resolver inbound endpoint, Active Directory. Those servers are ordinary addresses, and both security groups and network ACLs apply to them.',
    '',
    '**Security groups.** A node\'s groups are unioned (EC2 User Guide, "Security group rules": the rules of all groups are aggregated). A managed node group without a launch template, or whose launch template names no security group, gets the cluster security group, which EKS creates with an allow-all egress rule; eksnet takes it as created, since removing that rule is done by hand, outside any file (EKS User Guide, "View Amazon EKS security group requirements for clusters"); when the launch template names groups, EKS does not add the cluster security group (EKS User Guide, "Customize managed nodes with launch templates"). What each tool does with EC2\'s default allow-all egress rule: Terraform\'s `aws_security_group` removes it, so only the egress declared inline or by `aws_security_group_rule` / `aws_vpc_security_group_egress_rule` exists (provider docs, aws_security_group, "NOTE on Egress rules"); CloudFormation\'s `AWS::EC2::SecurityGroup` keeps it unless `SecurityGroupEgress` is given (a separate `AWS::EC2::SecurityGroupEgress` only adds). The terraform-aws-modules eks module\'s node security group has only the egress of its recommended rules (`egress_all`, when `node_security_group_enable_recommended_rules` is true, the default since v19) and of `node_security_group_additional_rules` (node_groups.tf). An egress rule lets DNS through when its protocol is all, `udp`/`17` or `tcp`/`6` with a port range holding 53, and its IPv4 block holds the resolver. A rule whose destination is a security group, `self` or a prefix list may or may not hold a custom resolver, so it makes the answer unknown.',
    '',
    `**Network ACLs.** A network ACL is stateless: the query leaves the node's subnet on port 53 and the answer comes back to the node's ephemeral port. Entries are evaluated in rule-number order, the first that matches decides, and the final \`*\` entry denies (VPC User Guide, "Network ACL rules"). The rule reports an ACL associated with a node subnet that denies port 53 outbound to the resolver, or inbound from it to the ports Linux nodes use (${NODE_EPHEMERAL.from}-${NODE_EPHEMERAL.to}; AWS recommends allowing ${RECOMMENDED_EPHEMERAL.from}-${RECOMMENDED_EPHEMERAL.to}, VPC User Guide, "Ephemeral ports"), before anything allows it. A resolver inside the node's own subnet is not behind the ACL. ACLs are read from \`aws_network_acl\` (inline rules and \`subnet_ids\`), \`aws_default_network_acl\` (its \`subnet_ids\`), \`aws_network_acl_rule\`, \`aws_network_acl_association\`, \`AWS::EC2::NetworkAcl\` with \`AWS::EC2::NetworkAclEntry\` and \`AWS::EC2::SubnetNetworkAclAssociation\`, and the vpc module's \`<kind>_dedicated_network_acl\` with \`<kind>_inbound_acl_rules\` / \`<kind>_outbound_acl_rules\` and its default ACL's \`default_network_acl_ingress\` / \`default_network_acl_egress\` (main.tf and variables.tf of terraform-aws-modules/terraform-aws-vpc, v3.19.0 to v6.6.0). A subnet with no ACL in the workspace uses the VPC's default ACL, which allows everything unless something manages it.`,
    '',
    '**Severity.** DNS answers over UDP; TCP carries answers too large for UDP and zone transfers (RFC 7766 requires resolvers to support both). The rule reports UDP blocked to every resolver as an error, and TCP blocked while UDP gets through as a warning: names whose answers are large (many records, DNSSEC) fail, the rest resolve.',
    '',
    "The rule says nothing when anything it needs is not known: a security group, rule, ACL entry, address or port that cannot be evaluated, a launch template or group made outside the module or template, a VPC whose DHCP options are not in the workspace. eksctl configs are not read for security groups: the groups eksctl makes for node groups are defined by its own CloudFormation stacks, which are not in the workspace, and `securityGroups.attachIDs` names existing groups by id, whose rules are not in the workspace either, so no eksctl node group could ever be proven blocked. The finding sits on the list that names the node groups' security groups (the launch template's `vpc_security_group_ids` / `SecurityGroupIds`, the eks module's node group entry), with each group as related information; or on the ACL entry that denies (the ACL itself for the final `*` rule), with the node groups and subnets behind it. Fix it by allowing UDP and TCP 53 to the resolvers in one of the node groups' security groups, and by allowing the resolvers' traffic in the ACL.",
  ].join('\n'),
  messages: {
    groups:
      "The security groups of {{nodeGroups}} ({{groups}}) allow no {{protocols}} port 53 egress to the DNS servers {{resolvers}} of the VPC's DHCP options {{options}}: the nodes cannot resolve names and will not join.",
    groupsTcp:
      "The security groups of {{nodeGroups}} ({{groups}}) allow UDP but no TCP port 53 egress to the DNS servers {{resolvers}} of the VPC's DHCP options {{options}}: answers too large for UDP will fail.",
    acl: "Network ACL {{acl}} denies {{protocols}} DNS {{direction}} for subnets {{subnets}} of {{nodeGroups}}: the nodes cannot reach the DNS servers {{resolvers}} of the VPC's DHCP options {{options}}.",
    aclTcp:
      'Network ACL {{acl}} denies TCP DNS {{direction}} for subnets {{subnets}} of {{nodeGroups}} (UDP gets through): answers from {{resolvers}} too large for UDP will fail.',
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/DHCPOptionSet.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html',
    'https://aws.amazon.com/blogs/networking-and-content-delivery/secure-your-amazon-vpc-dns-resolution-with-amazon-route-53-resolver-dns-firewall/',
    'https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html',
    'https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html',
    'https://github.com/terraform-aws-modules/terraform-aws-eks/blob/v21.19.0/node_groups.tf',
    'https://github.com/terraform-aws-modules/terraform-aws-vpc/blob/v6.6.0/main.tf',
    'https://datatracker.ietf.org/doc/html/rfc7766',
  ],
  sources: ['cloudformation', 'terraform'],
  check(ctx) {
    const m = ctx.model;
    const nodeGroups = new Map(m.nodeGroups.map((g) => [g.key, g]));
    const groups = new Map(m.securityGroups.map((g) => [g.key, g]));
    const reports = new Map<string, Report<MessageId, never> & { names: Set<string>; subnets?: Set<string> }>();
    const add = (key: string, r: Report<MessageId, never>, ng: NodeGroup, subnet?: string) => {
      const cur = reports.get(key) ?? {
        ...r,
        related: [...(r.related ?? [])],
        names: new Set<string>(),
        ...(subnet ? { subnets: new Set<string>() } : {}),
      };
      cur.names.add(ng.name);
      if (subnet) cur.subnets?.add(subnet);
      // Node groups that share the list or the entry add their subnets to the related information.
      if (reports.has(key))
        for (const x of r.related ?? [])
          if (!cur.related?.some((y) => spanKey(y.at) === spanKey(x.at))) cur.related?.push(x);
      reports.set(key, cur);
    };
    // Security groups: one finding per list that names them.
    for (const n of m.nodeSecurityGroups) {
      const ng = nodeGroups.get(n.nodeGroup);
      const vpc = ng && vpcOf(m, ng);
      const dns = vpc !== undefined ? customResolvers(m, vpc) : undefined;
      if (!ng || !dns || n.groups.kind !== 'known') continue;
      const sgs = n.groups.value.map((k) => groups.get(k));
      if (sgs.some((g) => !g || g.exists)) continue;
      const present = sgs as SecurityGroup[];
      const verdict = (p: DnsProtocol) => combine(dns.resolvers.map((r) => groupsAllow(present, p, r.block)));
      const [udp, tcp] = PROTOCOLS.map(verdict);
      if (udp !== 'blocked' && tcp !== 'blocked') continue;
      const messageId: MessageId = udp === 'blocked' ? 'groups' : 'groupsTcp';
      if (messageId === 'groupsTcp' && udp !== 'allowed') continue;
      const protocols = udp === 'blocked' && tcp === 'blocked' ? 'UDP or TCP' : udp === 'blocked' ? 'UDP' : 'TCP';
      add(
        `g:${spanKey(n.at)}`,
        {
          at: n.at,
          messageId,
          data: {
            groups: present.map((g) => g.name).join(', '),
            protocols,
            ...resolverData(dns.resolvers, dns.options.name),
          },
          related: present.map((g) => ({
            at: g.at,
            message: `${g.name} has no egress rule for ${protocols} port 53 to ${dns.resolvers.map((r) => r.address).join(', ')}${g.egressNote ? ` (${g.egressNote})` : ''}.`,
          })),
          ...(messageId === 'groupsTcp' ? { severity: 'warning' as const } : {}),
        },
        ng,
      );
    }
    // Network ACLs: one finding per denying entry (or ACL, for the final `*` rule).
    for (const ng of m.nodeGroups) {
      const vpc = vpcOf(m, ng);
      const dns = vpc !== undefined ? customResolvers(m, vpc) : undefined;
      if (!dns) continue;
      for (const s of m.subnets) {
        if (!ng.subnets.includes(s.key)) continue;
        const acls = m.networkAcls.filter((a) => a.subnets.includes(s.key));
        if (acls.length !== 1 || acls[0].exists) continue;
        const acl = acls[0];
        // A resolver inside the subnet is reached without crossing its ACL.
        const block = s.cidr?.kind === 'known' ? parseCidr(s.cidr.value) : undefined;
        if (!block?.ok || dns.resolvers.some((r) => contains(block.cidr, r.block))) continue;
        const results = PROTOCOLS.map((p) => dns.resolvers.map((r) => aclPath(acl, p, r.block)));
        const [udp, tcp] = results.map((rs) => combine(rs.map((r) => r.verdict)));
        if (udp !== 'blocked' && tcp !== 'blocked') continue;
        if (udp !== 'blocked' && udp !== 'allowed') continue;
        const first = (udp === 'blocked' ? results[0] : results[1])[0];
        const messageId: MessageId = udp === 'blocked' ? 'acl' : 'aclTcp';
        const direction =
          first.direction === 'outbound'
            ? `outbound to port 53`
            : `inbound on ${ports(first.denied ?? NODE_EPHEMERAL)} (the answers)`;
        const at = first.entry?.at ?? acl.at;
        add(
          `a:${spanKey(at)}:${messageId}`,
          {
            at,
            messageId,
            data: {
              acl: acl.name,
              direction,
              protocols: udp === 'blocked' && tcp === 'blocked' ? 'UDP and TCP' : 'UDP',
              ...resolverData(dns.resolvers, dns.options.name),
            },
            related: aclRelated(acl, first.entry === undefined, s.name, s.at),
            ...(messageId === 'aclTcp' ? { severity: 'warning' as const } : {}),
          },
          ng,
          s.name,
        );
      }
    }
    for (const r of reports.values()) {
      const { names, subnets, ...report } = r;
      report.data = {
        ...report.data,
        nodeGroups: `${names.size > 1 ? 'node groups' : 'node group'} ${[...names].join(', ')}`,
        ...(subnets ? { subnets: [...subnets].join(', ') } : {}),
      };
      ctx.report(report);
    }
  },
});

function resolverData(resolvers: Resolver[], options: string): Record<string, string> {
  return { resolvers: resolvers.map((r) => r.address).join(', '), options };
}

function aclRelated(acl: NetworkAcl, finalRule: boolean, subnet: string, subnetAt: FileSpan) {
  const out = [{ at: subnetAt, message: `Subnet ${subnet} is associated with ${acl.name}.` }];
  if (finalRule)
    out.unshift({ at: acl.at, message: `No entry of ${acl.name} allows the traffic, so its final * entry denies it.` });
  return out;
}
