import type { HoverProvider } from './provider';
import type { LoadBalancer, NetworkModel } from '../../model/types';
import {
  controllerView,
  discover,
  inTreeScheme,
  knownVpc,
  matchExplicit,
  pickInZone,
  zoneOf,
} from '../../facts/subnetDiscovery';
import { ROLE_TAG, SCHEME_REACHABILITY, ZONES_NEEDED } from '../../facts/loadBalancer';
import { subnetRole } from '../../facts/reachability';
import { modelIndex } from '../../model/lookup';
import { isKnown } from '../../model/located';
import { bold, code, escape } from '../../base/markdown';

/** Zones listed in a hover at most; discovery keeps one subnet per zone, so this is never reached in practice. */
const MAX_ZONES = 12;

/**
 * Hover on a Service's or Ingress's `metadata.name`: who reconciles it, its scheme, and which subnets
 * the AWS Load Balancer Controller would pick, per zone, from facts/subnetDiscovery.ts (the rules'
 * answer), or why that cannot be told.
 */
export const loadBalancerHover: HoverProvider = (ctx) => {
  for (const lb of ctx.model.loadBalancers) {
    const at = lb.nameAt;
    if (!at || at.file !== ctx.file.id || ctx.offset < at.span.start || ctx.offset > at.span.end) continue;
    return { span: at.span, contents: describe(lb, ctx.model).join('\n') };
  }
  return undefined;
};

function describe(lb: LoadBalancer, model: NetworkModel): string[] {
  const title = `${bold(`${lb.object === 'service' ? 'Service' : 'Ingress'} ${lb.name}`)}`;
  const view = controllerView(lb, model);
  if (view.kind === 'unresolved') {
    const out = [title, '', `Not placed by the AWS Load Balancer Controller's discovery: ${escape(view.why)}.`];
    if (lb.controller?.kind === 'known' && lb.controller.value === 'in-tree') {
      const scheme = inTreeScheme(lb);
      out.push(
        '',
        isKnown(scheme) ? `Scheme (in-tree): ${code(scheme.value)}.` : `Scheme: not known (${escape(scheme.why)}).`,
      );
    }
    return out;
  }
  const v = view.value;
  const lines = [`${title} · AWS Load Balancer Controller, ${v.kind.toUpperCase()}`, ''];
  if (isKnown(v.scheme))
    lines.push(`Scheme: ${code(v.scheme.value)}${v.schemeDefault ? ` (${escape(v.schemeDefault)})` : ''}.`);
  else lines.push(`Scheme: not known (${escape(v.scheme.why)}).`);
  const cluster = modelIndex(model).cluster(lb.cluster);
  lines.push(
    cluster
      ? `Cluster: ${code(cluster.name)}${lb.scope ? ` (${escape(lb.scope)})` : ''}.`
      : 'Cluster: none could be told for this manifest (see `eksnet.clusterScopes`).',
  );
  lines.push('');
  if (v.explicit) {
    lines.push(
      `Explicit subnets (${v.explicit.from === 'params' ? 'IngressClassParams' : 'annotation'}) bypass discovery:`,
    );
    const vpc = knownVpc(model, lb.cluster, lb.nameAt ?? lb.at);
    for (const m of matchExplicit(v.explicit.entries, model, vpc).slice(0, MAX_ZONES)) {
      const s = m.subnets.length === 1 ? m.subnets[0] : undefined;
      const role = s ? subnetRole(s) : undefined;
      const facts = s
        ? `subnet ${escape(s.name)}, ${escape(zoneOf(s) ?? 'zone not known')}${isKnown(role) ? `, ${role.value}` : ''}`
        : m.provablyMissing
          ? "no such subnet in the cluster's VPC"
          : m.subnets.length > 1
            ? 'several subnets match'
            : 'not known to the workspace';
      lines.push(`- ${code(m.entry.value)}: ${facts}`);
    }
    return lines;
  }
  const d = discover(lb, model);
  if (d.kind === 'unresolved') {
    lines.push(`Which subnets discovery picks cannot be told: ${escape(d.why)}.`);
    return lines;
  }
  const { byZone, by, scheme, needed, vpc } = d.value;
  const how =
    by === 'tag'
      ? `the subnets tagged ${code(ROLE_TAG[scheme])}`
      : by === 'filter'
        ? 'the subnets matching the IngressClassParams tag filter'
        : `no subnet is tagged ${code(ROLE_TAG[scheme])}, so (v2.12.1+) the ${SCHEME_REACHABILITY[scheme]} subnets`;
  lines.push(`Discovery in VPC ${code(vpc.vpcName)} takes ${how}; one per zone:`, '');
  if (byZone.size === 0) lines.push('- no subnet qualifies');
  for (const [zone, subnets] of [...byZone].slice(0, MAX_ZONES)) {
    const pick = pickInZone(subnets);
    lines.push(
      `- ${escape(zone)}: ${
        pick
          ? code(pick.name)
          : `one of ${subnets.map((s) => code(s.name)).join(', ')} (the lowest subnet id, known only after apply)`
      }`,
    );
  }
  if (byZone.size < needed)
    lines.push(
      '',
      `An ${d.value.lb.kind.toUpperCase()} needs ${ZONES_NEEDED[d.value.lb.kind]} zone(s): this load balancer cannot be created.`,
    );
  return lines;
}
