import { LineIndex } from '../base/lineIndex';
import type { Problem } from '../base/problem';
import type { ParsedYaml } from '../parsers/yaml';
import type { NetworkModel } from './types';
import type { Suppression } from '../base/suppressions';
import type { Syntax } from '../parsers/detect';

/** One file as the engine holds it: text, parse results, the model fragment it contributes. */
export interface SourceFile {
  id: string;
  text: string;
  syntax: Syntax;
  lines: LineIndex;
  /** Set for YAML and JSON files. */
  yaml?: ParsedYaml;
  /** Opaque per-format parse results (HCL trees, evaluated modules) keyed by builder name. */
  extra: Map<string, unknown>;
  /** Problems reported as `syntax-error` findings, only for files that are ours to read. */
  problems: Problem[];
  /** True when the file was recognised as a Helm/Go template and skipped. */
  template: boolean;
  fragment: NetworkModel;
  suppressions: Suppression[];
  /** True when some builder recognised content in the file (used to keep foreign files quiet). */
  relevant: boolean;
}

export function newSourceFile(id: string, text: string, syntax: Syntax, fragment: NetworkModel): SourceFile {
  return {
    id,
    text,
    syntax,
    lines: new LineIndex(text),
    extra: new Map(),
    problems: [],
    template: false,
    fragment,
    suppressions: [],
    relevant: false,
  };
}
