import type { SourceFile } from '../sourceFile';
import type { YamlDocument } from '../../parsers/yaml';
import type { NetworkModel } from '../types';
import type { RefineContext } from '../evaluation';

/**
 * A builder turns one source format into model items. Builders never throw and never guess: what
 * they cannot evaluate becomes an Unresolved value. They may also register suppressions on the file.
 */
export interface Builder {
  name: string;
  /** Called for each YAML or JSON document; returns true when it recognised the document. */
  document?(file: SourceFile, doc: YamlDocument, out: NetworkModel): boolean;
  /** Called once per file of a syntax that has no documents (HCL, shell). */
  file?(file: SourceFile, out: NetworkModel): boolean;
  /**
   * Called once the file is built, while its trees are held: what every analysis will need from the
   * file and can be worked out from the file alone is worked out here and kept on the SourceFile, so
   * that an analysis need not make a dropped tree again (engine/residency.ts).
   */
  built?(file: SourceFile): void;
  /**
   * Called at analysis with the whole workspace: returns a replacement for the file's fragment when
   * other files change what it means (a CloudFormation parameters file next to a template, the other
   * .tf files of a module), or undefined to keep the fragment built from the file alone. Must be
   * cheap: evaluations come from `ctx.evaluators`, which cache them per Engine or per SourceFile,
   * and what a builder derives from an evaluation is memoised on it (base/memo.ts).
   */
  refine?(file: SourceFile, ctx: RefineContext): NetworkModel | undefined;
  /**
   * The other files the last `refine` of this file read (the module's other files and var files, a
   * template's parameters file): an edit to one of them refines this file again, and nothing else
   * does (engine/incremental.ts). Asked right after `refine`, with the same context.
   */
  inputs?(file: SourceFile, ctx: RefineContext): readonly string[] | undefined;
  /**
   * What in this file decides how other files group or bind beyond its name (a .tf file's local
   * module calls). When it changes, every file is refined again.
   */
  structure?(file: SourceFile): string | undefined;
}
