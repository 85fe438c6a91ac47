import type { Problem } from '../base/problem';
import type { LNode } from './tree';

/** What the YAML parser hands out, apart from the parser so that its incremental half can name it. */
export interface YamlDocument {
  /** Null for an empty document. */
  root: LNode | null;
  /** The document's extent, `---` markers excluded. */
  span: { start: number; end: number };
  index: number;
}

export interface ParsedYaml {
  documents: YamlDocument[];
  problems: Problem[];
}
