import type { EditorFeature } from './provider';
import { hoverFeature, type HoverResult } from './hover';
import { completionFeature, type CompletionResult } from './completion';
import { inlayHintsFeature, type InlayHint } from './inlayHints';
import { codeActionsFeature, type CodeAction } from './codeActions';
import type { Span } from '../base/span';

export type { EditorFeature, FeatureContext } from './provider';
export type { HoverResult } from './hover';
export type { CompletionResult } from './completion';
export type { InlayHint } from './inlayHints';
export type { CodeAction } from './codeActions';

/** The editor features, one per request kind, each of the one `EditorFeature` shape. */
export interface EditorFeatures {
  hover: EditorFeature<{ offset: number }, HoverResult | undefined>;
  completion: EditorFeature<{ offset: number }, CompletionResult | undefined>;
  inlayHints: EditorFeature<void, InlayHint[]>;
  codeActions: EditorFeature<{ span: Span }, CodeAction[]>;
}

/**
 * The only list of editor features; engine/index.ts answers every editor request through it.
 * Adding a feature: ARCHITECTURE.md, "Adding an editor feature".
 */
export const FEATURES: EditorFeatures = {
  hover: hoverFeature,
  completion: completionFeature,
  inlayHints: inlayHintsFeature,
  codeActions: codeActionsFeature,
};
