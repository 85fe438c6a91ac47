import type { HoverContext, HoverProvider } from './provider';
import type { FileSpan } from '../../base/span';
import {
  getInstanceType,
  managedNodeGroupCap,
  podIps,
  suggestInstanceType,
  supportsPrefixDelegation,
  type InstanceInfo,
} from '../../catalog/instances';
import { cniMode, resolved, type CniMode, type ModeSetting } from '../../facts/cni/mode';
import { formulaText, podCapacity, type NodeKind } from '../../facts/cni/capacity';
import { typeClusterLookup } from '../../facts/cni/scope';
import { isKnown } from '../../model/located';
import { bold, code, link } from '../../base/markdown';

/**
 * Hover on an instance type wherever the model records one (node groups, launch templates, node
 * selectors, affinities, Karpenter requirements): its network limits, max pods in the CNI mode the
 * workspace configures (and where that is configured), the other modes, and the caps. A type that
 * one cluster's node groups use is shown in that cluster's mode, so another cluster's add-on
 * configuration does not change it; any other type in the mode of the whole workspace.
 */
export const instanceTypeHover: HoverProvider = (ctx) => {
  for (const ref of ctx.model.instanceTypeRefs) {
    const v = ref.value;
    if (!isKnown(v) || v.at.file !== ctx.file.id || ctx.offset < v.at.span.start || ctx.offset > v.at.span.end)
      continue;
    const info = getInstanceType(v.value);
    if (!info) {
      const s = suggestInstanceType(v.value);
      return {
        span: v.at.span,
        contents: `${bold(v.value)}\n\nNot an EC2 instance type eksnet knows${s ? `; did you mean ${code(s)}?` : '.'}`,
      };
    }
    const cluster = typeClusterLookup(ctx.model)(v.at);
    const ng = ref.nodeGroup === undefined ? undefined : ctx.model.nodeGroups.find((g) => g.key === ref.nodeGroup);
    const nodes: NodeKind = ng === undefined ? 'unspecified' : ng.managed ? 'managed' : 'self-managed';
    return { span: v.at.span, contents: renderInstanceHover(info, cniMode(ctx.model, cluster), ctx, nodes) };
  }
  return undefined;
};

export function renderInstanceHover(
  info: InstanceInfo,
  mode: CniMode,
  ctx: Pick<HoverContext, 'files'>,
  nodes: NodeKind = 'unspecified',
): string {
  const pd = supportsPrefixDelegation(info);
  const kind =
    info.hypervisor === 'nitro'
      ? 'Nitro'
      : info.bareMetal
        ? 'bare metal'
        : info.hypervisor === 'xen'
          ? 'Xen (not Nitro)'
          : 'hypervisor unknown';
  const lines = [`**${info.name}**: ${kind}${info.vcpus !== null ? `, ${info.vcpus} vCPUs` : ''}`, ''];
  lines.push(`- ENIs: ${info.maxEnis}${info.networkCards > 1 ? ' (on the default network card)' : ''}`);
  lines.push(`- IPv4 addresses per ENI: ${info.ipv4PerEni}`);
  lines.push(`- Pod IPs (ENIs x IPs per ENI): ${podIps(info)}`, '');

  if (!resolved(mode.prefixDelegation, mode.customNetworking, mode.maxEni)) {
    lines.push('**Max pods**: the CNI mode is set from a value eksnet cannot resolve; see the modes below.');
  } else {
    // The headline is podCapacity's answer, the one the capacity CLI and the rules give for this node group.
    const c = podCapacity(info, mode, nodes);
    const capped = c.cappedBy ? `, capped at ${c.maxPods}` : '';
    lines.push(`**Max pods: ${c.maxPods}** with ${c.mode}: ${formulaText(info, mode)}${capped}`);
    const where = [mode.prefixDelegation, mode.customNetworking, mode.maxEni].filter((s) => s.at && s.value);
    if (!mode.configured)
      lines.push(
        '',
        mode.cluster === undefined
          ? 'No aws-node configuration in the workspace, so the CNI defaults apply.'
          : "No aws-node configuration in the workspace applies to this node group's cluster, so the CNI defaults apply.",
      );
    else if (where.length === 0)
      lines.push(
        '',
        mode.cluster === undefined
          ? "The workspace's aws-node configuration leaves prefix delegation and custom networking off."
          : "The aws-node configuration of this node group's cluster leaves prefix delegation and custom networking off.",
      );
    else for (const s of where) lines.push('', `${code(`${s.name}=${String(s.value)}`)} at ${locate(s, ctx)}`);
    if (c.prefixFallback)
      lines.push(
        '',
        `Prefix delegation is on, but ${info.name} is not Nitro or bare metal: the CNI falls back to secondary IPs.`,
      );
  }

  // The other modes as podCapacity answers them for the same nodes, with the address limit where a cap lowers it.
  const other = (prefixDelegation: boolean, customNetworking: boolean): string => {
    const c = podCapacity(info, { prefixDelegation, customNetworking }, nodes);
    return c.cappedBy ? `${c.maxPods}, uncapped ${c.addressLimit}` : String(c.maxPods);
  };
  lines.push('', 'Other modes:', '');
  lines.push(`- Secondary IPs (default): ${other(false, false)}`);
  lines.push(`- Custom networking: ${other(false, true)}`);
  lines.push(
    pd
      ? `- Prefix delegation: ${other(true, false)} (with custom networking ${other(true, true)})`
      : '- Prefix delegation: not supported (not Nitro or bare metal)',
  );
  const cap = managedNodeGroupCap(info);
  lines.push('', cap.reason);
  if (info.trunking === true)
    lines.push(
      '',
      `Security groups for pods: supported, ${info.branchInterfaces} branch ENIs (pods with their own security groups) per node.`,
    );
  else if (info.trunking === false) lines.push('', 'Security groups for pods: not supported (no trunk ENI).');
  else lines.push('', "Security groups for pods: not in the VPC resource controller's table.");
  return lines.join('\n');
}

/** "aws-node.yaml:12", as a link when the file id is a URI the editor can open. */
function locate(s: ModeSetting<unknown>, ctx: Pick<HoverContext, 'files'>): string {
  const at = s.at as FileSpan;
  const file = ctx.files.get(at.file);
  const line = file ? file.lines.position(at.span.start).line + 1 : undefined;
  const base = decodeURIComponent(at.file.split(/[\\/]/).pop() ?? at.file);
  const label = line ? `${base}:${line}` : base;
  return /^[a-z][a-z0-9+.-]*:/i.test(at.file) && !/^[a-z]:[\\/]/i.test(at.file)
    ? link(label, `${at.file}${line ? `#L${line}` : ''}`)
    : code(`${at.file}${line ? `:${line}` : ''}`);
}
