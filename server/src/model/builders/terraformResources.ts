import { ROUTE_TARGET_ATTRIBUTES, targetOfId, targetOfResourceType } from './terraformRouteTargets';
import type { FileSpan } from '../../base/span';
import type { Cluster, NetworkModel, NodeGroup, Subnet, SubnetRoute, RouteTarget, Vpc } from '../types';
import { known, unresolved, type Value } from '../located';
import type { Instance, TfModule } from '../../evaluators/terraform/module';
import { asString, type TfValue } from '../../evaluators/terraform/values';
import {
  instanceAt,
  instanceGet,
  labelsOf,
  refs,
  resourceInstances,
  subnetRefs,
  tagKeysOf,
  vBool,
  vNum,
  vStr,
  vStrList,
  vTags,
  type Get,
} from './terraformValues';
import { endpointAccess, publicIpOf } from './terraformAccess';
import { attr } from '../../parsers/hclAst';

/** aws_vpc's and the vpc module's names for the DNS attributes, for messages and fix titles. */
export const TF_DNS_NAMES = { enableDnsSupport: 'enable_dns_support', enableDnsHostnames: 'enable_dns_hostnames' };

/** The arguments behind the model attributes fixes set (aws_vpc, aws_subnet, aws_eks_cluster's vpc_config). */
export const TF_ATTRIBUTE_NAMES = {
  ...TF_DNS_NAMES,
  mapPublicIpOnLaunch: 'map_public_ip_on_launch',
  endpointPrivateAccess: 'endpoint_private_access',
};

function block(i: Instance, name: string): Get | undefined {
  const b = i.value.entries.get(name);
  const first = b?.k === 'list' ? b.items[0] : undefined;
  return first?.k === 'map' ? (n) => first.entries.get(n) : undefined;
}

/** Maps the resources of one evaluated module (and its local children) into the model. */
export function modelFromModule(mod: TfModule, keyOf: (address: string) => string, out: NetworkModel): void {
  const byType = (type: string): Instance[] => resourceInstances(mod, type);
  // The provider's default_tags come first; a resource's own tags override them.
  const defaultTags = mod.defaultTags();
  const vpcs = new Map<string, Vpc>();
  for (const i of byType('aws_vpc')) {
    const g = instanceGet(i);
    const at = instanceAt(i);
    const cidr = g('cidr_block');
    const ipv6 = g('ipv6_cidr_block');
    const { tags, incomplete } = vTags(defaultTags, g('tags'));
    const vpc: Vpc = {
      key: keyOf(i.address),
      name: i.address,
      at,
      source: 'terraform',
      cidrs: cidr
        ? [vStr(cidr, at)!]
        : g('ipv4_ipam_pool_id')
          ? [unresolved('allocated from an IPAM pool at apply time', at)]
          : [],
      ipv6Cidrs: ipv6
        ? vStrList(ipv6, at)
        : vBool(g('assign_generated_ipv6_cidr_block'), at)?.kind === 'known' &&
            (vBool(g('assign_generated_ipv6_cidr_block'), at) as { value: boolean }).value
          ? [unresolved('an Amazon-provided IPv6 block, assigned at apply time', at)]
          : [],
      enableDnsSupport: vBool(g('enable_dns_support'), at),
      enableDnsHostnames: vBool(g('enable_dns_hostnames'), at) ?? known(false, at),
      dnsHostnamesOmitted: !g('enable_dns_hostnames'),
      tags,
      editAt: { syntax: 'hcl', file: i.decl.file, at: { ...i.decl.block.span } },
      attributeNames: TF_DNS_NAMES,
    };
    if (incomplete) (vpc as Vpc & { tagsIncomplete?: string }).tagsIncomplete = incomplete;
    vpcs.set(i.address, vpc);
    out.vpcs.push(vpc);
  }
  for (const i of byType('aws_vpc_ipv4_cidr_block_association')) {
    const vpc = vpcs.get(refs(instanceGet(i)('vpc_id'))[0] ?? '');
    const c = vStr(instanceGet(i)('cidr_block'), instanceAt(i));
    if (vpc && c) vpc.cidrs.push(c);
  }
  for (const i of byType('aws_vpc_endpoint')) {
    const vpc = vpcs.get(refs(instanceGet(i)('vpc_id'))[0] ?? '');
    if (!vpc) continue;
    const at = instanceAt(i);
    const type = vStr(instanceGet(i)('vpc_endpoint_type'), at) ?? known('Gateway', at);
    (vpc.endpoints ??= []).push({
      service: vStr(instanceGet(i)('service_name'), at) ?? unresolved('no service_name', at),
      type: type as Value<'Interface' | 'Gateway' | 'GatewayLoadBalancer'>,
      at,
    });
  }
  // Resources whose count or for_each is not known have instances eksnet cannot see: an association
  // among them may give any subnet its table, a route among them may add a default route.
  const unexpanded = (type: string): string | undefined =>
    [...mod.decls.values()]
      .filter((d) => d.kind === 'resource' && d.type === type && mod.instances(`${d.type}.${d.name}`) === undefined)
      .map((d) => `the instances of ${mod.prefix}${d.type}.${d.name} are not known (count or for_each)`)[0];
  const routesOf = routeTables(mod, byType, unexpanded('aws_route'));
  const subnetTable = new Map<string, string | null>();
  let associationsUnknown = unexpanded('aws_route_table_association');
  for (const i of byType('aws_route_table_association')) {
    const sv = instanceGet(i)('subnet_id');
    const s = refs(sv)[0];
    const rt = refs(instanceGet(i)('route_table_id'))[0];
    if (s) subnetTable.set(s, rt ?? null);
    else if (sv?.k === 'unknown') associationsUnknown ??= `the subnet of ${i.address} is not known (${sv.why})`;
  }
  const mainTableSetBy = ['aws_default_route_table', 'aws_main_route_table_association'].find(
    (t) => byType(t).length > 0,
  );
  const subnets = new Map<string, Subnet>();
  for (const i of byType('aws_subnet')) {
    const g = instanceGet(i);
    const at = instanceAt(i);
    const { tags, keys, incomplete } = vTags(defaultTags, g('tags'));
    const table = subnetTable.get(i.address);
    let routes: Value<SubnetRoute[]>;
    if (table === undefined && associationsUnknown)
      routes = unresolved(`the subnet's route table is not known: ${associationsUnknown}`, at);
    else if (table === undefined) routes = mainTableRoutes(vpcs.has(refs(g('vpc_id'))[0] ?? ''), mainTableSetBy, at);
    else if (table === null) routes = unresolved('the route table is not declared in this module', at);
    else routes = routesOf.get(table) ?? unresolved(`${table} is not declared in this module`, at);
    const subnet: Subnet = {
      key: keyOf(i.address),
      name: i.address,
      at,
      source: 'terraform',
      vpc: vpcKey(refs(g('vpc_id'))[0], keyOf),
      cidr: vStr(g('cidr_block'), at),
      ipv6Cidr: vStr(g('ipv6_cidr_block'), at),
      availabilityZone: vStr(g('availability_zone') ?? g('availability_zone_id'), at),
      routes,
      tags,
      tagKeys: tagKeysOf(keys),
      editAt: { syntax: 'hcl', file: i.decl.file, at: { ...i.decl.block.span } },
    };
    const index = cidrsubnetIndex(i, mod);
    if (index) subnet.cidrIndex = index;
    if (incomplete) subnet.tagsIncomplete = incomplete;
    // Both default to false in the AWS provider.
    subnet.mapPublicIpOnLaunch = vBool(g('map_public_ip_on_launch'), at) ?? known(false, at);
    subnet.assignIpv6AddressOnCreation = vBool(g('assign_ipv6_address_on_creation'), at) ?? known(false, at);
    subnets.set(i.address, subnet);
    out.subnets.push(subnet);
  }
  const clusters = new Map<string, { cluster: Cluster; name?: string }>();
  for (const i of byType('aws_eks_cluster')) {
    const at = instanceAt(i);
    const vc = block(i, 'vpc_config');
    const knc = block(i, 'kubernetes_network_config');
    // A block generated by `dynamic` is not known: its arguments are unresolved, not absent.
    const vcRaw = i.value.entries.get('vpc_config');
    const kncRaw = i.value.entries.get('kubernetes_network_config');
    const subnetList = subnetRefs(vc ? vc('subnet_ids') : vcRaw);
    const subnetKeys = subnetList.addresses.map(keyOf);
    const cluster: Cluster = {
      key: keyOf(i.address),
      name: i.address,
      at,
      source: 'terraform',
      serviceIpv4Cidr: vStr(knc ? knc('service_ipv4_cidr') : kncRaw, at),
      ipFamily: vStr(knc ? knc('ip_family') : kncRaw, at) as Value<'ipv4' | 'ipv6'> | undefined,
      subnets: subnetKeys,
      ...(subnetList.incomplete ? { subnetsIncomplete: subnetList.incomplete } : {}),
      vpc: out.subnets.find((s) => subnetKeys.includes(s.key))?.vpc,
      ...endpointAccess(i, vc, at),
      endpointPrivateAccessName: TF_ATTRIBUTE_NAMES.endpointPrivateAccess,
      editAt: { syntax: 'hcl', file: i.decl.file, at: { ...i.decl.block.span } },
    };
    clusters.set(i.address, { cluster, name: asString(instanceGet(i)('name') ?? { k: 'null' }) });
    out.clusters.push(cluster);
  }
  const templates = new Map<string, Instance>();
  for (const i of byType('aws_launch_template')) templates.set(i.address, i);
  for (const i of byType('aws_eks_node_group')) {
    const g = instanceGet(i);
    const at = instanceAt(i);
    const sc = block(i, 'scaling_config');
    const clusterRef = g('cluster_name');
    const byName = asString(clusterRef ?? { k: 'null' });
    const cluster = [...clusters.entries()].find(
      ([addr, c]) => refs(clusterRef).includes(addr) || (byName !== undefined && c.name === byName),
    )?.[1].cluster;
    const lt = block(i, 'launch_template');
    const ltRef = lt ? [...refs(lt('id')), ...refs(lt('name'))][0] : undefined;
    const template = ltRef ? templates.get(ltRef) : undefined;
    let instanceTypes = vStrList(g('instance_types'), at);
    if (!instanceTypes.length && template)
      instanceTypes = vStrList(instanceGet(template)('instance_type'), instanceAt(template));
    const ngSubnets = subnetRefs(g('subnet_ids'));
    const ng: NodeGroup = {
      key: keyOf(i.address),
      name: i.address,
      at,
      source: 'terraform',
      cluster: cluster?.key,
      managed: true,
      instanceTypes,
      desiredSize: vNum(sc?.('desired_size'), at),
      minSize: vNum(sc?.('min_size'), at),
      maxSize: vNum(sc?.('max_size'), at),
      maxPods: template ? maxPodsFromUserData(instanceGet(template)('user_data'), instanceAt(template)) : undefined,
      subnets: ngSubnets.addresses.map(keyOf),
      ...(ngSubnets.incomplete ? { subnetsIncomplete: ngSubnets.incomplete } : {}),
      availabilityZones: [],
      ...labelsOf(g('labels')),
    };
    const ltRaw = i.value.entries.get('launch_template');
    const publicIp = lt ? publicIpOf(template, at) : ltRaw?.k === 'unknown' ? unresolved(ltRaw.why, at) : undefined;
    if (publicIp) ng.associatePublicIp = publicIp;
    out.nodeGroups.push(ng);
    for (const t of instanceTypes) out.instanceTypeRefs.push({ value: t, context: 'node-group', nodeGroup: ng.key });
  }
  for (const t of templates.values()) {
    const v = vStr(instanceGet(t)('instance_type'), instanceAt(t));
    if (v) out.instanceTypeRefs.push({ value: v, context: 'launch-template' });
  }
  void subnets;
}

/**
 * The routes of a subnet with no route table association: its VPC's main route table. That table holds
 * only the local route unless the VPC is not declared here (its main table is someone else's) or the
 * module manages the main table, which eksnet does not read.
 */
function mainTableRoutes(ownVpc: boolean, setBy: string | undefined, at: FileSpan): Value<SubnetRoute[]> {
  if (!ownVpc) return unresolved('the subnet uses the main route table of a VPC not declared in this module', at);
  if (setBy) return unresolved(`the subnet uses the VPC's main route table, which ${setBy} manages`, at);
  return known([], at);
}

function vpcKey(ref: string | undefined, keyOf: (a: string) => string): string | undefined {
  return ref ? keyOf(ref) : undefined;
}

/** `--max-pods N` written literally in user data (plain or base64encode of a literal). */
function maxPodsFromUserData(v: TfValue | undefined, at: FileSpan): Value<number> | undefined {
  if (!v || v.k !== 'string') return undefined;
  let text = v.v;
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && !text.includes('--')) text = Buffer.from(text, 'base64').toString('utf8');
  const m = /--max-pods[= ](\d+)/.exec(text);
  return m ? known(Number(m[1]), v.at ?? at) : undefined;
}

function routeTarget(get: (n: string) => TfValue | undefined, at: FileSpan): Value<RouteTarget> {
  for (const [attr, kind] of ROUTE_TARGET_ATTRIBUTES) {
    const v = get(attr);
    if (!v || v.k === 'null') continue;
    const ref = refs(v)[0];
    const local = ref?.replace(/^(module\.[^.]+\.)+/, '');
    const byRef = local ? targetOfResourceType(local.split('.')[0]) : undefined;
    if (byRef) return known(byRef, v.at ?? at);
    const s = asString(v);
    const byId = s === undefined ? undefined : targetOfId(s);
    if (byId) return known(byId, v.at ?? at);
    if (kind) return known(kind, v.at ?? at);
    return unresolved('the gateway is not declared in this module', v.at ?? at);
  }
  return known('other', at);
}

/** Routes of each route table: inline `route` blocks plus `aws_route` resources. */
function routeTables(
  mod: TfModule,
  byType: (t: string) => Instance[],
  routesUnknown: string | undefined,
): Map<string, Value<SubnetRoute[]>> {
  const out = new Map<string, Value<SubnetRoute[]>>();
  for (const i of byType('aws_route_table')) {
    const at = instanceAt(i);
    const r = i.value.entries.get('route');
    const routes: SubnetRoute[] = [];
    if (r?.k === 'list') {
      for (const x of r.items) {
        if (x.k !== 'map') continue;
        const g = (n: string) => x.entries.get(n);
        routes.push({
          destination: vStr(g('cidr_block') ?? g('ipv6_cidr_block'), at) ?? unresolved('no destination', at),
          target: routeTarget(g, at),
          at,
        });
      }
    } else if (r?.k === 'unknown') {
      out.set(i.address, unresolved(r.why, at));
      continue;
    }
    out.set(i.address, known(routes, at));
  }
  // aws_route resources eksnet cannot expand, or whose table is not known, may add routes to any
  // table of the module.
  for (const i of byType('aws_route')) {
    const t = instanceGet(i)('route_table_id');
    if (t?.k === 'unknown' && !refs(t).length)
      routesUnknown ??= `the route table of ${i.address} is not known (${t.why})`;
  }
  if (routesUnknown) for (const [k, v] of out) out.set(k, unresolved(routesUnknown, v.at));
  for (const i of byType('aws_route')) {
    const g = instanceGet(i);
    const table = refs(g('route_table_id'))[0];
    const cur = table ? out.get(table) : undefined;
    if (!cur || cur.kind !== 'known') continue;
    const at = instanceAt(i);
    cur.value.push({
      destination:
        vStr(g('destination_cidr_block') ?? g('destination_ipv6_cidr_block'), at) ?? unresolved('no destination', at),
      target: routeTarget(g, at),
      at,
    });
  }
  void mod;
  return out;
}

/**
 * `cidr_block = cidrsubnet(x, 8, 3)` in a root-module block with no count or for_each: the literal
 * newbits and netnum (the netnum where it is written). A block in a called module or with several
 * instances stands for several subnets, so rewriting its index would move them all: none then.
 */
function cidrsubnetIndex(i: Instance, mod: TfModule): Subnet['cidrIndex'] {
  const body = i.decl.block.body;
  if (mod.prefix !== '' || attr(body, 'count') || attr(body, 'for_each')) return undefined;
  const e = attr(body, 'cidr_block')?.expr;
  if (e?.t !== 'call' || e.name !== 'cidrsubnet' || e.expand || e.args.length !== 3) return undefined;
  const [, newbits, netnum] = e.args;
  if (newbits.t !== 'lit' || netnum.t !== 'lit') return undefined;
  if (!Number.isInteger(newbits.value) || !Number.isInteger(netnum.value) || (netnum.value as number) < 0)
    return undefined;
  return {
    call: 'cidrsubnet',
    slots: 1n << BigInt(newbits.value as number),
    netnum: { at: { file: i.decl.file, span: netnum.span }, value: String(netnum.value) },
  };
}
