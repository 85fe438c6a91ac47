import { LineIndex } from '../base/lineIndex';
import type { Problem } from '../base/problem';
import type { ParsedYaml } from '../parsers/yaml';
import type { NetworkModel } from './types';
import type { Suppression } from '../base/suppressions';
import type { Syntax } from '../parsers/detect';
import type { ParsedHcl } from '../parsers/hcl';
import type { CfnTemplate } from '../evaluators/cloudformation/template';
import type { Evaluator } from '../evaluators/cloudformation/evaluate';
import type { FileSpan } from '../base/span';
import { str, type LNode } from '../parsers/tree';
import { textValue, type Value } from './located';

/**
 * A CloudFormation template's evaluation with the parameter values one parameters file (or none: the
 * defaults) gives it. Made and cached by the CloudFormation evaluator service
 * (model/evaluation/cloudformation.ts); builders and hovers ask that service, never this field.
 */
export interface CfnEvaluation {
  template: CfnTemplate;
  evaluator: Evaluator;
  /** The parameters file and the text it had when this evaluation was made. */
  paramsId?: string;
  paramsText?: string;
}

/** One file as the engine holds it: text, parse results, the model fragment it contributes. */
export interface SourceFile {
  id: string;
  text: string;
  syntax: Syntax;
  /** Built on first use (see newSourceFile). */
  readonly lines: LineIndex;
  /** Set for YAML and JSON files. */
  yaml?: ParsedYaml;
  /** Set for Terraform files (native and JSON syntax) once the HCL parser has loaded. */
  hcl?: ParsedHcl;
  /** Set for CloudFormation templates, one per template document; `evaluations` is the service's cache. */
  cloudformation?: { templates: CfnTemplate[]; evaluations: Map<CfnTemplate, CfnEvaluation> };
  /** Problems reported as `syntax-error` findings, only for files that are ours to read. */
  problems: Problem[];
  /** True when the file was recognised as a Helm/Go template and skipped. */
  template: boolean;
  fragment: NetworkModel;
  suppressions: Suppression[];
  /** True when some builder recognised content in the file (used to keep foreign files quiet). */
  relevant: boolean;
}

/** `lines`, when given, is the line index of `text` spliced from the previous version's (see LineIndex.edit). */
export function newSourceFile(
  id: string,
  text: string,
  syntax: Syntax,
  fragment: NetworkModel,
  lines?: LineIndex,
): SourceFile {
  // The line index is built when first asked: a lint of thousands of files needs it only for the
  // few with findings or suppression comments, and each index is a typed array outside the heap.
  let index = lines;
  return {
    id,
    text,
    syntax,
    get lines() {
      return (index ??= new LineIndex(text));
    },
    problems: [],
    template: false,
    fragment,
    suppressions: [],
    relevant: false,
  };
}

/** Where a node of the file is written. */
export function nodeAt(file: SourceFile, n: LNode): FileSpan {
  return { file: file.id, span: n.span };
}

/** A scalar of the file as a string value (placeholders make it unresolved); undefined for anything else. */
export function scalarValue(file: SourceFile, n: LNode | undefined): Value<string> | undefined {
  const s = str(n);
  return s === undefined || !n ? undefined : textValue(s, nodeAt(file, n));
}
