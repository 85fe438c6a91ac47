import type { RouteTarget } from '../types';

/**
 * What a Terraform route's target is, one table for the HCL and the plan builders (both read
 * `aws_route_table` routes and `aws_route`): the target kind of a referenced resource type, the
 * route attributes in the order a route names its target, and the AWS id prefixes that tell a
 * target when its value is a literal id.
 */
const BY_RESOURCE_TYPE = new Map<string, RouteTarget>([
  ['aws_internet_gateway', 'internet-gateway'],
  ['aws_egress_only_internet_gateway', 'egress-only-internet-gateway'],
  ['aws_nat_gateway', 'nat-gateway'],
  ['aws_ec2_transit_gateway', 'transit-gateway'],
  ['aws_ec2_transit_gateway_vpc_attachment', 'transit-gateway'],
  ['aws_vpc_peering_connection', 'vpc-peering'],
  ['aws_vpn_gateway', 'vpn-gateway'],
  ['aws_vpc_endpoint', 'vpc-endpoint'],
]);

/** The target kind of a resource type a route refers to (`aws_nat_gateway`), if it is a gateway. */
export function targetOfResourceType(type: string): RouteTarget | undefined {
  return BY_RESOURCE_TYPE.get(type);
}

/**
 * A route's target attributes with the kind each one names. `gateway_id` names none by itself: it
 * takes an internet gateway or a virtual private gateway, told apart by what it refers to or by the
 * id's prefix.
 */
export const ROUTE_TARGET_ATTRIBUTES: readonly (readonly [string, RouteTarget | undefined])[] = [
  ['gateway_id', undefined],
  ['nat_gateway_id', 'nat-gateway'],
  ['transit_gateway_id', 'transit-gateway'],
  ['vpc_peering_connection_id', 'vpc-peering'],
  ['egress_only_gateway_id', 'egress-only-internet-gateway'],
  ['vpc_endpoint_id', 'vpc-endpoint'],
  ['network_interface_id', 'nat-instance'],
];

/** The target kind of a literal AWS id by its prefix (`igw-`, `nat-`, `tgw-`, `vgw-`). */
export function targetOfId(id: string): RouteTarget | undefined {
  if (id.startsWith('igw-')) return 'internet-gateway';
  if (id.startsWith('nat-')) return 'nat-gateway';
  if (id.startsWith('tgw-')) return 'transit-gateway';
  if (id.startsWith('vgw-')) return 'vpn-gateway';
  return undefined;
}
