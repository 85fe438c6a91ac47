import type { EditorFeature } from './provider';
import { hoverFeature, type HoverResult } from './hover';
import { completionFeature, type CompletionResult } from './completion';
import { inlayHintsFeature, type InlayHint } from './inlayHints';

export type { EditorFeature, FeatureContext } from './provider';
export type { HoverResult } from './hover';
export type { CompletionResult } from './completion';
export type { InlayHint } from './inlayHints';

/** The editor features, one per request kind, each of the one `EditorFeature` shape. */
export interface EditorFeatures {
  hover: EditorFeature<{ offset: number }, HoverResult | undefined>;
  completion: EditorFeature<{ offset: number }, CompletionResult | undefined>;
  inlayHints: EditorFeature<void, InlayHint[]>;
  // CODE ACTIONS SLOT (filled when the fix-mechanism branch is merged): code actions become
  // `codeActions: EditorFeature<{ span: Span }, ...>` here and in FEATURES, and Engine.fixes calls
  // FEATURES.codeActions like the other request kinds. Until then Engine.fixes answers directly.
}

/**
 * The only list of editor features; engine/index.ts answers every editor request through it.
 * Adding a feature: ARCHITECTURE.md, "Adding an editor feature".
 */
export const FEATURES: EditorFeatures = {
  hover: hoverFeature,
  completion: completionFeature,
  inlayHints: inlayHintsFeature,
};
