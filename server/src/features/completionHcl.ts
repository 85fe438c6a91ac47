import type { Span } from '../base/span';
import type { SourceFile } from '../model/sourceFile';
import { exprPath, objectKeyAt, siteAt } from '../evaluators/terraform/locate';

/** Terraform arguments whose value is an instance type or a list of them. */
const TYPE_ARGUMENTS = new Set(['instance_type', 'instance_types']);

/**
 * Where an instance type is being typed in Terraform: inside a quoted string that is the value of
 * `instance_type` / `instance_types` (an argument, or a key of an object such as the eks module's
 * `eks_managed_node_groups = { x = { instance_types = ["|"] } }`). The span is the string's text
 * without its quotes, so the chosen item replaces what was typed.
 */
export function hclInstanceTypeSpan(file: SourceFile, offset: number): Span | undefined {
  const body = file.hcl?.body;
  const site = body && siteAt(body, offset);
  const a = site?.attribute;
  if (!a || site.onName) return undefined;
  const named = TYPE_ARGUMENTS.has(a.name) || TYPE_ARGUMENTS.has(objectKeyAt(a.expr, offset)?.key ?? '');
  if (!named) return undefined;
  const leaf = exprPath(a.expr, offset).pop();
  const plainString =
    leaf &&
    (leaf.t === 'lit'
      ? typeof leaf.value === 'string'
      : leaf.t === 'tpl' && leaf.parts.every((p) => typeof p === 'string'));
  if (!leaf || !plainString || file.text[leaf.span.start] !== '"') return undefined;
  const span = {
    start: leaf.span.start + 1,
    end: Math.max(leaf.span.start + 1, leaf.span.end - (file.text[leaf.span.end - 1] === '"' ? 1 : 0)),
  };
  return offset >= span.start && offset <= span.end ? span : undefined;
}
