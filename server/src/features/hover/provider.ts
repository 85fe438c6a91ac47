import type { Span } from '../../base/span';
import type { LNode } from '../../parsers/tree';
import type { FeatureContext } from '../provider';

export interface HoverResult {
  span: Span;
  /** Markdown. */
  contents: string;
}

export interface HoverContext extends FeatureContext {
  offset: number;
  /** For YAML and JSON: the nodes from the document root down to the innermost one at the offset. */
  path: LNode[];
}

export type HoverProvider = (ctx: HoverContext) => HoverResult | undefined;
