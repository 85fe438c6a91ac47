/**
 * How a CloudFormation resource becomes a model item: its key (file and logical id), the spans its
 * values point at, the fields every item carries, and the edit handle that routes quick fixes back to
 * the template. The network and EKS builders both use these, so they live in neither.
 */
import type { SourceFile } from '../../sourceFile';
import type { FileSpan } from '../../../base/span';
import type { LNode } from '../../../parsers/tree';
import type { ItemRef } from '../../change';
import type { CfnResource } from '../../../evaluators/cloudformation/template';

/** The model key of a resource: unique across the workspace, stable while the logical id is. */
export function keyOf(file: SourceFile, logicalId: string): string {
  return `${file.id}#cfn/${logicalId}`;
}

/** Where a value was written, or `fallback` (the resource) when the property is absent. */
export function spanOf(file: SourceFile, n: LNode | undefined, fallback: FileSpan): FileSpan {
  return n ? { file: file.id, span: n.span } : fallback;
}

/** The fields every model item made from a resource starts with. */
export function item(file: SourceFile, r: CfnResource) {
  return {
    key: keyOf(file, r.logicalId),
    name: r.logicalId,
    at: { file: file.id, span: r.entry.span },
    nameAt: { file: file.id, span: r.entry.key.span },
    source: 'cloudformation' as const,
  };
}

/** Where fixes to a resource's attributes and tags edit: the resource's mapping in its template. */
export function editRef(file: SourceFile, r: CfnResource): ItemRef {
  return { syntax: 'tree', file: file.id, at: r.node.span };
}
