import type { Builder } from './builder';
import type { SourceFile } from '../sourceFile';
import type { NetworkModel, Subnet, Vpc, Cluster } from '../types';
import type { FileSpan } from '../../base/span';
import { type LNode, type LEntry, get, getPath, entry, isMap, isScalar, isSeq, str } from '../../parsers/tree';
import { known, textValue, unresolved, type Value } from '../located';
import { eksctlNodeGroups, isTrue } from './eksctlNodeGroups';
import { eksctlAddons } from './eksctlAddons';
import { pushAll } from '../../base/arrays';

/** eksctl's `DefaultCIDR()`: the block of a VPC eksctl creates when the config gives none. */
export const EKSCTL_DEFAULT_VPC_CIDR = '192.168.0.0/16';

/** Region AZ names such as `us-west-2a` or `us-gov-west-1b`; eksctl subnets are usually keyed by them. */
const AZ_NAME = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;

/**
 * eksctl `ClusterConfig` (eksctl.io/v1alpha5): the VPC (eksctl's own or an existing one), its
 * subnets, the cluster, node groups and the vpc-cni add-on's configuration values.
 */
export const eksctlBuilder: Builder = {
  name: 'eksctl',
  document(file, doc, out) {
    const root = doc.root;
    if (!isMap(root) || str(get(root, 'kind')) !== 'ClusterConfig') return false;
    if (!(str(get(root, 'apiVersion')) ?? '').startsWith('eksctl.io/')) return false;
    buildClusterConfig(file, root, out);
    return true;
  },
};

function buildClusterConfig(file: SourceFile, root: LNode, out: NetworkModel): void {
  const at = (n: { span: { start: number; end: number } }): FileSpan => ({ file: file.id, span: n.span });
  const metadata = entry(root, 'metadata');
  const clusterName = str(getPath(root, ['metadata', 'name'])) ?? '';
  const base = `${file.id}#eksctl/${clusterName}@${root.span.start}`;
  const vpcEntry = entry(root, 'vpc');
  const vpcNode = vpcEntry?.value;
  // Findings about things the config leaves implicit point at the `vpc` key, else at `metadata`.
  const anchor: FileSpan = vpcEntry ? at(vpcEntry.key) : metadata ? at(metadata.key) : at(root);

  // eksctl creates the VPC unless it is told to use an existing one, by id or by subnet ids.
  const vpcId = get(vpcNode, 'id');
  const subnetsNode = get(vpcNode, 'subnets');
  const subnetEntries = [...subnetSection(subnetsNode, 'public'), ...subnetSection(subnetsNode, 'private')];
  const existing = !!str(vpcId) || subnetEntries.some((s) => !!str(get(s.entry.value, 'id')));

  const vpcKey = `${base}/vpc`;
  const cidrs: Value<string>[] = [];
  let defaulted = false;
  const cidrNode = get(vpcNode, 'cidr');
  if (str(cidrNode) !== undefined && cidrNode) cidrs.push(textValue(str(cidrNode)!, at(cidrNode)));
  else if (existing)
    cidrs.push(unresolved('the VPC already exists; its CIDR block is known only to AWS', vpcId ? at(vpcId) : anchor));
  else {
    cidrs.push(known(EKSCTL_DEFAULT_VPC_CIDR, anchor));
    defaulted = true;
  }
  const extra = get(vpcNode, 'extraCIDRs');
  if (isSeq(extra)) for (const n of extra.items) if (str(n) !== undefined) cidrs.push(textValue(str(n)!, at(n)));

  const ipFamily = ipFamilyOf(file, getPath(root, ['kubernetesNetworkConfig', 'ipFamily']));
  const ipv6Cidrs: Value<string>[] = [];
  const v6Node = get(vpcNode, 'ipv6Cidr');
  if (str(v6Node) !== undefined && v6Node) ipv6Cidrs.push(textValue(str(v6Node)!, at(v6Node)));
  else if ((ipFamily?.kind === 'known' && ipFamily.value === 'ipv6') || isTrue(get(vpcNode, 'autoAllocateIPv6')))
    ipv6Cidrs.push(unresolved('Amazon-provided IPv6 block, allocated when the VPC is created', anchor));
  const extra6 = get(vpcNode, 'extraIPv6CIDRs');
  if (isSeq(extra6)) for (const n of extra6.items) if (str(n) !== undefined) ipv6Cidrs.push(textValue(str(n)!, at(n)));

  // eksctl turns on DNS support and hostnames in the VPCs it creates; an existing VPC's are unknown.
  const dns = (): Value<boolean> =>
    existing ? unresolved('set on the existing VPC', vpcId ? at(vpcId) : anchor) : known(true, anchor);
  const vpc: Vpc = {
    key: vpcKey,
    name: str(vpcId) ?? `${clusterName || 'cluster'}/vpc`,
    at: vpcEntry ? { file: file.id, span: vpcEntry.span } : anchor,
    source: 'eksctl',
    cidrs,
    ipv6Cidrs,
    enableDnsSupport: dns(),
    enableDnsHostnames: dns(),
    tags: {},
  };
  if (defaulted) vpc.defaultCidrNote = "eksctl's default, because the config sets no vpc.cidr";
  out.vpcs.push(vpc);

  const subnets: Subnet[] = subnetEntries.map(({ entry: e, isPublic }) => subnetOf(file, e, isPublic, vpcKey, base));
  pushAll(out.subnets, subnets);

  const cluster: Cluster = {
    key: `${base}/cluster`,
    name: clusterName,
    at: metadata ? { file: file.id, span: metadata.span } : at(root),
    source: 'eksctl',
    subnets: subnets.map((s) => s.key),
    vpc: vpcKey,
  };
  const svc = getPath(root, ['kubernetesNetworkConfig', 'serviceIPv4CIDR']);
  if (svc && str(svc) !== undefined) cluster.serviceIpv4Cidr = textValue(str(svc)!, at(svc));
  if (ipFamily) cluster.ipFamily = ipFamily;
  Object.assign(cluster, endpointAccess(file, root, vpcNode, anchor));
  const zones = get(root, 'availabilityZones');
  if (isSeq(zones))
    cluster.availabilityZones = zones.items.filter((n) => !!str(n)).map((n) => textValue(str(n)!, at(n)));
  out.clusters.push(cluster);

  eksctlNodeGroups(file, root, { clusterKey: cluster.key, subnets, base }, out);
  eksctlAddons(file, root, cluster.key, out);
}

/**
 * `vpc.clusterEndpoints`: eksctl creates clusters with public access on and private access off
 * unless the config says otherwise (eksctl docs, "Cluster Access"); a fully-private cluster
 * (`privateCluster.enabled`) has private access on. A value that is not a boolean stays unresolved.
 */
function endpointAccess(
  file: SourceFile,
  root: LNode,
  vpcNode: LNode | undefined,
  anchor: FileSpan,
): Pick<Cluster, 'endpointPrivateAccess' | 'endpointPublicAccess' | 'endpointPrivateAccessName'> {
  const endpoints = get(vpcNode, 'clusterEndpoints');
  const flag = (name: string, dflt: boolean): Value<boolean> => {
    const n = get(endpoints, name);
    if (!n) return known(dflt, endpoints ? { file: file.id, span: endpoints.span } : anchor);
    const at = { file: file.id, span: n.span };
    return isScalar(n) && typeof n.value === 'boolean'
      ? known(n.value, at)
      : unresolved(`${name} is not a boolean`, at);
  };
  const privateCluster = getPath(root, ['privateCluster', 'enabled']);
  return {
    endpointPrivateAccess:
      privateCluster && isTrue(privateCluster)
        ? known(true, { file: file.id, span: privateCluster.span })
        : flag('privateAccess', false),
    endpointPublicAccess: flag('publicAccess', true),
    endpointPrivateAccessName: 'vpc.clusterEndpoints.privateAccess',
  };
}

function subnetSection(
  subnets: LNode | undefined,
  section: 'public' | 'private',
): { entry: LEntry; isPublic: boolean }[] {
  const m = get(subnets, section);
  return isMap(m)
    ? m.entries.filter((e) => str(e.key) !== undefined).map((e) => ({ entry: e, isPublic: section === 'public' }))
    : [];
}

function subnetOf(file: SourceFile, e: LEntry, isPublic: boolean, vpcKey: string, base: string): Subnet {
  const at = (n: LNode): FileSpan => ({ file: file.id, span: n.span });
  const name = str(e.key)!;
  const spec = e.value;
  const subnet: Subnet = {
    key: `${base}/subnet/${isPublic ? 'public' : 'private'}/${name}`,
    name,
    at: { file: file.id, span: e.span },
    source: 'eksctl',
    vpc: vpcKey,
    // The section says it: eksctl gives public subnets a route to an internet gateway, and trusts
    // the section for subnets that already exist.
    declaredRole: known(isPublic ? 'public' : 'private', at(e.key)),
    tags: {},
  };
  const id = get(spec, 'id');
  if (id && str(id)) {
    subnet.subnetId = textValue(str(id)!, at(id));
    subnet.tagsIncomplete = 'the subnet already exists; its tags are set outside this config';
  }
  // eksctl tags the subnets it creates for load-balancer discovery (pkg/cfn/builder/vpc_ipv4.go).
  // The keys are ROLE_TAG of facts/loadBalancer.ts, written out here because builders sit below facts/.
  else subnet.tags[isPublic ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb'] = known('1', at(e.key));
  // eksctl sets MapPublicIpOnLaunch on the public subnets it creates and leaves it off on private
  // ones (pkg/cfn/builder/vpc_ipv4.go); an existing subnet's setting is known only to AWS.
  subnet.mapPublicIpOnLaunch = subnet.subnetId
    ? unresolved('the subnet already exists; its MapPublicIpOnLaunch is set outside this config', subnet.subnetId.at)
    : known(isPublic, at(e.key));
  const cidr = get(spec, 'cidr');
  if (cidr && str(cidr) !== undefined) subnet.cidr = textValue(str(cidr)!, at(cidr));
  else if (subnet.subnetId)
    subnet.cidr = unresolved('the subnet already exists; its CIDR block is known only to AWS', subnet.subnetId.at);
  const az = get(spec, 'az');
  if (az && str(az)) subnet.availabilityZone = textValue(str(az)!, at(az));
  else if (AZ_NAME.test(name)) subnet.availabilityZone = known(name, at(e.key));
  else if (subnet.subnetId)
    subnet.availabilityZone = unresolved(
      'the subnet already exists; its zone is known only to AWS',
      subnet.subnetId.at,
    );
  return subnet;
}

function ipFamilyOf(file: SourceFile, n: LNode | undefined): Value<'ipv4' | 'ipv6'> | undefined {
  const s = str(n)?.toLowerCase();
  // eksctl compares the family case-insensitively (IPv4, IPv6 in its docs).
  return n && (s === 'ipv4' || s === 'ipv6') ? known(s, { file: file.id, span: n.span }) : undefined;
}
