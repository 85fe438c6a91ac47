/**
 * The values the CloudFormation evaluator computes. Plain JSON values (strings, numbers, booleans,
 * lists, maps) are what AWS itself would compute; the classes below stand for what only a
 * deployment knows, so that a list can hold a known CIDR next to an unknown one and `Fn::Select`
 * still picks the right element.
 */
export type CfnValue =
  string | number | boolean | null | CfnValue[] | { [k: string]: CfnValue } | Unknown | ResRef | Sym | AzList | NoValue;

/** Not statically known; `why` is shown in hovers and `model` output. */
export class Unknown {
  constructor(readonly why: string) {}
}

/** The physical id (or an attribute) of a resource in the same template: known to exist, not by value. */
export class ResRef {
  constructor(
    readonly logicalId: string,
    readonly attr?: string,
  ) {}
}

/**
 * A string with symbolic parts (`${AWS::Region}`, an AZ token). It is equal to itself and to
 * nothing else, which is right for zones and endpoint service names; fields that need a concrete
 * value (CIDRs) treat it as unknown.
 */
export class Sym {
  constructor(readonly text: string) {}
}

/** `Fn::GetAZs` of a region: the region's zones, in order, whose names only the account knows. */
export class AzList {
  constructor(readonly region: string) {}
}

/** `Ref: AWS::NoValue`: the property is removed. */
export class NoValue {
  readonly noValue = true;
}

export const NO_VALUE = new NoValue();

export function isOpaque(v: CfnValue): v is Unknown | ResRef | Sym | AzList | NoValue {
  return v instanceof Unknown || v instanceof ResRef || v instanceof Sym || v instanceof AzList || v instanceof NoValue;
}

export function isList(v: CfnValue): v is CfnValue[] {
  return Array.isArray(v);
}

export function isObject(v: CfnValue): v is { [k: string]: CfnValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isOpaque(v);
}

/** A string-like value: a concrete string (numbers as CloudFormation stringifies them) or a symbolic one. */
export function textOf(v: CfnValue): string | Sym | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Sym) return v;
  return undefined;
}

/** Concatenates concrete and symbolic parts; the result is symbolic when any part is. */
export function concat(parts: (string | Sym)[]): string | Sym {
  const text = parts.map((p) => (p instanceof Sym ? p.text : p)).join('');
  return parts.some((p) => p instanceof Sym) ? new Sym(text) : text;
}

/** Why a value is not a concrete string, for Unresolved model values. */
export function whyNotString(v: CfnValue): string {
  if (v instanceof Unknown) return v.why;
  if (v instanceof ResRef)
    return v.attr
      ? `${v.logicalId}.${v.attr} is known only after deployment`
      : `the id of ${v.logicalId} is known only after deployment`;
  if (v instanceof Sym) return `${v.text} depends on the deployment's account and region`;
  if (v instanceof AzList) return 'a list of availability zones, not one value';
  if (v instanceof NoValue) return 'AWS::NoValue';
  return 'not a string';
}

/** Structural equality; opaque values are equal only when they denote the same thing. */
export function sameValue(a: CfnValue, b: CfnValue): boolean {
  if (a instanceof Unknown || b instanceof Unknown) return false;
  if (a instanceof ResRef && b instanceof ResRef) return a.logicalId === b.logicalId && a.attr === b.attr;
  if (a instanceof Sym && b instanceof Sym) return a.text === b.text;
  if (a instanceof AzList && b instanceof AzList) return a.region === b.region;
  if (a instanceof NoValue || b instanceof NoValue) return a === b;
  if (isOpaque(a) || isOpaque(b)) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameValue(a[k], b[k]));
  }
  // A map never equals a scalar, whatever the scalar's text (String({}) is "[object Object]").
  if (isObject(a) || isObject(b)) return false;
  // CloudFormation compares scalars as strings (`Fn::Equals [1, "1"]` is true).
  return String(a) === String(b);
}
