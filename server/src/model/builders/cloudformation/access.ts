/**
 * How a CloudFormation template's nodes reach the API server: the cluster's endpoint access and
 * whether a node group's launch template gives its nodes a public IPv4 address
 * (node-subnet-no-public-ip reads both).
 */
import type { SourceFile } from '../../sourceFile';
import type { FileSpan } from '../../../base/span';
import { type LNode, isMap, isSeq, get, getPath } from '../../../parsers/tree';
import { known, unresolved, type Value } from '../../located';
import type { Cluster } from '../../types';
import type { CfnResource } from '../../../evaluators/cloudformation/template';
import { fnCall } from '../../../evaluators/cloudformation/template';
import type { Evaluator } from '../../../evaluators/cloudformation/evaluate';
import { boolValue, isAbsent } from './convert';
import { spanOf } from './resourceItem';

/**
 * EndpointPrivateAccess and EndpointPublicAccess of ResourcesVpcConfig, absent ones at their
 * documented defaults (false and true, AWS::EKS::Cluster ResourcesVpcConfig); unresolved when the
 * whole ResourcesVpcConfig is computed (`!If`), since either may then be set.
 */
export function endpointAccess(
  file: SourceFile,
  ev: Evaluator,
  rvc: LNode | undefined,
  at: FileSpan,
): Pick<Cluster, 'endpointPrivateAccess' | 'endpointPublicAccess'> {
  const computed = rvc !== undefined && (!isMap(rvc) || fnCall(rvc) !== undefined);
  const flag = (name: string, dflt: boolean): Value<boolean> => {
    if (computed) return unresolved('ResourcesVpcConfig is computed by an intrinsic function', spanOf(file, rvc, at));
    const n = get(rvc, name);
    const v = ev.eval(n);
    return isAbsent(v) ? known(dflt, at) : boolValue(v, spanOf(file, n, at));
  };
  return {
    endpointPrivateAccess: flag('EndpointPrivateAccess', false),
    endpointPublicAccess: flag('EndpointPublicAccess', true),
  };
}

/**
 * AssociatePublicIpAddress of the launch template's network interfaces: true when one interface
 * sets it, undefined when none does (the subnet's MapPublicIpOnLaunch then decides), unresolved when
 * the node group names a launch template this template does not declare or a value is computed.
 */
export function publicIpOf(
  file: SourceFile,
  ev: Evaluator,
  ng: CfnResource,
  lt: CfnResource | undefined,
  at: FileSpan,
): Value<boolean> | undefined {
  const spec = get(ng.properties, 'LaunchTemplate');
  if (!spec) return undefined;
  if (!lt) return unresolved('the launch template is not declared in this template', spanOf(file, spec, at));
  const nics = getPath(lt.properties, ['LaunchTemplateData', 'NetworkInterfaces']);
  if (!nics) return undefined;
  const ltAt = { file: file.id, span: lt.entry.key.span };
  if (!isSeq(nics) || fnCall(nics))
    return unresolved('the NetworkInterfaces list is computed', spanOf(file, nics, ltAt));
  let result: Value<boolean> | undefined;
  for (const nic of nics.items) {
    const n = get(nic, 'AssociatePublicIpAddress');
    const v = ev.eval(n);
    if (isAbsent(v)) continue;
    const b = boolValue(v, spanOf(file, n, ltAt));
    if (b.kind === 'known' && b.value) return b;
    if (b.kind === 'unresolved' || !result) result = b;
  }
  return result;
}
