import { type LNode, isScalar, isSeq, str, get } from '../../parsers/tree';
import { type CfnValue, Unknown, isOpaque, isList, whyNotString } from './values';

/**
 * The functions of the `AWS::LanguageExtensions` transform (Fn::Length, Fn::ToJsonString and the
 * DefaultValue of Fn::FindInMap). CloudFormation rejects them in a template that does not declare
 * the transform, so without it they are Unknown with that reason rather than a guess.
 */
export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';

/** True when the template's `Transform` (a name or a list of names) includes the language extensions. */
export function declaresLanguageExtensions(root: LNode): boolean {
  const t = get(root, 'Transform');
  if (isScalar(t)) return str(t) === LANGUAGE_EXTENSIONS;
  return isSeq(t) && t.items.some((i) => str(i) === LANGUAGE_EXTENSIONS);
}

export function needsTransform(name: string): Unknown {
  return new Unknown(`${name} needs \`Transform: ${LANGUAGE_EXTENSIONS}\`; without it the stack fails`);
}

/** `Fn::Length`: the number of elements of a list; the elements themselves need not be known. */
export function lengthOf(v: CfnValue): CfnValue {
  if (isList(v)) return v.length;
  return v instanceof Unknown ? v : new Unknown(`Fn::Length of ${whyNotString(v)}`);
}

/**
 * `Fn::ToJsonString`: an object or list as compact JSON (`{"key1":"value1"}` in AWS's examples).
 * Only a value that is known all the way down is converted.
 */
export function toJsonString(v: CfnValue): CfnValue {
  if (isOpaque(v) || typeof v !== 'object' || v === null)
    return v instanceof Unknown ? v : new Unknown('Fn::ToJsonString needs an object or a list');
  const unknown = firstOpaque(v);
  if (unknown) return unknown instanceof Unknown ? unknown : new Unknown(`Fn::ToJsonString: ${whyNotString(unknown)}`);
  return JSON.stringify(v);
}

function firstOpaque(v: CfnValue): CfnValue | undefined {
  if (isOpaque(v)) return v;
  if (Array.isArray(v)) {
    for (const x of v) {
      const o = firstOpaque(x);
      if (o) return o;
    }
  } else if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) {
      const o = firstOpaque(x);
      if (o) return o;
    }
  }
  return undefined;
}
