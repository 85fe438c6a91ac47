import { memoOn } from '../base/memo';
import { isKnown } from './located';
import type { AwsNodeEnv, Cluster, EniConfig, NetworkModel, NodeGroup, Subnet, Vpc } from './types';

/**
 * The merged model's lookups, computed once per model: by key, by subnet id, node groups by subnet,
 * subnets by VPC, aws-node env sources by workload. Rules and facts ask here instead of scanning a
 * model list for every item they look at, which made analysis grow with the square of the
 * workspace. The index is memoised on the model object (base/memo.ts), and the engine builds a new
 * model for every analysis, so it lives and dies with that analysis. A model must not be changed
 * after its index is first asked for.
 */
export interface ModelIndex {
  /** The first item with each key, as `list.find((x) => x.key === key)` would answer. */
  vpc(key: string | undefined): Vpc | undefined;
  subnet(key: string | undefined): Subnet | undefined;
  cluster(key: string | undefined): Cluster | undefined;
  nodeGroup(key: string | undefined): NodeGroup | undefined;
  /** The subnets whose `subnetId` is this known id, in model order. */
  subnetsById(id: string): readonly Subnet[];
  /** The node groups that launch nodes in the subnet, in model order, each once. */
  nodeGroupsInSubnet(key: string): readonly NodeGroup[];
  /** The subnets that name this VPC as theirs, in model order. */
  subnetsOfVpc(key: string): readonly Subnet[];
  /** The aws-node env sources of one workload (a DaemonSet's containers, a values file), in model order. */
  workload(name: string): readonly AwsNodeEnv[];
  /** The aws-node env sources bound to this cluster key, in model order, with their positions in `model.awsNode`. */
  awsNodeOfCluster(key: string): readonly { env: AwsNodeEnv; pos: number }[];
}

const INDEX = Symbol('model index');
const NONE: readonly never[] = [];

export function modelIndex(model: NetworkModel): ModelIndex {
  return memoOn(model, INDEX, () => buildIndex(model));
}

function firstByKey<T extends { key: string }>(items: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const i of items) if (!out.has(i.key)) out.set(i.key, i);
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The aws-node sources by workload and by cluster, memoised on the list itself: the networks of one
 * analysis share the list of sources bound to no cluster (engine/incremental.ts), so it is indexed
 * once, not once per network.
 */
function awsNodeIndex(list: readonly AwsNodeEnv[]) {
  const workloads = new Map<string, AwsNodeEnv[]>();
  const bound = new Map<string, { env: AwsNodeEnv; pos: number }[]>();
  list.forEach((env, pos) => {
    if (env.workload) push(workloads, env.workload, env);
    if (env.cluster !== undefined) push(bound, env.cluster, { env, pos });
  });
  return { workloads, bound };
}

const AWS_NODE = Symbol('aws-node index');

function buildIndex(model: NetworkModel): ModelIndex {
  const vpcs = firstByKey(model.vpcs);
  const subnets = firstByKey(model.subnets);
  const clusters = firstByKey(model.clusters);
  const nodeGroups = firstByKey(model.nodeGroups);
  const byId = new Map<string, Subnet[]>();
  const ofVpc = new Map<string, Subnet[]>();
  for (const s of model.subnets) {
    if (isKnown(s.subnetId)) push(byId, s.subnetId.value, s);
    if (s.vpc !== undefined) push(ofVpc, s.vpc, s);
  }
  const inSubnet = new Map<string, NodeGroup[]>();
  for (const g of model.nodeGroups) for (const k of new Set(g.subnets)) push(inSubnet, k, g);
  const { workloads, bound } = memoOn(model.awsNode, AWS_NODE, () => awsNodeIndex(model.awsNode));
  return {
    vpc: (key) => (key === undefined ? undefined : vpcs.get(key)),
    subnet: (key) => (key === undefined ? undefined : subnets.get(key)),
    cluster: (key) => (key === undefined ? undefined : clusters.get(key)),
    nodeGroup: (key) => (key === undefined ? undefined : nodeGroups.get(key)),
    subnetsById: (id) => byId.get(id) ?? NONE,
    nodeGroupsInSubnet: (key) => inSubnet.get(key) ?? NONE,
    subnetsOfVpc: (key) => ofVpc.get(key) ?? NONE,
    workload: (name) => workloads.get(name) ?? NONE,
    awsNodeOfCluster: (key) => bound.get(key) ?? NONE,
  };
}

const ENI_CONFIGS = Symbol('ENIConfig index');

/**
 * ENIConfigs by the known subnet id they name, and the set of their names, memoised on the list:
 * every network of an analysis sees the workspace's one list of ENIConfigs, so it is indexed once.
 */
export function eniConfigIndex(list: readonly EniConfig[]): {
  bySubnet: ReadonlyMap<string, readonly EniConfig[]>;
  names: ReadonlySet<string>;
  /** True when some ENIConfig's name is a deploy-time placeholder: then any name may exist. */
  anyName: boolean;
} {
  return memoOn(list, ENI_CONFIGS, () => {
    const bySubnet = new Map<string, EniConfig[]>();
    for (const e of list) if (isKnown(e.subnet)) push(bySubnet, e.subnet.value, e);
    return { bySubnet, names: new Set(list.map((e) => e.name)), anyName: list.some((e) => !!e.nameUnknown) };
  });
}
