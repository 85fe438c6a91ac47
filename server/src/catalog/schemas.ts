import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { type LNode, toPlain, atPointer, str, ExpansionLimitError } from '../parsers/tree';
import type { Span } from '../base/span';
import { memoOn } from '../base/memo';
import eniconfigSchema from '../../../schemas/eniconfig.schema.json';
import awsNodeEnvSchema from '../../../schemas/aws-node-env.schema.json';

/** The JSON Schemas under schemas/, compiled once per process. */
const SCHEMAS = {
  eniconfig: eniconfigSchema,
  'aws-node-env': awsNodeEnvSchema,
} as const;

export type SchemaName = keyof typeof SCHEMAS;

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    ajv ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    v = ajv.compile(SCHEMAS[name]);
    compiled.set(name, v);
  }
  return v;
}

export function schema(name: SchemaName): Record<string, unknown> {
  return SCHEMAS[name];
}

export interface SchemaError {
  keyword: string;
  /** The JSON pointer of the offending value (for `required`, of the object missing a member). */
  pointer: string;
  params: Record<string, unknown>;
  ajvMessage: string;
  /** Where to report: the value itself, or for `required` the key of the incomplete object. */
  span: Span;
  /** The offending value as text, when it is a scalar. */
  value?: string;
  /** The key of the offending member, when the value is one. */
  keySpan?: Span;
}

/**
 * Validates a located tree against one of our schemas and maps each ajv error to the exact node.
 * Returns null when the document is too large to expand (an alias bomb), so the caller can say so.
 */
export function validate(name: SchemaName, root: LNode): SchemaError[] | null {
  // Parsed trees are reused while their text is unchanged, so a result keyed by the tree's identity
  // stays correct and saves re-validating thousands of unchanged documents on every keystroke. The
  // memo keeps nodes, not spans: a document below an edit keeps its tree and moves (moveTree).
  const located = memoOn(root, MEMO_KEYS[name], () => validateUncached(name, root));
  return (
    located &&
    located.map(({ at, keyAt, ...e }) => ({ ...e, span: at.span, ...(keyAt ? { keySpan: keyAt.span } : {}) }))
  );
}

/** One memo slot per schema on each validated node (base/memo.ts): the memo belongs to the node's file. */
const MEMO_KEYS: Readonly<Record<SchemaName, symbol>> = {
  eniconfig: Symbol('eniconfig schema errors'),
  'aws-node-env': Symbol('aws-node-env schema errors'),
};

/** A schema error as memoised: with the nodes to report at, whose spans are read when asked. */
type LocatedError = Omit<SchemaError, 'span' | 'keySpan'> & { at: LNode; keyAt?: LNode };

function validateUncached(name: SchemaName, root: LNode): LocatedError[] | null {
  let data: unknown;
  try {
    data = toPlain(root);
  } catch (e) {
    if (e instanceof ExpansionLimitError) return null;
    throw e;
  }
  const v = validator(name);
  if (v(data)) return [];
  return collapse(v.errors ?? []).map((err) => locate(root, err));
}

/** `anyOf`/`oneOf` produce one error per branch plus a summary; users need one sentence. */
function collapse(errors: ErrorObject[]): ErrorObject[] {
  const summarized = new Set(
    errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  return errors.filter(
    (e) =>
      e.keyword === 'anyOf' ||
      e.keyword === 'oneOf' ||
      !(summarized.has(e.instancePath) && /\/(anyOf|oneOf)\/\d+/.test(e.schemaPath)),
  );
}

function locate(root: LNode, err: ErrorObject): LocatedError {
  const hit = atPointer(root, err.instancePath) ?? { node: root };
  let at: LNode = hit.node;
  if (err.keyword === 'required' || err.keyword === 'additionalProperties') {
    // A missing member is reported on the key of the object that lacks it, or on the first key
    // of a root document, which is where a reader looks.
    if (err.keyword === 'additionalProperties' && hit.node.kind === 'map') {
      const extra = hit.node.entries.find(
        (e) => String(e.key.value) === (err.params as { additionalProperty: string }).additionalProperty,
      );
      if (extra) at = extra.key;
    } else if (hit.entry) at = hit.entry.key;
    else if (hit.node.kind === 'map' && hit.node.entries[0]) at = hit.node.entries[0].key;
  }
  return {
    keyword: err.keyword,
    pointer: err.instancePath,
    params: err.params as Record<string, unknown>,
    ajvMessage: err.message ?? err.keyword,
    at,
    ...(str(hit.node) !== undefined ? { value: str(hit.node) } : {}),
    ...(hit.entry ? { keyAt: hit.entry.key } : {}),
  };
}

export interface PlainSchemaError {
  keyword: string;
  pointer: string;
  schemaPath: string;
  params: Record<string, unknown>;
  ajvMessage: string;
}

/**
 * Validates plain data that has no single located tree (an env assembled from list entries, map
 * members or command-line arguments); the caller maps each pointer back to its own spans.
 */
export function validatePlain(name: SchemaName, data: unknown): PlainSchemaError[] {
  const v = validator(name);
  if (v(data)) return [];
  return (v.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => ({
      keyword: e.keyword,
      pointer: e.instancePath,
      schemaPath: e.schemaPath,
      params: e.params as Record<string, unknown>,
      ajvMessage: e.message ?? e.keyword,
    }));
}
