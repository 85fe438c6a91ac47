import type { SourceFile } from '../sourceFile';
import type { YamlDocument } from '../../parsers/yaml';
import type { NetworkModel } from '../types';
import type { EngineSettings } from '../../base/settings';

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
   * Called at analysis with the whole workspace: returns a replacement for the file's fragment when
   * another file changes what it means (a CloudFormation parameters file next to a template), or
   * undefined to keep the fragment built from the file alone. Must be cheap; cache in `file.extra`.
   */
  refine?(
    file: SourceFile,
    files: ReadonlyMap<string, SourceFile>,
    settings?: EngineSettings,
  ): NetworkModel | undefined;
}
