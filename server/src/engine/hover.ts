import type { Span } from '../text/span';
import type { SourceFile } from './sourceFile';
import type { NetworkModel } from '../model/types';
import type { EngineSettings } from './settings';
import { nodeAt, type LNode } from '../parsers/tree';
import { HOVER_PROVIDERS } from '../hover/providers';

export interface HoverResult {
  span: Span;
  /** Markdown. */
  contents: string;
}

export interface HoverContext {
  file: SourceFile;
  offset: number;
  model: NetworkModel;
  files: ReadonlyMap<string, SourceFile>;
  settings: EngineSettings;
  /** For YAML and JSON: the nodes from the document root down to the innermost one at the offset. */
  path: LNode[];
}

export type HoverProvider = (ctx: HoverContext) => HoverResult | undefined;

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
