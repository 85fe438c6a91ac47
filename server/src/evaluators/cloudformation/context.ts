import type { LNode } from '../../parsers/tree';
import type { CfnTemplate } from './template';
import type { CfnValue, Unknown } from './values';

/**
 * What the intrinsic functions and GetAtt need of the evaluator that calls them. The Evaluator
 * (evaluate.ts) implements it; the functions depend on this interface rather than on the class, so
 * the evaluator and its functions do not import each other.
 */
export interface EvalContext {
  readonly t: CfnTemplate;
  eval(n: LNode | undefined): CfnValue;
  prop(logicalId: string, path: string[]): CfnValue;
  ref(name: string): CfnValue;
  condition(name: string): boolean | Unknown;
  languageExtensions(): boolean;
  /** `Fn::Cidr`, memoised per evaluator (a template selects each subnet from the same `!Cidr`). */
  cidr(block: string, count: number, cidrBits: number): CfnValue;
}
