import { defineRule } from './defineRule';
import { isKnown } from '../model/located';
import { cidrSites, parsedCidr, type CidrField } from '../model/cidrValues';

const FIELD: Record<CidrField, string> = {
  'vpc.cidrs': 'VPC IPv4 block',
  'vpc.ipv6Cidrs': 'VPC IPv6 block',
  'subnet.cidr': 'subnet IPv4 block',
  'subnet.ipv6Cidr': 'subnet IPv6 block',
  'cluster.serviceIpv4Cidr': 'service IPv4 CIDR',
};

export default defineRule({
  id: 'cidr-invalid',
  defaultSeverity: 'error',
  category: 'cidr',
  scope: 'file',
  reads: ['vpcs', 'subnets', 'clusters'],
  summary: 'A VPC, subnet or service CIDR is not a valid CIDR block of its address family, or has host bits set.',
  rationale: [
    'Every CIDR field in a VPC plan is read by AWS or by the tool that creates the resource: a value that is not a block (`10.0.0/16`, `10.0.0.0`, `10.0.0.0/33`, an octet with a leading zero) makes `CreateVpc`, `CreateSubnet` or `CreateCluster` fail, usually halfway through a stack, and an IPv6 block in an IPv4 field (or the reverse) is rejected the same way.',
    '',
    'A block with host bits set (`10.0.1.0/16`) is not the network its author had in mind: AWS silently stores the network address (`10.0.0.0/16`), Terraform rejects it at plan time, and every other check has to guess what was meant. The quick fix writes the network address. The other CIDR rules then check the block at that network address, as AWS will use it, so host bits hide none of its other problems (`8.8.0.0/12` is also a public range and too large for a VPC); a value that is not a block, or of the wrong family, is reported here alone.',
  ].join('\n'),
  messages: {
    syntax: 'Invalid {{field}}: {{reason}}',
    hostBits:
      '{{field}} `{{value}}` has host bits set beyond the /{{prefix}} prefix; the network address is {{network}}, which is what AWS stores.',
    family: '{{field}} `{{value}}` is an IPv{{got}} block; this field takes IPv{{want}}.',
  },
  fixes: {
    useNetwork: {
      title: 'Use the network address {{network}}',
      safe: false,
      why: 'The author may have meant a longer prefix (`10.0.1.0/24` rather than `10.0.0.0/16`), which changes every address plan around it.',
    },
  },
  references: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html',
    'https://pkg.go.dev/net#ParseCIDR',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const site of cidrSites(ctx.model)) {
      const v = site.value;
      if (!isKnown(v)) continue;
      const r = parsedCidr(v);
      const field = FIELD[site.field];
      if (r.ok) {
        if (r.cidr.version !== site.family)
          ctx.report({
            at: v.at,
            messageId: 'family',
            data: { field: cap(field), value: v.value, got: r.cidr.version, want: site.family },
          });
        continue;
      }
      if (r.reason === 'syntax' || !r.network) {
        ctx.report({ at: v.at, messageId: 'syntax', data: { field, reason: r.message } });
        continue;
      }
      const network = r.network;
      const prefix = network.split('/')[1] ?? '';
      // The value is replaced where it is written (maybe quoted); a value not written there
      // character for character (computed, escaped) gets no fix.
      const fixes = [
        { fixId: 'useNetwork' as const, changes: [{ kind: 'replace' as const, target: v, value: network }] },
      ];
      const wrongFamily = network.includes(':') !== (site.family === 6);
      if (wrongFamily) {
        ctx.report({
          at: v.at,
          messageId: 'family',
          data: { field: cap(field), value: v.value, got: site.family === 6 ? 4 : 6, want: site.family },
        });
        continue;
      }
      ctx.report({
        at: v.at,
        messageId: 'hostBits',
        data: { field: cap(field), value: v.value, prefix, network },
        fixes,
        severity: 'warning',
      });
    }
  },
});

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
