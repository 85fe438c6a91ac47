import type { EvalContext } from './context';
import { type CfnValue, Unknown, ResRef, NoValue } from './values';

/**
 * `Fn::GetAtt` attributes that are copies of a property written in the template, so their value is
 * the property's. Attributes that are ids of the resource itself are references; the rest are
 * known only after deployment.
 */
const COPIED: Record<string, Record<string, string[]>> = {
  'AWS::EC2::VPC': { CidrBlock: ['CidrBlock'] },
  'AWS::EC2::Subnet': {
    AvailabilityZone: ['AvailabilityZone'],
    AvailabilityZoneId: ['AvailabilityZoneId'],
    CidrBlock: ['CidrBlock'],
    VpcId: ['VpcId'],
  },
  'AWS::EC2::VPCCidrBlock': { VpcId: ['VpcId'] },
  'AWS::EKS::Cluster': { Name: ['Name'] },
};

const SELF: Record<string, string[]> = {
  'AWS::EC2::VPC': ['VpcId'],
  'AWS::EC2::Subnet': ['SubnetId'],
  'AWS::EC2::SecurityGroup': ['GroupId'],
  'AWS::EC2::LaunchTemplate': ['LaunchTemplateId'],
};

export function getAttr(ev: EvalContext, id: string, attr: string): CfnValue {
  const r = ev.t.resources.get(id);
  if (!r) return new Unknown(`Fn::GetAtt: ${id} is not a resource of this template`);
  const path = COPIED[r.type]?.[attr];
  if (path) {
    const v = ev.prop(id, path);
    // An absent property (AWS picks the zone, or a VPC from an IPAM pool) is chosen by AWS at deployment.
    return v === null || v instanceof NoValue ? new Unknown(`${id}.${attr} is chosen by AWS at deployment`) : v;
  }
  if (SELF[r.type]?.includes(attr)) return new ResRef(id);
  return new ResRef(id, attr);
}
