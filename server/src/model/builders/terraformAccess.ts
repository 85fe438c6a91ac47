/**
 * How a Terraform module's nodes reach the API server: aws_eks_cluster's endpoint access and
 * whether a node group's aws_launch_template gives its nodes a public IPv4 address
 * (node-subnet-no-public-ip reads both).
 */
import type { FileSpan } from '../../base/span';
import type { Cluster } from '../types';
import { known, unresolved, type Value } from '../located';
import type { Instance } from '../../evaluators/terraform/module';
import { vBool, type Get } from './terraformValues';

/**
 * vpc_config's endpoint_private_access and endpoint_public_access, absent ones at the provider's
 * documented defaults (false and true); unresolved when the block itself is not known (`dynamic`).
 */
export function endpointAccess(
  i: Instance,
  vc: Get | undefined,
  at: FileSpan,
): Pick<Cluster, 'endpointPrivateAccess' | 'endpointPublicAccess'> {
  const raw = i.value.entries.get('vpc_config');
  const flag = (name: string, dflt: boolean): Value<boolean> =>
    !vc && raw?.k === 'unknown' ? unresolved(raw.why, at) : (vBool(vc?.(name), at) ?? known(dflt, at));
  return {
    endpointPrivateAccess: flag('endpoint_private_access', false),
    endpointPublicAccess: flag('endpoint_public_access', true),
  };
}

/**
 * associate_public_ip_address of an aws_launch_template's network_interfaces: true when one
 * interface sets it, undefined when none does, unresolved when the node group's template is not
 * declared in this module or its interfaces are computed.
 */
export function publicIpOf(template: Instance | undefined, at: FileSpan): Value<boolean> | undefined {
  if (!template) return unresolved('the launch template is not declared in this module', at);
  const nics = template.value.entries.get('network_interfaces');
  const ltAt: FileSpan = { file: template.decl.file, span: template.decl.block.span };
  if (!nics || nics.k === 'null') return undefined;
  if (nics.k !== 'list') return unresolved('the network_interfaces blocks are not known', ltAt);
  let result: Value<boolean> | undefined;
  for (const nic of nics.items) {
    const b = nic.k === 'map' ? vBool(nic.entries.get('associate_public_ip_address'), ltAt) : undefined;
    if (b?.kind === 'known' && b.value) return b;
    if (b && (b.kind === 'unresolved' || !result)) result = b;
  }
  return result;
}
