import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineOf } from '../helpers/workspace';

/**
 * A CloudFormation VPC with no cluster in the workspace is meant for EKS only through its
 * `kubernetes.io/cluster/<name>` tag; the clusterName setting narrows that to one cluster.
 */
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      EnableDnsSupport: true
      Tags:
        - Key: kubernetes.io/cluster/blue
          Value: shared
`;

const dnsFindings = (settings?: unknown) =>
  engineOf({ 'vpc.yaml': TEMPLATE }, settings)
    .analyze()
    .findings.filter((f) => f.ruleId === 'vpc-dns-hostnames-disabled');

test('any kubernetes.io/cluster/* tag marks the VPC as meant for EKS by default', () => {
  assert.equal(dnsFindings().length, 1);
});

test("with clusterName set, only that cluster's tag counts", () => {
  assert.equal(dnsFindings({ clusterName: 'blue' }).length, 1);
  assert.equal(dnsFindings({ clusterName: 'green' }).length, 0);
});
