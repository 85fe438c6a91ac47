import type { Span } from '../../base/span';
import type { SourceFile } from '../../model/sourceFile';
import type { NetworkModel } from '../../model/types';
import type { EngineSettings } from '../../base/settings';
import type { LNode } from '../../parsers/tree';

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
