import { emptyModel, type NetworkModel } from './types';
import { memoOn } from '../base/memo';

/**
 * Networks: the unit of incremental analysis for rules that look across files. A network is a set
 * of file fragments whose VPCs, subnets, clusters, node groups and cluster-bound aws-node settings
 * refer to one another by model key (a subnet names its VPC, a node group its cluster and subnets),
 * closed under those references: no reference leaves a network, so a rule that follows references
 * sees in one network everything it would see in the whole workspace.
 *
 * What the model says applies to every cluster (aws-node settings bound to none, ENIConfigs,
 * IngressClasses and IngressClassParams, node selectors and Karpenter requirements) belongs to no
 * network: it is the workspace's global part, which every network's rules that read it also see.
 */

/** A file fragment split into what joins a network and what applies everywhere, with its links. */
export interface FragmentParts {
  local: NetworkModel;
  global: NetworkModel;
  /** Keys of the VPCs, subnets, clusters and node groups the fragment declares. */
  defines: readonly string[];
  /** Keys the fragment refers to (a subnet's VPC, a node group's cluster and subnets...). */
  refs: readonly string[];
  hasLocal: boolean;
  hasGlobal: boolean;
}

const PARTS = Symbol('fragment parts');

/** The parts of a fragment, worked out once per fragment object (fragments are never changed). */
export function fragmentParts(fragment: NetworkModel): FragmentParts {
  return memoOn(fragment, PARTS, () => split(fragment));
}

function split(f: NetworkModel): FragmentParts {
  const local = emptyModel();
  const global = emptyModel();
  const defines: string[] = [];
  const refs: string[] = [];
  for (const v of f.vpcs) {
    local.vpcs.push(v);
    defines.push(v.key);
  }
  for (const s of f.subnets) {
    local.subnets.push(s);
    defines.push(s.key);
    if (s.vpc !== undefined) refs.push(s.vpc);
  }
  for (const c of f.clusters) {
    local.clusters.push(c);
    defines.push(c.key);
    if (c.vpc !== undefined) refs.push(c.vpc);
    for (const s of c.subnets) refs.push(s);
  }
  for (const g of f.nodeGroups) {
    local.nodeGroups.push(g);
    defines.push(g.key);
    if (g.cluster !== undefined) refs.push(g.cluster);
    for (const s of g.subnets) refs.push(s);
  }
  for (const e of f.awsNode) {
    if (e.cluster === undefined) global.awsNode.push(e);
    else {
      local.awsNode.push(e);
      refs.push(e.cluster);
    }
  }
  // ENIConfigs are Kubernetes objects, applied to whichever cluster kubectl points at; so are
  // IngressClasses and their parameters.
  for (const e of f.eniConfigs) global.eniConfigs.push(e);
  for (const c of f.ingressClasses) global.ingressClasses.push(c);
  // A Service or Ingress joins the network of the cluster it was tied to (model/builders/awsNodeScope.ts);
  // one tied to none stays with its own file's items, where the load-balancer rules leave it alone.
  for (const lb of f.loadBalancers) {
    local.loadBalancers.push(lb);
    if (lb.cluster !== undefined) refs.push(lb.cluster);
  }
  for (const r of f.instanceTypeRefs) {
    // A launch template's type belongs with the node groups that share its span (facts/cni/scope.ts),
    // which are declared beside it; a node selector or a Karpenter requirement runs on any cluster.
    if (r.nodeGroup !== undefined) {
      local.instanceTypeRefs.push(r);
      refs.push(r.nodeGroup);
    } else if (r.context === 'launch-template' || r.context === 'node-group') local.instanceTypeRefs.push(r);
    else global.instanceTypeRefs.push(r);
  }
  splitDnsEgress(f, local, defines, refs);
  const hasLocal = !isEmpty(local);
  const hasGlobal = !isEmpty(global);
  // Most fragments are all one or the other: they are then their own part, not a copy of it.
  return {
    local: hasGlobal ? local : f,
    global: hasLocal ? global : f,
    defines,
    refs,
    hasLocal,
    hasGlobal,
  };
}

/**
 * Security groups, node groups' security groups, network ACLs and DHCP options (dns-egress-blocked)
 * are local: each belongs with the VPC, subnets, node group and groups it names.
 */
function splitDnsEgress(f: NetworkModel, local: NetworkModel, defines: string[], refs: string[]): void {
  for (const g of f.securityGroups) {
    local.securityGroups.push(g);
    defines.push(g.key);
    if (g.vpc !== undefined) refs.push(g.vpc);
  }
  for (const n of f.nodeSecurityGroups) {
    local.nodeSecurityGroups.push(n);
    refs.push(n.nodeGroup);
    if (n.groups.kind === 'known') for (const k of n.groups.value) refs.push(k);
  }
  for (const a of f.networkAcls) {
    local.networkAcls.push(a);
    defines.push(a.key);
    if (a.vpc !== undefined) refs.push(a.vpc);
    for (const s of a.subnets) refs.push(s);
  }
  for (const d of f.dhcpOptions) {
    local.dhcpOptions.push(d);
    defines.push(d.key);
    for (const v of d.vpcs) refs.push(v);
  }
}

export function isEmpty(m: NetworkModel): boolean {
  for (const k of Object.keys(m) as (keyof NetworkModel)[]) if (m[k].length) return false;
  return true;
}

/** A member of a network: a file's fragment, ordered by file id so merges do not depend on history. */
export interface Member {
  file: string;
  fragment: NetworkModel;
}

/**
 * One network. A Network object never changes: when a member's fragment is replaced, or a new
 * reference joins two networks, the networks involved are replaced by new objects. Results computed
 * for a network (rule findings, its merged model) may therefore be cached on its identity.
 */
export class Network {
  private merged: NetworkModel | undefined;

  constructor(
    readonly id: number,
    /** Sorted by file id. */
    readonly members: readonly Member[],
  ) {}

  /** The members' local items, merged in file order. */
  model(): NetworkModel {
    if (this.members.length === 1) return fragmentParts(this.members[0].fragment).local;
    if (!this.merged) {
      const out = emptyModel();
      for (const m of this.members) mergeLists(out, fragmentParts(m.fragment).local);
      this.merged = out;
    }
    return this.merged;
  }
}

export function mergeLists(into: NetworkModel, from: NetworkModel): void {
  for (const k of Object.keys(into) as (keyof NetworkModel)[]) {
    const src = from[k] as unknown[];
    const dst = into[k] as unknown[];
    for (let i = 0; i < src.length; i++) dst.push(src[i]);
  }
}

/**
 * The networks of a workspace, kept up to date as fragments come and go. Which fragments declare
 * and which refer to each key is kept in two maps, so an update costs the size of the networks it
 * touches, not the workspace: the networks of removed fragments are dissolved, the loose fragments
 * (theirs and the added ones) are walked along their references, and a walk that reaches a
 * fragment of an untouched network dissolves that network into the walk as well.
 */
export class NetworkIndex {
  private readonly definers = new Map<string, Set<Member>>();
  private readonly referrers = new Map<string, Set<Member>>();
  private readonly networkOf = new Map<Member, Network>();
  private readonly live = new Set<Network>();
  private nextId = 1;

  /** Every current network. */
  networks(): ReadonlySet<Network> {
    return this.live;
  }

  /**
   * Takes out and puts in fragments' local parts (members without local items are ignored).
   * Returns the networks made and the ones gone by this update; every other network is the
   * object it was.
   */
  update(removed: readonly Member[], added: readonly Member[]): { made: Network[]; gone: Network[] } {
    const made: Network[] = [];
    const gone: Network[] = [];
    const loose = new Set<Member>();
    const dissolve = (n: Network | undefined) => {
      if (!n || !this.live.delete(n)) return;
      gone.push(n);
      for (const m of n.members) {
        this.networkOf.delete(m);
        loose.add(m);
      }
    };
    for (const m of removed) {
      const parts = fragmentParts(m.fragment);
      if (!parts.hasLocal) continue;
      dissolve(this.networkOf.get(m));
      for (const k of parts.defines) remove(this.definers, k, m);
      for (const k of parts.refs) remove(this.referrers, k, m);
    }
    for (const m of removed) loose.delete(m);
    for (const m of added) {
      const parts = fragmentParts(m.fragment);
      if (!parts.hasLocal) continue;
      for (const k of parts.defines) add(this.definers, k, m);
      for (const k of parts.refs) add(this.referrers, k, m);
      loose.add(m);
    }
    // `loose` grows while it is walked (dissolved neighbours join it); a Set's iteration sees that.
    const placed = new Set<Member>();
    for (const start of loose) {
      if (placed.has(start)) continue;
      const component: Member[] = [];
      const stack = [start];
      placed.add(start);
      while (stack.length) {
        const m = stack.pop()!;
        component.push(m);
        for (const n of this.neighbours(m)) {
          if (placed.has(n)) continue;
          dissolve(this.networkOf.get(n));
          placed.add(n);
          stack.push(n);
        }
      }
      component.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
      const network = new Network(this.nextId++, component);
      made.push(network);
      this.live.add(network);
      for (const m of component) this.networkOf.set(m, network);
    }
    // A network made and dissolved within this update is neither.
    return { made: made.filter((n) => this.live.has(n)), gone: gone.filter((n) => !made.includes(n)) };
  }

  /** Fragments that share a key with this one: declaring it twice, or one declaring what the other names. */
  private *neighbours(m: Member): Generator<Member> {
    const parts = fragmentParts(m.fragment);
    for (const k of parts.defines) {
      yield* this.definers.get(k) ?? [];
      yield* this.referrers.get(k) ?? [];
    }
    for (const k of parts.refs) {
      yield* this.definers.get(k) ?? [];
      // Two fragments naming the same cluster that neither declares still share its add-on settings.
      yield* this.referrers.get(k) ?? [];
    }
  }
}

function add(map: Map<string, Set<Member>>, key: string, m: Member): void {
  let s = map.get(key);
  if (!s) map.set(key, (s = new Set()));
  s.add(m);
}

function remove(map: Map<string, Set<Member>>, key: string, m: Member): void {
  const s = map.get(key);
  if (!s) return;
  s.delete(m);
  if (!s.size) map.delete(key);
}
