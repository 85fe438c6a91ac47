import type { Builder } from './builder';
import type { SourceFile } from '../sourceFile';
import type { AwsNodeEnv, EnvVar } from '../types';
import type { WrittenValue } from '../change';
import { type LNode, type LScalar, get, getPath, isMap, isScalar, str } from '../../parsers/tree';
import { textValue, unresolved } from '../located';
import { isCniVar } from '../../catalog/envCatalog';
import { pushAll } from '../../base/arrays';

/** Keys only the aws-vpc-cni Helm chart has; the EKS add-on configuration schema does not accept them. */
const CHART_ONLY = [
  'image',
  'originalMatchLabels',
  'cniConfig',
  'nameOverride',
  'fullnameOverride',
  'serviceAccount',
  'podSecurityContext',
  'updateStrategy',
];

/**
 * Helm values of the aws-vpc-cni chart and EKS add-on configuration values: `env:` (aws-node) and
 * `init.env` (aws-vpc-cni-init) maps of NAME: value. Both shapes are the same, so a document is
 * recognised by content: no apiVersion/kind, and an env map naming at least one CNI variable.
 */
export const awsNodeValuesBuilder: Builder = {
  name: 'aws-node-values',
  document(file, doc, out) {
    const root = doc.root;
    if (!isMap(root) || get(root, 'apiVersion') || get(root, 'kind')) return false;
    if (!namesCniVar(get(root, 'env')) && !namesCniVar(getPath(root, ['init', 'env']))) return false;
    const items = awsNodeFromConfigValues(file, root, valuesKind(file.id, root));
    pushAll(out.awsNode, items);
    return items.length > 0;
  },
};

function namesCniVar(env: LNode | undefined): boolean {
  return isMap(env) && env.entries.some((e) => isCniVar(String(e.key.value)));
}

/**
 * Chart-only keys mean Helm; a file name that mentions the add-on means add-on configuration;
 * otherwise JSON (the add-on API's own format) reads as add-on configuration and YAML as Helm values.
 * Only one rule cares (unquoted values: Helm quotes them, the add-on API rejects them).
 */
export function valuesKind(fileId: string, root: LNode): 'helm-values' | 'addon-config' {
  if (CHART_ONLY.some((k) => get(root, k)) || get(get(root, 'init'), 'image')) return 'helm-values';
  const base = fileId.toLowerCase().split(/[\\/]/).pop() ?? '';
  if (/add-?on|configuration[-_]?values/.test(base)) return 'addon-config';
  if (/values/.test(base)) return 'helm-values';
  return base.endsWith('.json') ? 'addon-config' : 'helm-values';
}

/**
 * The env maps of a values or add-on configuration tree that was already located: the CloudFormation
 * (AWS::EKS::Addon ConfigurationValues) and Terraform (aws_eks_addon configuration_values) builders
 * call this with the parsed configuration string.
 */
export function awsNodeFromConfigValues(
  file: SourceFile,
  root: LNode,
  source: 'helm-values' | 'addon-config',
  approximate = false,
): AwsNodeEnv[] {
  const out: AwsNodeEnv[] = [];
  const workload = `${file.id}#${source}@${root.span.start}`;
  const add = (env: LNode | undefined, container: AwsNodeEnv['container']) => {
    if (!isMap(env)) return;
    out.push({
      key: `${file.id}#${source}/${container}@${env.span.start}`,
      file: file.id,
      at: { file: file.id, span: env.span },
      source,
      container,
      complete: false,
      vars: env.entries.map((e) => mapEntry(file, e.key, e.value, source, approximate)),
      ...(approximate ? {} : { edit: { file: file.id, node: env } }),
      workload,
    });
  };
  add(get(root, 'env'), 'aws-node');
  add(getPath(root, ['init', 'env']), 'aws-vpc-cni-init');
  return out;
}

function mapEntry(
  file: SourceFile,
  key: LScalar,
  value: LNode,
  source: 'helm-values' | 'addon-config',
  approximate: boolean,
): EnvVar {
  const v: EnvVar = {
    name: String(key.value ?? ''),
    nameAt: { file: file.id, span: key.span },
    entryAt: { file: file.id, span: { start: key.span.start, end: Math.max(key.span.end, value.span.end) } },
  };
  if (approximate) v.approximate = true;
  if (isScalar(value)) {
    scalarFacts(file, v, key, value, source === 'helm-values' ? 'yaml' : 'quote');
    const text = value.value === null ? '' : (str(value) ?? '');
    v.value = textValue(source === 'helm-values' ? helmString(value, text) : text, { file: file.id, span: value.span });
  } else {
    if (!approximate) v.edit = { name: { at: v.nameAt, value: v.name } };
    v.value = unresolved('not a scalar value', { file: file.id, span: value.span });
  }
  return v;
}

const YAML11_TRUE = /^(y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE)$/;
const YAML11_FALSE = /^(n|N|no|No|NO|off|Off|OFF|false|False|FALSE)$/;

/**
 * What the chart renders: `value: {{ $value | quote }}` of what Helm's YAML 1.1 reader made of the
 * scalar, so an unquoted `yes` or `on` becomes "true" and `5` becomes "5".
 */
export function helmString(n: LScalar, text: string): string {
  if (n.style !== 'plain') return text;
  if (YAML11_TRUE.test(text)) return 'true';
  if (YAML11_FALSE.test(text)) return 'false';
  return text;
}

/** True for a plain scalar that a YAML 1.1 reader (Kubernetes, Helm) types as a boolean, number or null. */
export function isYaml11NonString(n: LScalar): boolean {
  if (n.style !== 'plain' || n.value === null) return false;
  return (
    typeof n.value !== 'string' ||
    YAML11_TRUE.test(n.source) ||
    YAML11_FALSE.test(n.source) ||
    /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/.test(n.source) ||
    /^0[xXoObB][0-9a-fA-F_]+$/.test(n.source)
  );
}

/**
 * What env rules and fixes need from the scalar of a variable: whether a YAML 1.1 reader types it
 * as something other than a string, and (unless the spans are approximate) the name and value as
 * written, with the quoting policy of the source (`quote` where the field is a string read
 * strictly, `yaml` for Helm values, which the chart quotes).
 */
export function scalarFacts(file: SourceFile, v: EnvVar, name: LNode, value: LScalar, plain: 'quote' | 'yaml'): void {
  if (isYaml11NonString(value)) {
    const number = typeof value.value === 'number' || /^[-+.0-9]/.test(value.source);
    v.notString = { written: value.source, type: number ? 'number' : 'boolean' };
  }
  if (v.approximate) return;
  const written: WrittenValue | undefined =
    value.style === 'block'
      ? undefined
      : { at: { file: file.id, span: value.span }, value: str(value) ?? '', style: value.style, plain };
  v.edit = { name: { at: { file: file.id, span: name.span }, value: v.name }, ...(written ? { value: written } : {}) };
}
