import type { NetworkModel } from '../model/types';
import { plain, type Value } from '../model/located';
import type { FileSpan } from '../base/span';
import { publicFlag } from '../facts/reachability';

/**
 * The `model --format json` contract: plain values, null for unresolved ones, 0-based lines.
 * `displayFile` maps engine file ids to what the user typed (relative paths for the CLI).
 */
export function modelToJson(
  model: NetworkModel,
  lineOf: (at: FileSpan) => number,
  displayFile: (id: string) => string,
): Record<string, unknown> {
  const loc = (at: FileSpan) => ({ file: displayFile(at.file), line: lineOf(at) });
  const list = (vs: Value<string>[]) => vs.map((v) => plain(v));
  const keyName = new Map<string, string>();
  for (const s of model.subnets) keyName.set(s.key, s.name);
  for (const v of model.vpcs) keyName.set(v.key, v.name);
  for (const c of model.clusters) keyName.set(c.key, c.name);
  const tags = (t: Record<string, Value<string>>) =>
    Object.fromEntries(Object.entries(t).map(([k, v]) => [k, plain(v)]));
  return {
    version: 1,
    eniConfigs: model.eniConfigs.map((e) => ({
      name: e.name,
      ...loc(e.at),
      subnet: plain(e.subnet),
      securityGroups: list(e.securityGroups),
    })),
    awsNode: model.awsNode.map((a) => ({
      ...loc(a.at),
      source: a.source,
      container: a.container,
      cluster: a.cluster ? (keyName.get(a.cluster) ?? a.cluster) : null,
      env: Object.fromEntries(a.vars.map((v) => [v.name, plain(v.value)])),
    })),
    vpcs: model.vpcs.map((v) => ({
      name: v.name,
      ...loc(v.at),
      cidrs: list(v.cidrs),
      ipv6Cidrs: list(v.ipv6Cidrs),
      enableDnsSupport: plain(v.enableDnsSupport),
      enableDnsHostnames: plain(v.enableDnsHostnames),
    })),
    subnets: model.subnets.map((s) => ({
      name: s.name,
      ...loc(s.at),
      vpc: s.vpc ? (keyName.get(s.vpc) ?? null) : null,
      cidr: plain(s.cidr),
      ipv6Cidr: plain(s.ipv6Cidr),
      availabilityZone: plain(s.availabilityZone),
      public: publicFlag(s),
      tags: tags(s.tags),
    })),
    clusters: model.clusters.map((c) => ({
      name: c.name,
      ...loc(c.at),
      serviceIpv4Cidr: plain(c.serviceIpv4Cidr),
      ipFamily: plain(c.ipFamily),
      subnets: c.subnets.map((k) => keyName.get(k) ?? k),
    })),
    nodeGroups: model.nodeGroups.map((n) => ({
      name: n.name,
      ...loc(n.at),
      cluster: n.cluster ? (keyName.get(n.cluster) ?? n.cluster) : null,
      instanceTypes: list(n.instanceTypes),
      maxSize: plain(n.maxSize),
      maxPods: plain(n.maxPods),
      subnets: n.subnets.map((k) => keyName.get(k) ?? k),
    })),
    // Added in place: a new key keeps version 1 (readers ignore keys they do not know).
    loadBalancers: model.loadBalancers.map((lb) => ({
      object: lb.object,
      name: lb.name,
      namespace: lb.namespace ?? null,
      ...loc(lb.at),
      cluster: lb.cluster ? (keyName.get(lb.cluster) ?? lb.cluster) : null,
      controller: plain(lb.controller),
      ingressClass: lb.ingressClass ? plain(lb.ingressClass.name) : null,
      scheme: plain(lb.scheme),
      subnets: lb.subnets ? list(lb.subnets.entries) : null,
      targetType: plain(lb.targetType),
      ipAddressType: plain(lb.ipAddressType),
    })),
  };
}
