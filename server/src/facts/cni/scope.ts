import type { NetworkModel } from '../../model/types';
import type { FileSpan } from '../../base/span';
import { cniMode, type CniMode } from './mode';
import { memoOn } from '../../base/memo';
import { modelIndex } from '../../model/lookup';

/**
 * Which cluster's CNI mode applies to a piece of the model. Add-on configuration is bound to one
 * cluster, so a node group is judged by the mode of its own cluster; what cannot be tied to one
 * cluster (a node selector, a launch template no node group uses) falls back to the workspace mode.
 */

const MODES = Symbol('cni mode per cluster');

/**
 * The mode of each cluster, worked out once per model (so once per analysis, memoised on the model):
 * rules ask for it once per node group, and several rules ask.
 */
export function modeLookup(model: NetworkModel): (cluster?: string) => CniMode {
  const cache = memoOn(model, MODES, () => new Map<string | undefined, CniMode>());
  return (cluster) => {
    let m = cache.get(cluster);
    if (!m) cache.set(cluster, (m = cniMode(model, cluster)));
    return m;
  };
}

/**
 * The mode of every cluster the workspace declares, or the workspace mode alone when it declares
 * none; for rules about objects that any cluster may use (ENIConfigs), which are wrong only when
 * they are wrong for every cluster.
 */
export function clusterModes(model: NetworkModel): CniMode[] {
  const modeOf = modeLookup(model);
  if (model.clusters.length === 0) return [modeOf()];
  // A cluster no add-on configuration is bound to gets the unbound sources alone, as every other
  // such cluster does: their mode is worked out once, however many clusters the workspace holds.
  const index = modelIndex(model);
  const out: CniMode[] = [];
  let unboundOnly = false;
  for (const k of new Set(model.clusters.map((c) => c.key))) {
    if (index.awsNodeOfCluster(k).length === 0) {
      if (unboundOnly) continue;
      unboundOnly = true;
    }
    out.push(modeOf(k));
  }
  return out;
}

function spanKey(at: FileSpan): string {
  return `${at.file}@${at.span.start}-${at.span.end}`;
}

/**
 * For an instance type written somewhere, the cluster of the node groups that use it: a launch
 * template's type counts for the node groups that take it. Undefined when no node group uses it, or
 * when node groups of different (or unknown) clusters share it.
 */
export function typeClusterLookup(model: NetworkModel): (at: FileSpan) => string | undefined {
  const owners = new Map<string, Set<string | undefined>>();
  const add = (at: FileSpan, cluster: string | undefined) => {
    const k = spanKey(at);
    let s = owners.get(k);
    if (!s) owners.set(k, (s = new Set()));
    s.add(cluster);
  };
  const groups = new Map(model.nodeGroups.map((g) => [g.key, g]));
  for (const g of model.nodeGroups) for (const v of g.instanceTypes) add(v.at, g.cluster);
  for (const r of model.instanceTypeRefs)
    if (r.nodeGroup !== undefined) add(r.value.at, groups.get(r.nodeGroup)?.cluster);
  return (at) => {
    const s = owners.get(spanKey(at));
    if (!s || s.size !== 1) return undefined;
    return [...s][0];
  };
}
