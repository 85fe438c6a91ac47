import type { FileSpan } from '../base/span';
import type { LNode } from '../parsers/tree';
import type { Unresolved, Value } from './located';
import type { EnvRef, ItemRef, WrittenValue } from './change';
import { pushAll } from '../base/arrays';

/**
 * The network model: what every source format is turned into, and the only thing most rules read.
 * Names are the source's own (the eksctl subnet key, the Terraform address, the CloudFormation
 * logical id); `key` is unique across the workspace and is what references point at.
 */
export interface ModelItem {
  key: string;
  name: string;
  /** Where the item is declared (its whole block); findings about the item as a whole go here. */
  at: FileSpan;
  source: SourceFormat;
  /** Where the item's name is written (a CloudFormation logical id), for findings about the whole item. */
  nameAt?: FileSpan;
  /** Set when only some deployments create the item (a CloudFormation Condition); see model/scenarios.ts. */
  exists?: Existence;
}

/**
 * The deployments that create an item: scenarios (numbered per template, `space`) of the parameter
 * values, and the names of the conditions that decide it, for messages ("when IsProd is true").
 */
export interface Existence {
  space: string;
  /** How many scenarios the template has; `scenarios` are some of 0..of-1. */
  of: number;
  scenarios: readonly number[];
  when: readonly string[];
}

export type SourceFormat =
  'kubernetes' | 'helm-values' | 'addon-config' | 'shell' | 'eksctl' | 'cloudformation' | 'terraform';

export type Tags = Record<string, Value<string>>;

/**
 * Where a tag key is written, for findings about the key itself (a misspelt role key) and fixes that
 * rename it: `edit` is the key as written, absent where the source is not edited (a plan file) or
 * the key is computed.
 */
export interface TagKey {
  at: FileSpan;
  edit?: WrittenValue;
}

/**
 * The subnet groups of the terraform-aws-modules vpc module (its `<tier>_subnets` inputs). Database,
 * ElastiCache, Redshift, intra and Outpost subnets are made for other things than load balancers
 * (facts/loadBalancerSubnets.ts).
 */
export type SubnetTier = 'public' | 'private' | 'intra' | 'database' | 'elasticache' | 'redshift' | 'outpost';

export interface Vpc extends ModelItem {
  /** Primary block first, then secondary blocks in declaration order. */
  cidrs: Value<string>[];
  ipv6Cidrs: Value<string>[];
  enableDnsSupport?: Value<boolean>;
  enableDnsHostnames?: Value<boolean>;
  /** True when the source omits EnableDnsHostnames and `enableDnsHostnames` holds the format's default (false). */
  dnsHostnamesOmitted?: boolean;
  /** VPC endpoints declared for this VPC (interface and gateway), when the source declares them. */
  endpoints?: VpcEndpoint[];
  tags: Tags;
  /**
   * Where fixes set a DNS attribute or add a tag (see change.ts); absent when the source cannot be
   * edited.
   */
  editAt?: ItemRef;
  /**
   * Set when the primary block is the tool's default, written nowhere (eksctl's 192.168.0.0/16): why,
   * for messages and hovers.
   */
  defaultCidrNote?: string;
  /**
   * The source's own names for the DNS attributes (`enable_dns_hostnames` in Terraform), for
   * messages and fix titles; absent means CloudFormation's `EnableDnsSupport` / `EnableDnsHostnames`.
   */
  attributeNames?: Partial<Record<'enableDnsSupport' | 'enableDnsHostnames', string>>;
}

export interface Subnet extends ModelItem {
  /** The key of the VPC, when it can be worked out. */
  vpc?: string;
  /** The subnet id if written down (eksctl `id`, ENIConfig references). */
  subnetId?: Value<string>;
  cidr?: Value<string>;
  ipv6Cidr?: Value<string>;
  availabilityZone?: Value<string>;
  /**
   * The role a source gives the subnet when it also creates the routes to match (eksctl's `public` and
   * `private` sections, the VPC module's `public_subnets` and `private_subnets`). Sources that declare
   * route tables leave it unset and record `routes`; facts/reachability.ts answers from either.
   */
  declaredRole?: Value<'public' | 'private'>;
  /**
   * The routes of the subnet's route table; undefined when the source does not say, unresolved when the
   * table cannot be told.
   */
  routes?: Value<SubnetRoute[]>;
  tags: Tags;
  /** Where the keys of `tags` are written, for the keys whose source says (see TagKey). */
  tagKeys?: Record<string, TagKey>;
  /** Set (to the reason) when some tags could not be read, so a missing tag proves nothing. */
  tagsIncomplete?: string;
  /** The module subnet group the subnet belongs to, when a module declares it in groups (see SubnetTier). */
  tier?: SubnetTier;
  /** Where fixes add a tag (see change.ts); absent when the source cannot be edited. */
  editAt?: ItemRef;
  /**
   * Set when the IPv4 block is the `netnum`-th of `slots` equal blocks written as one call: Terraform's
   * `cidrsubnet(prefix, newbits, netnum)` with literal `newbits` and `netnum` in a block that stands
   * for one subnet (root module, no count or for_each; `slots` is 2^newbits), or CloudFormation's
   * `Fn::Select [netnum, Fn::Cidr [block, count, bits]]` with a literal index (`slots` is count).
   * The index as written, so a fix that moves the subnet rewrites the index rather than the call.
   */
  cidrIndex?: { call: 'cidrsubnet' | 'Fn::Cidr'; slots: bigint; netnum: WrittenValue };
  /** Whether instances launched here get a public IPv4 address (MapPublicIpOnLaunch; the formats' default is false). */
  mapPublicIpOnLaunch?: Value<boolean>;
  /** Whether network interfaces created here get an IPv6 address (AssignIpv6AddressOnCreation). */
  assignIpv6AddressOnCreation?: Value<boolean>;
}

export type RouteTarget =
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'nat-instance'
  | 'transit-gateway'
  | 'vpc-peering'
  | 'vpn-gateway'
  | 'vpc-endpoint'
  | 'other';

export interface SubnetRoute {
  destination: Value<string>;
  target: Value<RouteTarget>;
  at: FileSpan;
}

export interface VpcEndpoint {
  /** The service name, e.g. `com.amazonaws.${AWS::Region}.ecr.api` (a symbolic region stays in the text). */
  service: Value<string>;
  type: Value<'Interface' | 'Gateway' | 'GatewayLoadBalancer'>;
  at: FileSpan;
}

export interface Cluster extends ModelItem {
  serviceIpv4Cidr?: Value<string>;
  ipFamily?: Value<'ipv4' | 'ipv6'>;
  /** Keys of the subnets the control plane uses. */
  subnets: string[];
  /**
   * Set (to the reason) when the source lists more subnets than `subnets` holds (a list partly known,
   * an id of a subnet made elsewhere): rules that need every subnet skip, rules about one act on it.
   */
  subnetsIncomplete?: string;
  vpc?: string;
  /** Zones the source asks for when it lets the tool create the subnets (eksctl `availabilityZones`). */
  availabilityZones?: Value<string>[];
  /**
   * Whether the API server's private endpoint is on (EndpointPrivateAccess), with each format's
   * documented default (false) made explicit where the source leaves it out; unresolved when unknown.
   */
  endpointPrivateAccess?: Value<boolean>;
  /** Whether the API server's public endpoint is on (EndpointPublicAccess; documented default true). */
  endpointPublicAccess?: Value<boolean>;
  /** The source's own name for the private access setting (`endpoint_private_access`), for messages and fix titles. */
  endpointPrivateAccessName?: string;
  /** Where fixes set the endpoint access (see change.ts); absent when the source cannot be edited. */
  editAt?: ItemRef;
}

export interface NodeGroup extends ModelItem {
  cluster?: string;
  managed: boolean;
  instanceTypes: Value<string>[];
  desiredSize?: Value<number>;
  minSize?: Value<number>;
  maxSize?: Value<number>;
  /** A max pods value the source declares (eksctl maxPodsPerNode, kubelet --max-pods, nodeadm maxPods). */
  maxPods?: Value<number>;
  subnets: string[];
  /** Set (to the reason) when the node group may use subnets beyond `subnets` (see Cluster.subnetsIncomplete). */
  subnetsIncomplete?: string;
  availabilityZones: Value<string>[];
  /**
   * Kubernetes labels the node group puts on its nodes; undefined when the source does not say
   * (the format is not read for labels), `{}` when it declares none.
   */
  labels?: Record<string, Value<string>>;
  /** Set (to the reason) when some labels could not be read, so a missing label proves nothing. */
  labelsIncomplete?: string;
  /**
   * Whether the node group's launch template associates a public IPv4 address with the nodes' network
   * interface (AssociatePublicIpAddress), which overrides the subnet's MapPublicIpOnLaunch. Undefined
   * when no launch template of the group says so, unresolved when its launch template cannot be read.
   */
  associatePublicIp?: Value<boolean>;
}

export interface EniConfig extends ModelItem {
  subnet?: Value<string>;
  securityGroups: Value<string>[];
  /**
   * Set when `metadata.name` is a deploy-time placeholder (`name: $AZ_2`): the name as written is
   * not the name the cluster will see, so no rule may compare it with a zone or a node label.
   */
  nameUnknown?: Unresolved;
  /** The whole document, for schema validation. */
  node: LNode;
}

export type AwsNodeSourceKind = 'daemonset' | 'patch' | 'helm-values' | 'addon-config' | 'set-env';

export interface EnvVar {
  name: string;
  nameAt: FileSpan;
  /** Undefined when the entry has no value (valueFrom, or `name:` alone). */
  value?: Value<string>;
  /**
   * Set when the value is written as a plain scalar that a YAML 1.1 reader (Kubernetes, EKS) takes
   * for a number or boolean, not a string: the text as written and the type it is read as.
   */
  notString?: { written: string; type: 'number' | 'boolean' };
  /**
   * The name and value as written, for fixes (see change.ts). Absent when the spans are
   * approximate; `value` is absent where the value cannot be rewritten in place (a block scalar, a
   * computed value).
   */
  edit?: { name: WrittenValue; value?: WrittenValue };
  /** The whole entry (`- name: X\n  value: Y`, or `X: Y` in a map form). */
  entryAt: FileSpan;
  /** Set for valueFrom entries (fieldRef and friends), which are legitimate but not statically known. */
  valueFrom?: boolean;
  /**
   * True when the spans only point at an enclosing text (a folded or escaped inline kustomize patch)
   * rather than at the exact characters: rules report there but offer no text edits.
   */
  approximate?: boolean;
}

export interface AwsNodeEnv {
  key: string;
  file: string;
  /** The container, patch or values block the variables belong to. */
  at: FileSpan;
  source: AwsNodeSourceKind;
  container: 'aws-node' | 'aws-vpc-cni-init';
  /** True for a complete aws-node DaemonSet manifest, where absent variables take code defaults. */
  complete: boolean;
  vars: EnvVar[];
  /**
   * The env list (Kubernetes) or map (values, add-on config), for fixes that add or remove entries;
   * absent when spans are approximate.
   */
  edit?: EnvRef;
  /**
   * Shared by the containers of one DaemonSet or one values file, so rules can pair aws-node with its
   * init container.
   */
  workload?: string;
  /** `kubectl set env` without `-c`: the variables go to every container, the init container included. */
  allContainers?: boolean;
  /**
   * The model key of the Cluster whose add-on this configuration belongs to (eksctl `addons`,
   * AWS::EKS::Addon, aws_eks_addon, the eks module's add-ons), or the cluster a source applied with
   * kubectl or Helm was tied to by its folder (see `scope`). Unset when no one cluster could be told.
   */
  cluster?: string;
  /**
   * Why a source that names no cluster was tied to `cluster` (model/builders/awsNodeScope.ts): the
   * only cluster of its folder, or the `eksnet.clusterScopes` setting. For related information.
   */
  scope?: string;
  /**
   * For a patch a kustomization applies to a complete aws-node DaemonSet among its resources: that
   * DaemonSet's env of the same container, so rules can judge what the two make together.
   */
  base?: AwsNodeEnv;
  /**
   * For a complete DaemonSet that kustomize overlays deploy: per overlay (a kustomization none
   * includes), the patches of the same container applied to it on the way, so rules can judge what
   * each deployment gets. Unset when no kustomization deploys it.
   */
  deployedWith?: AwsNodeEnv[][];
}

/** A place where an instance type is written, for hovers, completion and `instance-type-unknown`. */
export interface InstanceTypeRef {
  value: Value<string>;
  context: 'node-group' | 'launch-template' | 'node-selector' | 'karpenter';
  nodeGroup?: string;
}

/**
 * A load balancer a Kubernetes object asks for: a Service of type LoadBalancer or an Ingress
 * (model/builders/kubernetesLoadBalancers.ts). Values are as written; defaults (the scheme a
 * controller picks when none is written) are facts (facts/subnetDiscovery.ts), never filled in here.
 */
export interface LoadBalancer extends ModelItem {
  object: 'service' | 'ingress';
  namespace?: string;
  /**
   * For a Service: who reconciles it, from its annotations and class. `lbc` is the AWS Load
   * Balancer Controller (`aws-load-balancer-type: external` or `nlb-ip`, `loadBalancerClass:
   * service.k8s.aws/nlb`); `in-tree` the cloud provider's controller (no such annotation or class;
   * `aws-load-balancer-type: nlb` makes an in-tree NLB); unresolved when the type is a placeholder.
   * Ingresses are the controller's when their class is (see `ingressClass`).
   */
  controller?: Value<'lbc' | 'in-tree'>;
  /** The in-tree controller's load balancer: `nlb` for `aws-load-balancer-type: nlb`, else a Classic ELB. */
  inTreeType?: 'nlb' | 'clb';
  /** An Ingress's class: the `kubernetes.io/ingress.class` annotation (which wins) or `spec.ingressClassName`. */
  ingressClass?: { name: Value<string>; via: 'annotation' | 'spec' };
  /** The scheme as written (`aws-load-balancer-scheme`, `alb.ingress.kubernetes.io/scheme`), not defaulted. */
  scheme?: Value<string>;
  /** The legacy `service.beta.kubernetes.io/aws-load-balancer-internal` annotation's value, when written. */
  internal?: Value<string>;
  /** Explicit subnets (`…/subnets` annotation), each entry located on its own text. */
  subnets?: ExplicitSubnets;
  /** `aws-load-balancer-nlb-target-type` / `alb.ingress.kubernetes.io/target-type`, as written. */
  targetType?: Value<string>;
  /** `…/ip-address-type`, as written. */
  ipAddressType?: Value<string>;
  /** The cluster the manifest was tied to (model/builders/awsNodeScope.ts); unset when no one cluster could be told. */
  cluster?: string;
  /** Why it was tied to `cluster`, for related information (empty when the workspace has one cluster). */
  scope?: string;
}

export interface ExplicitSubnets {
  /** The whole annotation value. */
  value: Value<string>;
  /** Each comma-separated entry, trimmed; unresolved entries are placeholders. */
  entries: Value<string>[];
}

/**
 * An IngressClass or the controller's IngressClassParams. Like ENIConfigs they are applied to
 * whichever cluster kubectl points at, so they are part of every network (model/networks.ts).
 */
export interface IngressClassItem extends ModelItem {
  kind: 'IngressClass' | 'IngressClassParams';
  /** IngressClass: `spec.controller`. */
  controller?: Value<string>;
  /** IngressClass: the IngressClassParams `spec.parameters` names (only `kind: IngressClassParams`). */
  params?: Value<string>;
  /** IngressClass: annotated `ingressclass.kubernetes.io/is-default-class: "true"`. */
  isDefault?: boolean;
  /** IngressClassParams: `spec.scheme`, `spec.ipAddressType`, `spec.subnets`. */
  scheme?: Value<string>;
  ipAddressType?: Value<string>;
  subnetIds?: Value<string>[];
  /** `spec.subnets.tags`: key to the values any of which matches. */
  subnetTags?: Record<string, Value<string>[]>;
}

export interface NetworkModel {
  vpcs: Vpc[];
  subnets: Subnet[];
  clusters: Cluster[];
  nodeGroups: NodeGroup[];
  eniConfigs: EniConfig[];
  awsNode: AwsNodeEnv[];
  instanceTypeRefs: InstanceTypeRef[];
  // DNS egress (dns-egress-blocked): see the section at the end of this file.
  securityGroups: SecurityGroup[];
  nodeSecurityGroups: NodeSecurityGroups[];
  networkAcls: NetworkAcl[];
  dhcpOptions: DhcpOptions[];
  loadBalancers: LoadBalancer[];
  ingressClasses: IngressClassItem[];
}

export function emptyModel(): NetworkModel {
  return {
    vpcs: [],
    subnets: [],
    clusters: [],
    nodeGroups: [],
    eniConfigs: [],
    awsNode: [],
    instanceTypeRefs: [],
    ...emptyDnsEgressLists(),
    loadBalancers: [],
    ingressClasses: [],
  };
}

/** Appends every list of `from` to `into`; fragments from many files become one model this way. */
export function mergeInto(into: NetworkModel, from: NetworkModel): void {
  for (const k of Object.keys(into) as (keyof NetworkModel)[]) {
    pushAll(into[k] as unknown[], from[k] as unknown[]);
  }
}

// ---------------------------------------------------------------------------------------------
// DNS egress: security groups, the groups on a node group's nodes, network ACLs and DHCP options.
// What each tool does with AWS's default allow-all egress rule is decided by the builders (with the
// facts in catalog/dnsFacts.ts), so `egress` is the egress the group really has.
// ---------------------------------------------------------------------------------------------

/** An inclusive port range. */
export interface PortRange {
  from: number;
  to: number;
}

/**
 * A rule's protocol, normalised: `all` (`-1`, `all`), `tcp` (`6`), `udp` (`17`), or the protocol as
 * written for anything else (ICMP and others, which DNS never uses).
 */
export type RuleProtocol = string;

/** One egress rule of a security group. */
export interface SgEgressRule {
  at: FileSpan;
  protocol: Value<RuleProtocol>;
  /** Undefined when the rule covers every port (protocol `all`). */
  ports?: Value<PortRange>;
  /** IPv4 destination blocks (IPv6 blocks are left out: the resolvers eksnet checks are IPv4). */
  cidrs: Value<string>[];
  /**
   * Set when the rule names a destination that is not an address block (a security group, `self`, a
   * prefix list): what it is, for messages. Whether such a destination holds a resolver is not known.
   */
  otherDestination?: string;
}

export interface SecurityGroup extends ModelItem {
  vpc?: string;
  /** The group's egress rules; unresolved when some rule (or whether there are more) is not known. */
  egress: Value<SgEgressRule[]>;
  /** Why the group has the egress it has (the tool's handling of the default rule), for messages. */
  egressNote?: string;
}

/**
 * The security groups a node group's nodes get, recorded where a launch template (or the eks
 * module's node security group) names them. A node group without one gets the cluster security
 * group, whose egress EKS creates open, and has no entry.
 */
export interface NodeSecurityGroups {
  /** The NodeGroup key. */
  nodeGroup: string;
  /** Keys of SecurityGroup items; unresolved when some group or the list itself is not known. */
  groups: Value<string[]>;
  /** Where the groups are named (a launch template's list, the module's node group entry). */
  at: FileSpan;
  /** What names them, for messages: "launch template aws_launch_template.nodes". */
  via: string;
}

export interface AclEntry {
  at: FileSpan;
  egress: boolean;
  ruleNumber: Value<number>;
  protocol: Value<RuleProtocol>;
  action: Value<'allow' | 'deny'>;
  /** The IPv4 block; undefined for an IPv6 entry, which never matches IPv4 traffic. */
  cidr?: Value<string>;
  /** Undefined when the entry covers every port (protocol `all`). */
  ports?: Value<PortRange>;
}

export interface NetworkAcl extends ModelItem {
  vpc?: string;
  /** Keys of the subnets associated with the ACL. */
  subnets: string[];
  /** The numbered entries; unresolved when some entry (or whether there are more) is not known. */
  entries: Value<AclEntry[]>;
}

export interface DhcpOptions extends ModelItem {
  /** Keys of the VPCs the options set is associated with. */
  vpcs: string[];
  /** `domain_name_servers` / `DomainNameServers`: addresses or `AmazonProvidedDNS`; undefined when not set. */
  servers?: Value<string[]>;
}

function emptyDnsEgressLists(): Pick<
  NetworkModel,
  'securityGroups' | 'nodeSecurityGroups' | 'networkAcls' | 'dhcpOptions'
> {
  return { securityGroups: [], nodeSecurityGroups: [], networkAcls: [], dhcpOptions: [] };
}
