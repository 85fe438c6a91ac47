import { nodeAt, type LNode } from '../parsers/tree';
import { HOVER_PROVIDERS } from './hover/providers';
import type { HoverContext, HoverResult } from './hover/provider';
import type { EditorFeature } from './provider';

export type { HoverContext, HoverResult } from './hover/provider';

/** Hover at an offset of the context's file. */
export const hoverFeature: EditorFeature<{ offset: number }, HoverResult | undefined> = {
  id: 'hover',
  run: (ctx, { offset }) => hoverAt({ ...ctx, offset }),
};

/** Asks each provider in turn; the first answer wins, so providers go from specific to general. */
export function hoverAt(ctx: Omit<HoverContext, 'path'>): HoverResult | undefined {
  let path: LNode[] = [];
  const doc = ctx.file.yaml?.documents.find((d) => ctx.offset >= d.span.start && ctx.offset <= d.span.end && d.root);
  if (doc?.root) path = nodeAt(doc.root, ctx.offset);
  const full: HoverContext = { ...ctx, path };
  for (const p of HOVER_PROVIDERS) {
    const r = p(full);
    if (r) return r;
  }
  return undefined;
}
