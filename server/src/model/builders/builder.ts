import type { SourceFile } from '../../engine/sourceFile';
import type { YamlDocument } from '../../parsers/yaml';
import type { NetworkModel } from '../types';

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
}
