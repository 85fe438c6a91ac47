import { schema } from './schemas';

/**
 * What the VPC CNI reads, as described by schemas/aws-node-env.schema.json: one property per
 * variable, with standard JSON Schema keywords for what ajv checks and `x-` keywords for what only
 * humans and the semantic rules need (defaults in code and manifest, container, version, effect).
 */
export interface EnvVarDoc {
  description?: string;
  /** 'bool' | 'int' | 'enum' | 'string' | 'cidr-list' | 'json' | 'url' | 'path' ... */
  'x-type'?: string;
  'x-default'?: string;
  'x-manifest-default'?: string;
  'x-container'?: string[];
  'x-since'?: string;
  'x-deprecated'?: string;
  'x-effect'?: string;
  'x-source'?: string;
  enum?: string[];
  /** The accepted words, when the `pattern` is a (possibly case-insensitive) enumeration. */
  'x-enum'?: string[];
  'x-allowed'?: string;
  /** What the CNI does with a value the pattern rejects (ends the sentence "...: <x-invalid>"). */
  'x-invalid'?: string;
  /** Read by the process (AWS SDK, Go runtime) rather than the CNI: known, but not checked. */
  'x-passthrough'?: boolean;
  pattern?: string;
}

export function envVarDoc(name: string): EnvVarDoc | undefined {
  const props = (schema('aws-node-env').properties ?? {}) as Record<string, EnvVarDoc>;
  return Object.prototype.hasOwnProperty.call(props, name) ? props[name] : undefined;
}

/** A variable the CNI itself reads (not a pass-through like AWS_REGION). */
export function isCniVar(name: string): boolean {
  const d = envVarDoc(name);
  return !!d && !d['x-passthrough'];
}

export function knownEnvVars(): string[] {
  return Object.keys(schema('aws-node-env').properties ?? {});
}

export function renderEnvVarDoc(name: string, d: EnvVarDoc, container: string): string {
  const lines = [`**${name}**${d['x-since'] ? ` (VPC CNI ${d['x-since']}+)` : ''}`, ''];
  if (d['x-deprecated']) lines.push(`**Deprecated:** ${d['x-deprecated']}`, '');
  if (d.description) lines.push(d.description, '');
  const facts: string[] = [];
  if (d['x-type']) facts.push(`Type: ${d['x-type']}`);
  if (d['x-default'] !== undefined) facts.push(`Default when unset: \`${d['x-default'] || '(empty)'}\``);
  if (d['x-manifest-default'] !== undefined)
    facts.push(`Value in the shipped manifest: \`${d['x-manifest-default']}\``);
  if (d['x-allowed']) facts.push(`Allowed: ${d['x-allowed']}`);
  else if (d.enum) facts.push(`Allowed: ${d.enum.map((e) => `\`${e}\``).join(', ')}`);
  if (d['x-invalid']) facts.push(`An invalid value: ${d['x-invalid']}`);
  if (d['x-container']) {
    const where = d['x-container'].join(' and ');
    facts.push(
      `Container: ${where}${d['x-container'].includes(container) ? '' : ` (this is ${container}: the variable has no effect here)`}`,
    );
  }
  for (const f of facts) lines.push(`- ${f}`);
  if (d['x-source']) lines.push('', `Source: ${d['x-source']}`);
  return lines.join('\n');
}
