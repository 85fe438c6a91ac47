import type { TextEdit } from '../base/finding';
import type { SourceFile } from '../model/sourceFile';

/** A model-level attribute a fix may set; each source format maps it to its own property name. */
export type BooleanAttribute = 'enableDnsSupport' | 'enableDnsHostnames';

/**
 * Builds text edits for a model item's `fixAnchor`, which only the source format that created it
 * understands. Rules stay format-neutral: they ask for "add this tag" and get edits or nothing.
 */
export interface FixProvider {
  accepts(anchor: unknown): boolean;
  addTag(anchor: unknown, key: string, value: string, files: ReadonlyMap<string, SourceFile>): TextEdit[] | undefined;
  setBoolean(
    anchor: unknown,
    attribute: BooleanAttribute,
    value: boolean,
    files: ReadonlyMap<string, SourceFile>,
  ): TextEdit[] | undefined;
}
