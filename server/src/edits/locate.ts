import type { Span } from '../base/span';
import type { SourceFile } from '../model/sourceFile';
import type { Block, Body } from '../parsers/hclAst';
import type { LMap, LNode } from '../parsers/tree';

/**
 * The model keeps where an item is declared, not the syntax node (model/change.ts, ItemRef): a node
 * would keep its whole file's tree alive, and the engine drops trees it does not need (see
 * ARCHITECTURE.md, "Bounded syntax residency"). The edit layers find the node again here, in the
 * file's current tree; the model is rebuilt whenever the text changes, so the span always fits it.
 */

/** The outermost mapping of the file's YAML or JSON tree written exactly at `span`. */
export function mapAt(file: SourceFile, span: Span): LMap | undefined {
  for (const d of file.yaml?.documents ?? []) {
    const found = mapWithin(d.root, span);
    if (found) return found;
  }
  return undefined;
}

/** The outermost mapping under `root` (itself included) written exactly at `span`. */
export function mapWithin(root: LNode | null | undefined, span: Span): LMap | undefined {
  let n = root;
  while (n && n.span.start <= span.start && n.span.end >= span.end) {
    if (n.kind === 'map' && n.span.start === span.start && n.span.end === span.end) return n;
    let next: LNode | undefined;
    if (n.kind === 'map') {
      for (const e of n.entries) if (e.value.span.start <= span.start && e.value.span.end >= span.end) next = e.value;
    } else if (n.kind === 'seq') {
      for (const i of n.items) if (i.span.start <= span.start && i.span.end >= span.end) next = i;
    }
    n = next;
  }
  return undefined;
}

/** The block of the file's HCL written exactly at `span`, at any depth. */
export function blockAt(file: SourceFile, span: Span): Block | undefined {
  let body: Body | undefined = file.hcl?.body;
  while (body) {
    let next: Body | undefined;
    for (const b of body.blocks) {
      if (b.span.start === span.start && b.span.end === span.end) return b;
      if (b.span.start <= span.start && b.span.end >= span.end) next = b.body;
    }
    body = next;
  }
  return undefined;
}
