import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initHcl } from '../../server/src/parsers/hcl';
import { engineOf } from '../helpers/workspace';
import { aclPath, customResolvers, groupsAllow } from '../../server/src/facts/dnsReach';
import { cidrOf } from '../../server/src/base/cidr';
import type { NetworkModel } from '../../server/src/model/types';

/**
 * facts/dnsReach.ts decides whether nodes reach their DNS servers. These tests build the model from
 * Terraform, as users write it, and check the three answers: which resolvers count (only custom
 * DHCP servers, since security groups and ACLs do not filter the Amazon DNS server), the union of
 * a node's groups, and network ACL entries in number order with the final deny.
 */
before(async () => assert.ok(await initHcl(), 'the wasm parser loads'));

const modelOf = (tf: string): NetworkModel => engineOf({ '/w/main.tf': tf }).analyze().model;
const RESOLVER = cidrOf('10.50.0.10/32');

const VPC = (servers: string) => `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_vpc_dhcp_options" "o" {
  domain_name_servers = ${servers}
}
resource "aws_vpc_dhcp_options_association" "o" {
  vpc_id          = aws_vpc.main.id
  dhcp_options_id = aws_vpc_dhcp_options.o.id
}
`;

test('only DHCP options that name custom servers and not AmazonProvidedDNS give resolvers to check', () => {
  const vpcKey = (m: NetworkModel) => m.vpcs[0].key;
  let m = modelOf(VPC('["10.50.0.10", "10.50.0.11"]'));
  assert.deepEqual(
    customResolvers(m, vpcKey(m))?.resolvers.map((r) => r.address),
    ['10.50.0.10', '10.50.0.11'],
  );
  m = modelOf(VPC('["AmazonProvidedDNS", "10.50.0.10"]'));
  assert.equal(customResolvers(m, vpcKey(m)), undefined, 'the Amazon DNS server is always reachable');
  m = modelOf(VPC('[var.dns]') + 'variable "dns" {\n  type = string\n}\n');
  assert.equal(customResolvers(m, vpcKey(m)), undefined, 'an unknown server gives no verdict');
  m = modelOf('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n');
  assert.equal(customResolvers(m, vpcKey(m)), undefined, 'no options set: the default one, with AmazonProvidedDNS');
});

const SG = (name: string, egress: string) => `
resource "aws_security_group" "${name}" {
  vpc_id = "vpc-1"
${egress}
}
`;
const EGRESS = (protocol: string, from: number, to: number, cidrs: string) => `  egress {
    protocol    = "${protocol}"
    from_port   = ${from}
    to_port     = ${to}
    cidr_blocks = ${cidrs}
  }`;

test("a node's groups are a union, and a rule allows DNS by protocol, port range and block", () => {
  const verdicts = (tf: string) => {
    const groups = modelOf(tf).securityGroups;
    return ['udp', 'tcp'].map((p) => groupsAllow(groups, p as 'udp' | 'tcp', RESOLVER));
  };
  assert.deepEqual(verdicts(SG('a', EGRESS('tcp', 443, 443, '["0.0.0.0/0"]'))), ['blocked', 'blocked']);
  assert.deepEqual(verdicts(SG('a', '')), ['blocked', 'blocked'], 'Terraform removes the default rule');
  assert.deepEqual(
    verdicts(SG('a', EGRESS('tcp', 443, 443, '["0.0.0.0/0"]')) + SG('b', EGRESS('17', 0, 1024, '["10.50.0.0/24"]'))),
    ['allowed', 'blocked'],
    'UDP (17) from the second group, TCP from neither',
  );
  assert.deepEqual(verdicts(SG('a', EGRESS('-1', 0, 0, '["10.50.0.10/32"]'))), ['allowed', 'allowed']);
  assert.deepEqual(verdicts(SG('a', EGRESS('udp', 54, 60, '["0.0.0.0/0"]'))), ['blocked', 'blocked'], 'ports miss 53');
  assert.deepEqual(
    verdicts(SG('a', EGRESS('udp', 53, 53, '["10.60.0.0/16"]'))),
    ['blocked', 'blocked'],
    'block misses',
  );
  assert.deepEqual(
    verdicts(
      SG('a', '  egress {\n    protocol  = "udp"\n    from_port = 53\n    to_port   = 53\n    self      = true\n  }'),
    ),
    ['unknown', 'blocked'],
    'the group itself may hold a custom resolver',
  );
});

const ACL = (entries: string) => `
resource "aws_network_acl" "n" {
  vpc_id = "vpc-1"
${entries}
}
`;
const ENTRY = (
  dir: string,
  no: number,
  action: string,
  protocol: string,
  cidr: string,
  from: number,
  to: number,
) => `  ${dir} {
    rule_no    = ${no}
    action     = "${action}"
    protocol   = "${protocol}"
    cidr_block = "${cidr}"
    from_port  = ${from}
    to_port    = ${to}
  }`;

test('network ACL entries decide in number order, first match wins, the final * denies', () => {
  const path = (entries: string, protocol: 'udp' | 'tcp' = 'udp') => {
    const r = aclPath(modelOf(ACL(entries)).networkAcls[0], protocol, RESOLVER);
    return r.verdict === 'blocked' ? `blocked ${r.direction} ${r.denied?.from}-${r.denied?.to}` : r.verdict;
  };
  const allOut = ENTRY('egress', 100, 'allow', '-1', '0.0.0.0/0', 0, 0);
  const allIn = ENTRY('ingress', 100, 'allow', '-1', '0.0.0.0/0', 0, 0);
  assert.equal(path(allOut + allIn), 'allowed');
  assert.equal(path(allOut), 'blocked inbound 32768-61000', 'no inbound entry: the final * denies the answers');
  assert.equal(
    path(ENTRY('egress', 50, 'deny', 'udp', '10.50.0.0/16', 53, 53) + allOut + allIn),
    'blocked outbound 53-53',
  );
  assert.equal(
    path(ENTRY('egress', 150, 'deny', 'udp', '10.50.0.0/16', 53, 53) + allOut + allIn),
    'allowed',
    'the deny comes after the allow',
  );
  assert.equal(path(ENTRY('egress', 50, 'deny', 'tcp', '0.0.0.0/0', 53, 53) + allOut + allIn), 'allowed', 'TCP only');
  assert.equal(
    path(
      ENTRY('ingress', 50, 'allow', 'udp', '10.50.0.0/16', 32768, 40000) +
        ENTRY('ingress', 60, 'deny', 'udp', '0.0.0.0/0', 1024, 65535) +
        allIn +
        allOut,
    ),
    'blocked inbound 40001-61000',
    'an allow that covers part of the ports leaves the rest to the next entry',
  );
  assert.equal(
    path(ENTRY('ingress', 50, 'deny', 'tcp', '0.0.0.0/0', 3389, 3389) + allIn + allOut, 'tcp'),
    'allowed',
    'a deny below the ports Linux nodes use is not a DNS failure',
  );
});
