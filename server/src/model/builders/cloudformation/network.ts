import type { SourceFile } from '../../../engine/sourceFile';
import type { FileSpan } from '../../../text/span';
import { type LNode, isSeq, get } from '../../../parsers/tree';
import { known, unresolved, type Value } from '../../located';
import type { NetworkModel, RouteTarget, Subnet, SubnetRoute, Tags, Vpc } from '../../types';
import type { CfnResource } from './template';
import type { Evaluator } from './evaluate';
import { type CfnValue, Unknown, ResRef, Sym, NoValue, isList, isObject, textOf, whyNotString } from './values';
import { strValue, symValue, boolValue, isAbsent, refId } from './convert';
import type { CfnFixAnchor } from '../../../fixes/cloudformation';

/** What the network resources of one template turn into, keyed by logical id for the EKS part. */
export interface NetworkIndex {
  vpcs: Map<string, Vpc>;
  subnets: Map<string, Subnet>;
}

export function keyOf(file: SourceFile, logicalId: string): string {
  return `${file.id}#cfn/${logicalId}`;
}

export function spanOf(file: SourceFile, n: LNode | undefined, fallback: FileSpan): FileSpan {
  return n ? { file: file.id, span: n.span } : fallback;
}

function item(file: SourceFile, r: CfnResource) {
  return {
    key: keyOf(file, r.logicalId),
    name: r.logicalId,
    at: { file: file.id, span: r.entry.span },
    nameAt: { file: file.id, span: r.entry.key.span },
    source: 'cloudformation' as const,
  };
}

function anchor(file: SourceFile, r: CfnResource): CfnFixAnchor {
  return { kind: 'cloudformation', file: file.id, resource: r.node };
}

/** Builds VPCs (with secondary blocks and endpoints) and subnets (with routes and tags). */
export function buildNetwork(file: SourceFile, ev: Evaluator, resources: CfnResource[], out: NetworkModel): NetworkIndex {
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
    else if (p(r, 'Ipv4IpamPoolId')) cidrs.push(unresolved('allocated from an IPAM pool at deployment', spanOf(file, p(r, 'Ipv4IpamPoolId'), base.nameAt)));
    const support = v(r, 'EnableDnsSupport');
    const hostnames = v(r, 'EnableDnsHostnames');
    const vpc: Vpc = {
      ...base,
      cidrs,
      ipv6Cidrs: [],
      tags: readTags(file, ev, p(r, 'Tags')).tags,
      endpoints: [],
      fixAnchor: anchor(file, r),
      ...(isAbsent(support) ? {} : { enableDnsSupport: boolValue(support, spanOf(file, p(r, 'EnableDnsSupport'), base.nameAt)) }),
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
    if (p(r, 'Ipv6CidrBlock')) vpc.ipv6Cidrs.push(strValue(v(r, 'Ipv6CidrBlock'), spanOf(file, p(r, 'Ipv6CidrBlock'), at)));
    else if (p(r, 'AmazonProvidedIpv6CidrBlock') || p(r, 'Ipv6IpamPoolId') || p(r, 'Ipv6Pool')) vpc.ipv6Cidrs.push(unresolved('an IPv6 block AWS allocates at deployment', at));
  }
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::VPCEndpoint')) {
    const vpc = vpcOf(r);
    if (!vpc) continue;
    const at = { file: file.id, span: r.entry.span };
    const type = v(r, 'VpcEndpointType');
    const t = isAbsent(type) ? 'Gateway' : type;
    vpc.endpoints!.push({
      service: symValue(v(r, 'ServiceName'), spanOf(file, p(r, 'ServiceName'), at)),
      type: t === 'Interface' || t === 'Gateway' || t === 'GatewayLoadBalancer' ? known(t, at) : unresolved(whyNotString(t), at),
      at,
    });
  }
  const routes = routeIndex(file, ev, resources);
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::Subnet')) {
    const base = item(file, r);
    const vpc = vpcOf(r);
    const tags = readTags(file, ev, p(r, 'Tags'));
    const subnetRoutes = routes.forSubnet(r.logicalId);
    const s: Subnet = {
      ...base,
      ...(vpc ? { vpc: vpc.key } : {}),
      tags: tags.tags,
      ...(tags.incomplete ? { tagsIncomplete: tags.incomplete } : {}),
      routes: subnetRoutes,
      public: publicOf(subnetRoutes),
      fixAnchor: anchor(file, r),
    };
    const cidr = v(r, 'CidrBlock');
    if (!isAbsent(cidr)) s.cidr = strValue(cidr, spanOf(file, p(r, 'CidrBlock'), base.nameAt));
    else if (p(r, 'Ipv4IpamPoolId')) s.cidr = unresolved('allocated from an IPAM pool at deployment', spanOf(file, p(r, 'Ipv4IpamPoolId'), base.nameAt));
    const v6 = v(r, 'Ipv6CidrBlock');
    if (!isAbsent(v6)) s.ipv6Cidr = strValue(v6, spanOf(file, p(r, 'Ipv6CidrBlock'), base.nameAt));
    // Both default to false when absent (AWS::EC2::Subnet).
    for (const [prop, field] of [['MapPublicIpOnLaunch', 'mapPublicIpOnLaunch'], ['AssignIpv6AddressOnCreation', 'assignIpv6AddressOnCreation']] as const) {
      const flag = v(r, prop);
      s[field] = isAbsent(flag) ? known(false, base.nameAt) : boolValue(flag, spanOf(file, p(r, prop), base.nameAt));
    }
    const az = p(r, 'AvailabilityZone') ? 'AvailabilityZone' : p(r, 'AvailabilityZoneId') ? 'AvailabilityZoneId' : undefined;
    s.availabilityZone = az ? symValue(v(r, az), spanOf(file, p(r, az), base.nameAt)) : unresolved('no AvailabilityZone: AWS picks one at deployment', base.nameAt);
    subnets.set(r.logicalId, s);
    out.subnets.push(s);
  }
  return { vpcs, subnets };
}

/** A subnet is public when a route sends 0.0.0.0/0 to an internet gateway; unknown when a route might. */
function publicOf(routes: Value<SubnetRoute[]>): Value<boolean> {
  if (routes.kind === 'unresolved') return routes;
  let unsure: Value<boolean> | undefined;
  for (const r of routes.value) {
    const dest = r.destination.kind === 'known' ? r.destination.value : undefined;
    const target = r.target.kind === 'known' ? r.target.value : undefined;
    if (dest === '0.0.0.0/0' && target === 'internet-gateway') return known(true, r.at);
    if ((dest === undefined && (target === undefined || target === 'internet-gateway')) || (dest === '0.0.0.0/0' && target === undefined)) {
      unsure ??= unresolved('a route whose destination or target is known only at deployment might send 0.0.0.0/0 to an internet gateway', r.at);
    }
  }
  return unsure ?? known(false, routes.at);
}

interface Tagged {
  tags: Tags;
  incomplete?: string;
}

/** Reads a `Tags` list of `{Key, Value}`; what cannot be read makes the result incomplete. */
export function readTags(file: SourceFile, ev: Evaluator, node: LNode | undefined): Tagged {
  const tags: Tags = {};
  if (!node) return { tags };
  const add = (k: CfnValue, val: CfnValue, at: FileSpan): string | undefined => {
    const key = textOf(k);
    if (key === undefined) return `a tag key is not known (${whyNotString(k)})`;
    tags[key instanceof Sym ? key.text : key] = symValue(val, at);
    return undefined;
  };
  let incomplete: string | undefined;
  if (isSeq(node) && !node.tag) {
    for (const it of node.items) {
      const val = ev.eval(it);
      if (isObject(val)) incomplete = add(val.Key ?? null, val.Value ?? null, spanOf(file, get(it, 'Value') ?? it, { file: file.id, span: it.span })) ?? incomplete;
      else if (!(val instanceof NoValue)) incomplete = `a tag is not known (${whyNotString(val)})`;
    }
    return { tags, ...(incomplete ? { incomplete } : {}) };
  }
  const all = ev.eval(node);
  if (!isList(all)) return { tags, incomplete: `the Tags list is not known (${whyNotString(all)})` };
  for (const val of all) {
    if (isObject(val)) incomplete = add(val.Key ?? null, val.Value ?? null, { file: file.id, span: node.span }) ?? incomplete;
    else incomplete = `a tag is not known (${whyNotString(val)})`;
  }
  return { tags, ...(incomplete ? { incomplete } : {}) };
}

const TARGETS: [string, RouteTarget][] = [
  ['NatGatewayId', 'nat-gateway'],
  ['TransitGatewayId', 'transit-gateway'],
  ['EgressOnlyInternetGatewayId', 'egress-only-internet-gateway'],
  ['VpcPeeringConnectionId', 'vpc-peering'],
  // An instance or ENI target is a NAT instance or a firewall appliance: both are a way out.
  ['InstanceId', 'nat-instance'],
  ['NetworkInterfaceId', 'nat-instance'],
  ['VpcEndpointId', 'vpc-endpoint'],
  ['CarrierGatewayId', 'other'],
  ['LocalGatewayId', 'other'],
  ['CoreNetworkArn', 'other'],
];

function gatewayKind(ev: Evaluator, g: CfnValue, at: FileSpan): Value<RouteTarget> {
  if (g instanceof ResRef) {
    const type = ev.t.resources.get(g.logicalId)?.type;
    if (type === 'AWS::EC2::InternetGateway') return known('internet-gateway', at);
    if (type === 'AWS::EC2::VPNGateway') return known('vpn-gateway', at);
    return unresolved(`GatewayId refers to ${g.logicalId}, which is not a gateway eksnet knows`, at);
  }
  if (typeof g === 'string') {
    if (g.startsWith('igw-')) return known('internet-gateway', at);
    if (g.startsWith('vgw-')) return known('vpn-gateway', at);
    if (g === 'local') return known('other', at);
  }
  return unresolved(`GatewayId: ${whyNotString(g)}`, at);
}

/** Route tables, their routes and associations; anything uncertain makes the affected subnets unknown. */
function routeIndex(file: SourceFile, ev: Evaluator, resources: CfnResource[]) {
  const tables = new Map<string, { routes: SubnetRoute[]; unsure?: string }>();
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::RouteTable')) tables.set(r.logicalId, { routes: [] });
  let allUnsure: string | undefined;
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::Route')) {
    const at = { file: file.id, span: r.entry.span };
    const rt = ev.eval(get(r.properties, 'RouteTableId'));
    const table = refId(rt) !== undefined ? tables.get(refId(rt)!) : undefined;
    if (!table) {
      // A concrete id is a table of another stack; an unknown one might be any of ours.
      if (rt instanceof Unknown) allUnsure = `route ${r.logicalId} has a route table known only at deployment`;
      continue;
    }
    if (r.condition) {
      const c = ev.condition(r.condition);
      if (c === false) continue;
      if (c instanceof Unknown) table.unsure = `route ${r.logicalId} exists only under condition ${r.condition}`;
    }
    const destNode = get(r.properties, 'DestinationCidrBlock') ?? get(r.properties, 'DestinationIpv6CidrBlock') ?? get(r.properties, 'DestinationPrefixListId');
    const destination = destNode ? strValue(ev.eval(destNode), spanOf(file, destNode, at)) : unresolved('no destination', at);
    let target: Value<RouteTarget> = unresolved('no target', at);
    const gw = get(r.properties, 'GatewayId');
    if (gw) target = gatewayKind(ev, ev.eval(gw), spanOf(file, gw, at));
    else for (const [prop, kind] of TARGETS) if (get(r.properties, prop)) { target = known(kind, spanOf(file, get(r.properties, prop), at)); break; }
    table.routes.push({ destination, target, at });
  }
  const assoc = new Map<string, string | Unknown>();
  let unknownSubnet: string | undefined;
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::SubnetRouteTableAssociation')) {
    const s = ev.eval(get(r.properties, 'SubnetId'));
    const t = ev.eval(get(r.properties, 'RouteTableId'));
    if (refId(s) === undefined) {
      if (s instanceof Unknown) unknownSubnet = `association ${r.logicalId} has a subnet known only at deployment`;
      continue;
    }
    assoc.set(refId(s)!, refId(t) !== undefined && tables.has(refId(t)!) ? refId(t)! : new Unknown(`association ${r.logicalId}: the route table is not one of this template (${whyNotString(t)})`));
  }
  return {
    forSubnet(id: string): Value<SubnetRoute[]> {
      const a = assoc.get(id);
      const at = { file: file.id, span: ev.t.resources.get(id)!.entry.key.span };
      if (a instanceof Unknown) return unresolved(a.why, at);
      if (allUnsure) return unresolved(allUnsure, at);
      // No association: the VPC's main route table, which a template cannot add routes to.
      if (a === undefined) return unknownSubnet ? unresolved(unknownSubnet, at) : known([], at);
      const table = tables.get(a)!;
      return table.unsure ? unresolved(table.unsure, at) : known(table.routes, { file: file.id, span: ev.t.resources.get(a)!.entry.key.span });
    },
  };
}
