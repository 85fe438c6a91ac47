import type { Builder } from './builder';
import type { SourceFile } from '../sourceFile';
import type { FileSpan } from '../../base/span';
import type { Cluster, NetworkModel, NodeGroup, RouteTarget, Subnet, SubnetRoute, TagKey, Tags, Vpc } from '../types';
import { emptyModel } from '../types';
import { type LMap, type LNode, get, isMap, isScalar, isSeq, str } from '../../parsers/tree';
import { known, unresolved, type Value } from '../located';
import { dirOf, isInstalled, isTf } from '../evaluation/terraformFolders';
import { placeAtTf, tfResourceBlocks } from './terraformPlanPlace';
import { pushAll } from '../../base/arrays';
import { ROUTE_TARGET_ATTRIBUTES, targetOfId, targetOfResourceType } from './terraformRouteTargets';
import { planRefs, type PlanResource, walkPlan } from './terraformPlanRefs';

/**
 * `terraform show -json` output of a plan (`format_version`, `planned_values`): every value Terraform
 * knows at plan time is in `planned_values`, so nothing is guessed; ids created by the same apply
 * are left out there, and links between resources (a subnet's VPC, a cluster's subnets) come from
 * the `references` of the `configuration` expressions (terraformPlanRefs.ts). Items are located at
 * the resource in the plan file, and the plan gives no fixes.
 *
 * When the plan's folder also holds .tf files, those are the same configuration: the HCL wins (its
 * findings carry fixes and point at what the user edits) and the plan adds nothing (`refine`). A
 * plan elsewhere is placed at the workspace's matching .tf resource blocks (terraformPlanPlace.ts).
 */
export const terraformPlanBuilder: Builder = {
  name: 'terraform-plan',
  document(file, doc, out) {
    const root = doc.root;
    if (!isPlan(root)) return false;
    buildPlan(file, root, out);
    return true;
  },
  refine(file, ctx) {
    if (!planFile(file)) return undefined;
    if (hclBeside(file, ctx.files)) return emptyModel();
    // Elsewhere: placed at the workspace's matching .tf blocks when there are any.
    const blocks = tfResourceBlocks(ctx.files);
    if (!blocks.size) return undefined;
    const out = emptyModel();
    let moved = false;
    for (const d of file.yaml?.documents ?? []) {
      if (!isPlan(d.root)) continue;
      const fragment = emptyModel();
      buildPlan(file, d.root, fragment);
      moved = placeAtTf(fragment, file.id, walkPlan(d.root), blocks) || moved;
      for (const k of Object.keys(out) as (keyof NetworkModel)[]) pushAll(out[k] as unknown[], fragment[k]);
    }
    return moved ? out : undefined;
  },
  inputs(file, ctx) {
    if (!planFile(file)) return undefined;
    // Beside .tf files those decide; elsewhere every .tf file may hold a block the plan is placed at.
    return (
      hclBeside(file, ctx.files) ??
      [...ctx.files.values()].filter((f) => isTf(f) && !isInstalled(f.id)).map((f) => f.id)
    );
  },
};

function isPlan(root: LNode | null | undefined): root is LMap {
  return isMap(root) && get(root, 'format_version') !== undefined && isMap(get(root, 'planned_values'));
}

function planFile(file: SourceFile): boolean {
  return file.syntax === 'json' && !!file.yaml?.documents.some((d) => isPlan(d.root));
}

/** The .tf files in the plan's folder, or undefined when there are none. */
function hclBeside(file: SourceFile, files: ReadonlyMap<string, SourceFile>): string[] | undefined {
  const dir = dirOf(file.id);
  const out: string[] = [];
  for (const f of files.values()) if (isTf(f) && dirOf(f.id) === dir) out.push(f.id);
  return out.length ? out : undefined;
}

function buildPlan(file: SourceFile, root: LMap, out: NetworkModel): void {
  const at = (n: LNode): FileSpan => ({ file: file.id, span: n.span });
  const resources = walkPlan(root);
  const refs = planRefs(root, resources);
  const keyOf = (address: string) => `terraform-plan:${file.id}#${address}`;
  const byType = (t: string) => resources.filter((r) => r.type === t && r.mode === 'managed');
  const vStr = (n: LNode | undefined, r: PlanResource): Value<string> | undefined => {
    if (n === undefined) return unresolved('known only after apply', at(r.node));
    const s = str(n);
    return s === undefined
      ? isScalar(n) && n.value === null
        ? undefined
        : unresolved('not a string', at(n))
      : known(s, at(n));
  };
  const vBool = (n: LNode | undefined): Value<boolean> | undefined =>
    isScalar(n) && typeof n.value === 'boolean' ? known(n.value, at(n)) : undefined;
  const vNum = (n: LNode | undefined): Value<number> | undefined =>
    isScalar(n) && typeof n.value === 'number' ? known(n.value, at(n)) : undefined;
  const tagsOf = (r: PlanResource): { tags: Tags; keys: Record<string, TagKey>; incomplete?: string } => {
    // tags_all holds the provider's default_tags too; absent, the tags are known only after apply.
    const all = get(r.values, 'tags_all') ?? undefined;
    const m = isMap(all) ? all : undefined;
    const tags: Tags = {};
    // A plan is not edited: its keys are located, never renamed.
    const keys: Record<string, TagKey> = {};
    if (m)
      for (const e of m.entries)
        if (str(e.value) !== undefined) {
          tags[String(e.key.value)] = known(str(e.value)!, at(e.value));
          keys[String(e.key.value)] = { at: at(e.key) };
        }
    return m ? { tags, keys } : { tags, keys, incomplete: 'tags_all is known only after apply' };
  };
  const block = (r: PlanResource, name: string): LNode | undefined => {
    const b = get(r.values, name);
    return isSeq(b) ? b.items[0] : undefined;
  };

  const vpcs = new Map<string, Vpc>();
  for (const r of byType('aws_vpc')) {
    const { tags, incomplete } = tagsOf(r);
    const cidr = vStr(get(r.values, 'cidr_block'), r);
    const vpc: Vpc = {
      key: keyOf(r.address),
      name: r.address,
      at: at(r.node),
      source: 'terraform',
      cidrs: cidr ? [cidr] : [],
      ipv6Cidrs: [],
      enableDnsSupport: vBool(get(r.values, 'enable_dns_support')),
      enableDnsHostnames: vBool(get(r.values, 'enable_dns_hostnames')),
      tags,
      attributeNames: { enableDnsSupport: 'enable_dns_support', enableDnsHostnames: 'enable_dns_hostnames' },
    };
    if (incomplete) (vpc as Vpc & { tagsIncomplete?: string }).tagsIncomplete = incomplete;
    vpcs.set(r.address, vpc);
    out.vpcs.push(vpc);
  }
  for (const r of byType('aws_vpc_ipv4_cidr_block_association')) {
    const vpc = vpcs.get(refs.one(r, ['vpc_id']) ?? '');
    const c = vStr(get(r.values, 'cidr_block'), r);
    if (vpc && c) vpc.cidrs.push(c);
  }

  // Route tables: targets by the referenced resource's type, or by the id's prefix when it is known.
  const target = (r: PlanResource, path: (string | number)[], values: LNode | undefined): Value<RouteTarget> => {
    for (const [name, kind] of ROUTE_TARGET_ATTRIBUTES) {
      const written = get(values, name);
      const s = str(written);
      const ref = refs.one(r, [...path, name]);
      const refType = ref ? resources.find((x) => x.address === ref)?.type : undefined;
      const byRef = refType ? targetOfResourceType(refType) : undefined;
      if (byRef) return known(byRef, at(written ?? r.node));
      if (s) {
        const byId = targetOfId(s);
        if (byId) return known(byId, at(written!));
        if (kind) return known(kind, at(written!));
        return unresolved(`${name} ${s} is not a gateway eksnet knows`, at(written!));
      }
      if (ref || refs.has(r, [...path, name]))
        return kind ? known(kind, at(r.node)) : unresolved(`${name} is not declared in this plan`, at(r.node));
    }
    return known('other', at(values ?? r.node));
  };
  const tables = new Map<string, Value<SubnetRoute[]>>();
  for (const r of byType('aws_route_table')) {
    const route = get(r.values, 'route');
    if (route !== undefined && !isSeq(route)) {
      tables.set(r.address, unresolved('the routes are known only after apply', at(r.node)));
      continue;
    }
    const routes: SubnetRoute[] = [];
    if (isSeq(route))
      route.items.forEach((x, i) =>
        routes.push({
          destination:
            vStr(get(x, 'cidr_block') ?? get(x, 'ipv6_cidr_block'), r) ?? unresolved('no destination', at(x)),
          target: target(r, ['route', i], x),
          at: at(x),
        }),
      );
    else if (refs.has(r, ['route']))
      // Computed route blocks: the planned values leave them out, the configuration says they exist.
      tables.set(r.address, unresolved('the routes are known only after apply', at(r.node)));
    if (!tables.has(r.address)) tables.set(r.address, known(routes, at(r.node)));
  }
  for (const r of byType('aws_route')) {
    const t = tables.get(refs.one(r, ['route_table_id']) ?? '');
    if (!t || t.kind !== 'known') continue;
    t.value.push({
      destination:
        vStr(get(r.values, 'destination_cidr_block') ?? get(r.values, 'destination_ipv6_cidr_block'), r) ??
        unresolved('no destination', at(r.node)),
      target: target(r, [], r.values),
      at: at(r.node),
    });
  }
  const subnetTable = new Map<string, string | null>();
  for (const r of byType('aws_route_table_association')) {
    const s = refs.one(r, ['subnet_id']);
    if (s) subnetTable.set(s, refs.one(r, ['route_table_id']) ?? null);
  }
  const mainManaged = byType('aws_default_route_table').length + byType('aws_main_route_table_association').length > 0;

  for (const r of byType('aws_subnet')) {
    const { tags, keys, incomplete } = tagsOf(r);
    const vpcAddress = refs.one(r, ['vpc_id']);
    const table = subnetTable.get(r.address);
    const routes: Value<SubnetRoute[]> =
      table === undefined
        ? vpcAddress && vpcs.has(vpcAddress) && !mainManaged
          ? known([], at(r.node))
          : unresolved('the subnet uses a main route table this plan does not show', at(r.node))
        : table === null
          ? unresolved('the route table is not declared in this plan', at(r.node))
          : (tables.get(table) ?? unresolved(`${table} is not declared in this plan`, at(r.node)));
    const subnet: Subnet = {
      key: keyOf(r.address),
      name: r.address,
      at: at(r.node),
      source: 'terraform',
      vpc: vpcAddress && vpcs.has(vpcAddress) ? keyOf(vpcAddress) : undefined,
      cidr: vStr(get(r.values, 'cidr_block'), r),
      availabilityZone: vStr(get(r.values, 'availability_zone'), r),
      routes,
      tags,
      tagKeys: keys,
      mapPublicIpOnLaunch: vBool(get(r.values, 'map_public_ip_on_launch')),
      assignIpv6AddressOnCreation: vBool(get(r.values, 'assign_ipv6_address_on_creation')),
    };
    if (incomplete) subnet.tagsIncomplete = incomplete;
    out.subnets.push(subnet);
  }
  const subnetKeys = new Set(out.subnets.map((s) => s.key));
  /** A list of subnets: planned ids not declared here, or a list known only after apply, make it incomplete. */
  const subnetList = (r: PlanResource, path: (string | number)[], planned: LNode | undefined) => {
    const addresses = refs.all(r, path).filter((a) => subnetKeys.has(keyOf(a)));
    let incomplete: string | undefined;
    if (isSeq(planned) && planned.items.length) incomplete = 'subnets not declared in this plan';
    else if (!isSeq(planned) && !addresses.length) incomplete = 'the subnet ids are known only after apply';
    else if (refs.all(r, path).length > addresses.length || refs.unresolved(r, path))
      incomplete = 'some subnets are not declared in this plan';
    return { subnets: addresses.map(keyOf), ...(incomplete ? { subnetsIncomplete: incomplete } : {}) };
  };

  const clusters = new Map<string, Cluster>();
  for (const r of byType('aws_eks_cluster')) {
    const vc = block(r, 'vpc_config');
    const knc = block(r, 'kubernetes_network_config');
    const list = subnetList(r, ['vpc_config', 0, 'subnet_ids'], get(vc, 'subnet_ids'));
    const cluster: Cluster = {
      key: keyOf(r.address),
      name: r.address,
      at: at(r.node),
      source: 'terraform',
      serviceIpv4Cidr: knc ? vStr(get(knc, 'service_ipv4_cidr'), r) : undefined,
      ipFamily: (knc ? vStr(get(knc, 'ip_family'), r) : undefined) as Value<'ipv4' | 'ipv6'> | undefined,
      ...list,
      vpc: out.subnets.find((s) => list.subnets.includes(s.key))?.vpc,
      endpointPrivateAccess: vBool(get(vc, 'endpoint_private_access')),
      endpointPublicAccess: vBool(get(vc, 'endpoint_public_access')),
      endpointPrivateAccessName: 'endpoint_private_access',
    };
    clusters.set(str(get(r.values, 'name')) ?? r.address, cluster);
    out.clusters.push(cluster);
  }
  for (const r of byType('aws_eks_node_group')) {
    const sc = block(r, 'scaling_config');
    const clusterRef = refs.one(r, ['cluster_name']);
    const cluster =
      out.clusters.find((c) => c.name === clusterRef) ?? clusters.get(str(get(r.values, 'cluster_name')) ?? '');
    const types = get(r.values, 'instance_types');
    const instanceTypes = isSeq(types) ? types.items.flatMap((t) => (str(t) ? [known(str(t)!, at(t))] : [])) : [];
    const ng: NodeGroup = {
      key: keyOf(r.address),
      name: r.address,
      at: at(r.node),
      source: 'terraform',
      cluster: cluster?.key,
      managed: true,
      instanceTypes,
      desiredSize: vNum(get(sc, 'desired_size')),
      minSize: vNum(get(sc, 'min_size')),
      maxSize: vNum(get(sc, 'max_size')),
      ...subnetList(r, ['subnet_ids'], get(r.values, 'subnet_ids')),
      availabilityZones: [],
    };
    out.nodeGroups.push(ng);
    for (const t of instanceTypes) out.instanceTypeRefs.push({ value: t, context: 'node-group', nodeGroup: ng.key });
  }
}
