/**
 * Builds the network part of a CloudFormation template: VPCs (with secondary blocks and endpoints)
 * and subnets (with routes and tags). Routes come from routes.ts, tags from tags.ts, and the
 * fields common to every item from resourceItem.ts.
 */
import type { SourceFile } from '../../sourceFile';
import { get, isScalar, isSeq, type LNode } from '../../../parsers/tree';
import { fnCall } from '../../../evaluators/cloudformation/template';
import { known, unresolved, type Value } from '../../located';
import type { NetworkModel, Subnet, Vpc } from '../../types';
import type { CfnResource } from '../../../evaluators/cloudformation/template';
import type { Evaluator } from '../../../evaluators/cloudformation/evaluate';
import { whyNotString } from '../../../evaluators/cloudformation/values';
import { strValue, symValue, boolValue, isAbsent, refId } from './convert';
import { editRef, item, spanOf } from './resourceItem';
import { routeIndex } from './routes';
import { readTags } from './tags';

/** What the network resources of one template turn into, keyed by logical id for the EKS part. */
export interface NetworkIndex {
  vpcs: Map<string, Vpc>;
  subnets: Map<string, Subnet>;
}

/** Builds VPCs (with secondary blocks and endpoints) and subnets (with routes and tags). */
export function buildNetwork(
  file: SourceFile,
  ev: Evaluator,
  resources: CfnResource[],
  out: NetworkModel,
): NetworkIndex {
  const vpcs = new Map<string, Vpc>();
  const subnets = new Map<string, Subnet>();
  const p = (r: CfnResource, name: string) => get(r.properties, name);
  const v = (r: CfnResource, name: string) => ev.eval(p(r, name));
  const vpcOf = (r: CfnResource) => {
    const id = refId(v(r, 'VpcId'));
    return id !== undefined ? vpcs.get(id) : undefined;
  };
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::VPC')) {
    const base = item(file, r);
    const cidrNode = p(r, 'CidrBlock');
    const cidr = v(r, 'CidrBlock');
    const cidrs: Value<string>[] = [];
    if (!isAbsent(cidr)) cidrs.push(strValue(cidr, spanOf(file, cidrNode, base.nameAt)));
    else if (p(r, 'Ipv4IpamPoolId'))
      cidrs.push(
        unresolved('allocated from an IPAM pool at deployment', spanOf(file, p(r, 'Ipv4IpamPoolId'), base.nameAt)),
      );
    const support = v(r, 'EnableDnsSupport');
    const hostnames = v(r, 'EnableDnsHostnames');
    const vpc: Vpc = {
      ...base,
      cidrs,
      ipv6Cidrs: [],
      tags: readTags(file, ev, p(r, 'Tags')).tags,
      endpoints: [],
      editAt: editRef(file, r),
      ...(isAbsent(support)
        ? {}
        : { enableDnsSupport: boolValue(support, spanOf(file, p(r, 'EnableDnsSupport'), base.nameAt)) }),
      ...(isAbsent(hostnames)
        ? { enableDnsHostnames: known(false, base.nameAt), dnsHostnamesOmitted: true }
        : { enableDnsHostnames: boolValue(hostnames, spanOf(file, p(r, 'EnableDnsHostnames'), base.nameAt)) }),
    };
    vpcs.set(r.logicalId, vpc);
    out.vpcs.push(vpc);
  }
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::VPCCidrBlock')) {
    const vpc = vpcOf(r);
    if (!vpc) continue;
    const at = { file: file.id, span: r.entry.span };
    if (p(r, 'CidrBlock')) vpc.cidrs.push(strValue(v(r, 'CidrBlock'), spanOf(file, p(r, 'CidrBlock'), at)));
    else if (p(r, 'Ipv4IpamPoolId')) vpc.cidrs.push(unresolved('allocated from an IPAM pool at deployment', at));
    if (p(r, 'Ipv6CidrBlock'))
      vpc.ipv6Cidrs.push(strValue(v(r, 'Ipv6CidrBlock'), spanOf(file, p(r, 'Ipv6CidrBlock'), at)));
    else if (p(r, 'AmazonProvidedIpv6CidrBlock') || p(r, 'Ipv6IpamPoolId') || p(r, 'Ipv6Pool'))
      vpc.ipv6Cidrs.push(unresolved('an IPv6 block AWS allocates at deployment', at));
  }
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::VPCEndpoint')) {
    const vpc = vpcOf(r);
    if (!vpc) continue;
    const at = { file: file.id, span: r.entry.span };
    const type = v(r, 'VpcEndpointType');
    const t = isAbsent(type) ? 'Gateway' : type;
    vpc.endpoints!.push({
      service: symValue(v(r, 'ServiceName'), spanOf(file, p(r, 'ServiceName'), at)),
      type:
        t === 'Interface' || t === 'Gateway' || t === 'GatewayLoadBalancer'
          ? known(t, at)
          : unresolved(whyNotString(t), at),
      at,
    });
  }
  const routes = routeIndex(file, ev, resources);
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::Subnet')) {
    const base = item(file, r);
    const vpc = vpcOf(r);
    const tags = readTags(file, ev, p(r, 'Tags'));
    const subnetRoutes = routes.forSubnet(r.logicalId, vpc !== undefined);
    const s: Subnet = {
      ...base,
      ...(vpc ? { vpc: vpc.key } : {}),
      tags: tags.tags,
      tagKeys: tags.keys,
      ...(tags.incomplete ? { tagsIncomplete: tags.incomplete } : {}),
      routes: subnetRoutes,
      editAt: editRef(file, r),
    };
    const cidr = v(r, 'CidrBlock');
    if (!isAbsent(cidr)) {
      s.cidr = strValue(cidr, spanOf(file, p(r, 'CidrBlock'), base.nameAt));
      const index = selectedCidrIndex(file, ev, p(r, 'CidrBlock'));
      if (index) s.cidrIndex = index;
    } else if (p(r, 'Ipv4IpamPoolId'))
      s.cidr = unresolved(
        'allocated from an IPAM pool at deployment',
        spanOf(file, p(r, 'Ipv4IpamPoolId'), base.nameAt),
      );
    const v6 = v(r, 'Ipv6CidrBlock');
    if (!isAbsent(v6)) s.ipv6Cidr = strValue(v6, spanOf(file, p(r, 'Ipv6CidrBlock'), base.nameAt));
    // Both default to false when absent (AWS::EC2::Subnet).
    for (const [prop, field] of [
      ['MapPublicIpOnLaunch', 'mapPublicIpOnLaunch'],
      ['AssignIpv6AddressOnCreation', 'assignIpv6AddressOnCreation'],
    ] as const) {
      const flag = v(r, prop);
      s[field] = isAbsent(flag) ? known(false, base.nameAt) : boolValue(flag, spanOf(file, p(r, prop), base.nameAt));
    }
    const az = p(r, 'AvailabilityZone')
      ? 'AvailabilityZone'
      : p(r, 'AvailabilityZoneId')
        ? 'AvailabilityZoneId'
        : undefined;
    s.availabilityZone = az
      ? symValue(v(r, az), spanOf(file, p(r, az), base.nameAt))
      : unresolved('no AvailabilityZone: AWS picks one at deployment', base.nameAt);
    subnets.set(r.logicalId, s);
    out.subnets.push(s);
  }
  return { vpcs, subnets };
}

/**
 * `Fn::Select [i, Fn::Cidr [block, count, bits]]` (either form) with a literal index: the index as
 * written and the count of blocks the call makes, so "Move to a free /N" rewrites the index, as the
 * template's author would. Anything else (a computed index, a list from elsewhere) gives none.
 */
function selectedCidrIndex(file: SourceFile, ev: Evaluator, node: LNode | undefined): Subnet['cidrIndex'] {
  const select = node && fnCall(node);
  if (select?.name !== 'Fn::Select' || !isSeq(select.arg) || select.arg.items.length !== 2) return undefined;
  const [index, list] = select.arg.items;
  if (!isScalar(index) || index.tag || !/^\d+$/.test(String(index.value))) return undefined;
  const cidr = fnCall(list);
  if (cidr?.name !== 'Fn::Cidr' || !isSeq(cidr.arg) || cidr.arg.items.length !== 3) return undefined;
  const count = ev.eval(cidr.arg.items[1]);
  const n = typeof count === 'number' ? count : typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : NaN;
  if (!Number.isInteger(n) || n < 1) return undefined;
  return {
    call: 'Fn::Cidr',
    slots: BigInt(n),
    netnum: { at: { file: file.id, span: index.span }, value: String(index.value) },
  };
}
