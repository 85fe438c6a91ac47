/**
 * The data types a Terraform module evaluation hands out: the files it reads, the resource and
 * module declarations it indexes, their expanded instances, the problems it reports, and the hooks
 * the builder provides. They live apart from the TfModule class so that the builders and both
 * halves of the module (moduleScope.ts and module.ts) can name them without importing each other.
 */
import type { Block, Body } from '../../parsers/hclAst';
import type { Span } from '../../base/span';
import type { Env } from './evaluate';
import type { TfValue } from './values';

/** One parsed .tf (or .tfvars) file of a module folder. */
export interface TfFile {
  id: string;
  body: Body;
  /** The file's text, for values whose positions are found in it (JSON inside a heredoc). */
  text?: string;
}

export interface Decl {
  kind: 'resource' | 'data';
  type: string;
  name: string;
  block: Block;
  file: string;
}

export interface Instance {
  /** Absolute address: `module.vpc.aws_subnet.private[0]`. */
  address: string;
  decl: Decl;
  env: Env;
  /** The instance's attributes and nested blocks (blocks as lists of objects). */
  value: Extract<TfValue, { k: 'map' }>;
}

export interface ModuleProblem {
  file: string;
  span: Span;
  message: string;
  /** Problems Terraform itself reports are errors (the default); eksnet's own limits are warnings. */
  severity?: 'warning';
}

/**
 * Hooks the builder provides, generic in the module type so that this file needs no import of the
 * module classes (which import it): registry modules it knows, and the files of local module folders.
 */
export interface ModuleHost<M> {
  /** Outputs of a module call that is not a local folder (terraform-aws-modules/vpc/aws...). */
  registryOutputs(mod: M, call: Decl, env: Env): TfValue | undefined;
  /**
   * Files of the module a call loads: a local folder relative to `fromDir`, or for any other source
   * the folder `terraform init` installed it in (found by `key`, the call's path from the root module,
   * `vpc` or `platform.network`). Undefined when it is not in the workspace.
   */
  localFiles(fromDir: string, source: string, key: string): { dir: string; files: TfFile[] } | undefined;
}
