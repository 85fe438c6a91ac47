/**
 * Routing for CloudFormation subnets: route tables, their routes and subnet associations, each route
 * classified by its target (facts/reachability.ts decides from them whether a subnet is public).
 * Anything uncertain (a conditional route, a table known only at deployment) makes the affected
 * subnets' routes unresolved. It is separate from network.ts, which builds the VPCs and subnets
 * themselves and asks this file only for each subnet's routes.
 */
import type { SourceFile } from '../../sourceFile';
import type { FileSpan } from '../../../base/span';
import { type LNode, get } from '../../../parsers/tree';
import { known, unresolved, type Value } from '../../located';
import type { RouteTarget, SubnetRoute } from '../../types';
import type { CfnResource } from '../../../evaluators/cloudformation/template';
import type { Evaluator } from '../../../evaluators/cloudformation/evaluate';
import { type CfnValue, Unknown, ResRef, NoValue, whyNotString } from '../../../evaluators/cloudformation/values';
import { strValue, refId } from './convert';
import { spanOf } from './resourceItem';

/** Route properties other than GatewayId, each with the kind of target it names (GatewayId depends on its value). */
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
export function routeIndex(file: SourceFile, ev: Evaluator, resources: CfnResource[]) {
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
    // A property written as `!If [Cond, x, !Ref AWS::NoValue]` whose condition is static false is not there.
    const present = (n: LNode | undefined): n is LNode => n !== undefined && !(ev.eval(n) instanceof NoValue);
    const destNode = ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId']
      .map((k) => get(r.properties, k))
      .find(present);
    const destination = destNode
      ? strValue(ev.eval(destNode), spanOf(file, destNode, at))
      : unresolved('no destination', at);
    let target: Value<RouteTarget> = unresolved('no target', at);
    const gw = get(r.properties, 'GatewayId');
    if (present(gw)) target = gatewayKind(ev, ev.eval(gw), spanOf(file, gw, at));
    else
      for (const [prop, kind] of TARGETS)
        if (present(get(r.properties, prop))) {
          target = known(kind, spanOf(file, get(r.properties, prop), at));
          break;
        }
    table.routes.push({ destination, target, at });
  }
  const assoc = new Map<string, string | Unknown>();
  let unknownSubnet: string | undefined;
  for (const r of resources.filter((x) => x.type === 'AWS::EC2::SubnetRouteTableAssociation')) {
    const s = ev.eval(get(r.properties, 'SubnetId'));
    const t = ev.eval(get(r.properties, 'RouteTableId'));
    // An association under a condition that is false does not exist; under one known only at
    // deployment, the subnet may use this table or the main one (unless the subnet has that condition too).
    const c = r.condition ? ev.condition(r.condition) : true;
    if (c === false) continue;
    if (refId(s) === undefined) {
      if (s instanceof Unknown) unknownSubnet = `association ${r.logicalId} has a subnet known only at deployment`;
      continue;
    }
    // A subnet under the same condition as its association exists exactly when the association does.
    const sameCondition = ev.t.resources.get(refId(s)!)?.condition === r.condition;
    assoc.set(
      refId(s)!,
      c instanceof Unknown && !sameCondition
        ? new Unknown(`association ${r.logicalId} exists only under condition ${r.condition}`)
        : refId(t) !== undefined && tables.has(refId(t)!)
          ? refId(t)!
          : new Unknown(`association ${r.logicalId}: the route table is not one of this template (${whyNotString(t)})`),
    );
  }
  return {
    /** The routes of a subnet; `ownVpc` says whether its VPC is declared here, so its main route table is known. */
    forSubnet(id: string, ownVpc: boolean): Value<SubnetRoute[]> {
      const a = assoc.get(id);
      const at = { file: file.id, span: ev.t.resources.get(id)!.entry.key.span };
      if (a instanceof Unknown) return unresolved(a.why, at);
      if (allUnsure) return unresolved(allUnsure, at);
      // No association: the VPC's main route table, which a template cannot add routes to. Only a VPC the
      // template creates is known to have nothing but the local route there.
      if (a === undefined) {
        if (unknownSubnet) return unresolved(unknownSubnet, at);
        return ownVpc
          ? known([], at)
          : unresolved('the subnet uses the main route table of a VPC this template does not declare', at);
      }
      const table = tables.get(a)!;
      return table.unsure
        ? unresolved(table.unsure, at)
        : known(table.routes, { file: file.id, span: ev.t.resources.get(a)!.entry.key.span });
    },
  };
}
