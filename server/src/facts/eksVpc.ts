import type { NetworkModel, Vpc } from '../model/types';
import type { EngineSettings } from '../base/settings';
import { memoOn } from '../base/memo';

/**
 * Which VPCs are meant for EKS: one an EKS cluster or node group of the workspace uses (through its
 * subnets or directly), one whose VPC or subnets carry a `kubernetes.io/cluster/*` tag, or every VPC
 * when `assumeEksVpc` is set. The subnet-tag and DNS rules apply only to these, so a template for
 * an unrelated VPC stays quiet.
 */
export function eksVpcKeys(model: NetworkModel, settings: EngineSettings): ReadonlySet<string> {
  // Four rules ask per analysis, each walking every cluster, node group, VPC and subnet; the answer
  // is memoised on the model (one per analysis), per settings object.
  const bySettings = memoOn(model, EKS_VPCS, () => new Map<EngineSettings, ReadonlySet<string>>());
  let keys = bySettings.get(settings);
  if (!keys) bySettings.set(settings, (keys = computeEksVpcKeys(model, settings)));
  return keys;
}

const EKS_VPCS = Symbol('eksVpcKeys');

function computeEksVpcKeys(model: NetworkModel, settings: EngineSettings): Set<string> {
  const out = new Set<string>();
  if (settings.assumeEksVpc) for (const v of model.vpcs) out.add(v.key);
  const subnetVpc = new Map(model.subnets.map((s) => [s.key, s.vpc]));
  for (const c of model.clusters) {
    if (c.vpc) out.add(c.vpc);
    for (const s of c.subnets) if (subnetVpc.get(s)) out.add(subnetVpc.get(s)!);
  }
  for (const n of model.nodeGroups) for (const s of n.subnets) if (subnetVpc.get(s)) out.add(subnetVpc.get(s)!);
  // With a cluster name in the settings, only that cluster's tag counts: a VPC shared with or left
  // over from another cluster is not this workspace's business.
  const wanted = settings.clusterName ? `kubernetes.io/cluster/${settings.clusterName}` : undefined;
  const clusterTag = (tags: Vpc['tags']) =>
    Object.keys(tags).some((k) => (wanted ? k === wanted : k.startsWith('kubernetes.io/cluster/')));
  for (const v of model.vpcs) if (clusterTag(v.tags)) out.add(v.key);
  for (const s of model.subnets) if (s.vpc && clusterTag(s.tags)) out.add(s.vpc);
  return out;
}

/** Subnets that nodes of some node group are launched in. */
export function nodeSubnetKeys(model: NetworkModel): Set<string> {
  return new Set(model.nodeGroups.flatMap((n) => n.subnets));
}
