import type { SourceFile } from '../../sourceFile';
import { type LNode, isScalar, isSeq, str } from '../../../parsers/tree';
import type { CfnResource } from '../../../evaluators/cloudformation/template';
import { fnCall } from '../../../evaluators/cloudformation/template';
import type { Evaluator } from '../../../evaluators/cloudformation/evaluate';
import { ResRef } from '../../../evaluators/cloudformation/values';
import { keyOf } from './resourceItem';

/**
 * The model key of the cluster an `AWS::EKS::Addon` belongs to, from its `ClusterName`: a `Ref` (or
 * `Fn::GetAtt ... Name`) to an `AWS::EKS::Cluster` of the same template, or a literal name equal to
 * the `Name` of exactly one cluster of the template. Anything else (a parameter naming a cluster
 * deployed elsewhere, an imported value) is left unbound, so the configuration counts for every
 * cluster rather than being tied to a guess.
 */
export function addonClusterKey(
  file: SourceFile,
  ev: Evaluator,
  resources: CfnResource[],
  clusterName: LNode | undefined,
): string | undefined {
  if (!clusterName) return undefined;
  const clusters = resources.filter((r) => r.type === 'AWS::EKS::Cluster');
  const isCluster = (id: string | undefined) => id !== undefined && clusters.some((r) => r.logicalId === id);
  // `!GetAtt Cluster.Name` of a cluster without a Name property evaluates to "chosen at deployment",
  // yet it plainly names that cluster.
  const call = fnCall(clusterName);
  if (call?.name === 'Fn::GetAtt') {
    const [id, attr] = isScalar(call.arg)
      ? (str(call.arg) ?? '').split('.')
      : isSeq(call.arg)
        ? call.arg.items.map((i) => str(i))
        : [];
    if (attr === 'Name' && isCluster(id)) return keyOf(file, id!);
  }
  const v = ev.eval(clusterName);
  if (v instanceof ResRef && v.attr === undefined) return isCluster(v.logicalId) ? keyOf(file, v.logicalId) : undefined;
  if (typeof v !== 'string') return undefined;
  const named = clusters.filter((r) => ev.prop(r.logicalId, ['Name']) === v);
  return named.length === 1 ? keyOf(file, named[0].logicalId) : undefined;
}
