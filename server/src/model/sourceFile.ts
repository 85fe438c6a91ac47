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

/** What parsing a file makes: its tree (YAML/JSON or HCL) and what the CloudFormation builder reads from it. */
export interface SyntaxProducts {
  yaml?: ParsedYaml;
  hcl?: ParsedHcl;
  cloudformation?: { templates: CfnTemplate[]; evaluations: Map<CfnTemplate, CfnEvaluation> };
}

/**
 * How an engine keeps a file's syntax products bounded (ARCHITECTURE.md, "Bounded syntax residency"):
 * it is told of every read, so it can drop the products of files not read for a while, and it makes
 * them again from the text when a dropped one is read.
 */
export interface Residency {
  used(file: SourceFile): void;
  reparse(file: SourceFile): SyntaxProducts;
}

/** One file as the engine holds it: text, parse results, the model fragment it contributes. */
export interface SourceFile {
  id: string;
  text: string;
  syntax: Syntax;
  /** Built on first use (see newSourceFile). */
  readonly lines: LineIndex;
  /** Set for YAML and JSON files; made again from the text when the engine dropped it. */
  yaml?: ParsedYaml;
  /** Set for Terraform files (native and JSON syntax) once the HCL parser has loaded; as `yaml`. */
  hcl?: ParsedHcl;
  /** Set for CloudFormation templates, one per template document; `evaluations` is the service's cache. */
  cloudformation?: { templates: CfnTemplate[]; evaluations: Map<CfnTemplate, CfnEvaluation> };
  /** Whether the file has that product, without making it again when it was dropped. */
  has(product: keyof SyntaxProducts): boolean;
  /** Drops the syntax products (only when a residency can make them again); returns whether it did. */
  evict(): boolean;
  /** Problems reported as `syntax-error` findings, only for files that are ours to read. */
  problems: Problem[];
  /** True when the file was recognised as a Helm/Go template and skipped. */
  template: boolean;
  fragment: NetworkModel;
  suppressions: Suppression[];
  /** True when some builder recognised content in the file (used to keep foreign files quiet). */
  relevant: boolean;
}

/**
 * `lines`, when given, is the line index of `text` spliced from the previous version's (see
 * LineIndex.edit). `residency`, when given, may drop the syntax products and have them made again.
 */
export function newSourceFile(
  id: string,
  text: string,
  syntax: Syntax,
  fragment: NetworkModel,
  lines?: LineIndex,
  residency?: Residency,
): SourceFile {
  return new HeldFile(id, text, syntax, fragment, lines, residency);
}

/**
 * A class rather than an object literal with accessors: a workspace holds thousands of files, and
 * accessors on a literal cost each file its own closures.
 */
class HeldFile implements SourceFile {
  problems: Problem[] = [];
  template = false;
  suppressions: Suppression[] = [];
  relevant = false;
  /** The products, or undefined once dropped; `had` remembers which there were, for `has`. */
  private products: SyntaxProducts | undefined = {};
  private had = { yaml: false, hcl: false, cloudformation: false };

  constructor(
    readonly id: string,
    readonly text: string,
    readonly syntax: Syntax,
    public fragment: NetworkModel,
    // The line index is built when first asked: a lint of thousands of files needs it only for
    // the few with findings or suppression comments, and each index is a typed array outside the heap.
    private index: LineIndex | undefined,
    private readonly residency: Residency | undefined,
  ) {}

  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }

  private read(): SyntaxProducts {
    if (!this.residency) return this.products!;
    // Taken before `used`, which may drop this very file's products when the bound is that tight.
    const p = (this.products ??= this.residency.reparse(this));
    this.residency.used(this);
    return p;
  }

  private write(): SyntaxProducts {
    return (this.products ??= this.residency ? this.residency.reparse(this) : {});
  }

  get yaml(): ParsedYaml | undefined {
    return this.read().yaml;
  }
  set yaml(v) {
    this.write().yaml = v;
  }
  get hcl(): ParsedHcl | undefined {
    return this.read().hcl;
  }
  set hcl(v) {
    this.write().hcl = v;
  }
  get cloudformation(): SyntaxProducts['cloudformation'] {
    return this.read().cloudformation;
  }
  set cloudformation(v) {
    this.write().cloudformation = v;
  }

  has(product: keyof SyntaxProducts): boolean {
    return this.products ? !!this.products[product] : this.had[product];
  }

  evict(): boolean {
    const p = this.products;
    if (!this.residency || !p) return false;
    this.had = { yaml: !!p.yaml, hcl: !!p.hcl, cloudformation: !!p.cloudformation };
    this.products = undefined;
    return true;
  }
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
