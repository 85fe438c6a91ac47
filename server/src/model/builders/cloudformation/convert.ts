import type { FileSpan } from '../../../base/span';
import { known, unresolved, type Value } from '../../located';
import { type CfnValue, Sym, ResRef, NoValue, whyNotString } from '../../../evaluators/cloudformation/values';

/** A concrete string, or Unresolved with the evaluator's reason; symbolic strings count as unresolved. */
export function strValue(v: CfnValue, at: FileSpan): Value<string> {
  if (typeof v === 'string') return known(v, at);
  if (typeof v === 'number') return known(String(v), at);
  return unresolved(whyNotString(v), at);
}

/**
 * Like strValue, but a symbolic string (`${AWS::Region}[0]`, `com.amazonaws.${AWS::Region}.s3`)
 * is kept as known text: it is equal to itself and to nothing else, which is what zone and service
 * comparisons need.
 */
export function symValue(v: CfnValue, at: FileSpan): Value<string> {
  return v instanceof Sym ? known(v.text, at) : strValue(v, at);
}

/** CloudFormation takes booleans as `true`/`false` or the strings "true"/"false" (any case). */
export function boolValue(v: CfnValue, at: FileSpan): Value<boolean> {
  if (typeof v === 'boolean') return known(v, at);
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return known(v.toLowerCase() === 'true', at);
  return unresolved(whyNotString(v), at);
}

export function numValue(v: CfnValue, at: FileSpan): Value<number> {
  if (typeof v === 'number') return known(v, at);
  if (typeof v === 'string' && /^\d+$/.test(v)) return known(Number(v), at);
  return unresolved(whyNotString(v), at);
}

export function isAbsent(v: CfnValue): boolean {
  return v === null || v instanceof NoValue;
}

/** The logical id a value refers to (`!Ref X`, `!GetAtt X.Id`), when it is a resource of the template. */
export function refId(v: CfnValue): string | undefined {
  return v instanceof ResRef ? v.logicalId : undefined;
}
