import type { Severity } from './finding';

export type RuleSetting = 'off' | Severity;

/** Every level a rule can be set to, in the order the docs list them. */
export const RULE_LEVELS: readonly RuleSetting[] = ['off', 'error', 'warning', 'information', 'hint'];

/**
 * The engine's settings. The LSP reads them from the `eksnet.*` configuration, the CLI from flags,
 * and both from a repository's `.eksnet.yaml` (workspace/repoSettings.ts) under those.
 */
export interface EngineSettings {
  /** Per-rule override: 'off' disables a rule, a severity replaces its default. */
  rules: Record<string, RuleSetting>;
  /** The EKS cluster the workspace describes, when the files do not say. */
  clusterName: string;
  /** Extra glob patterns of files to analyse, beyond the built-in ones. */
  extraFileGlobs: string[];
  /** Treat every VPC in the workspace as an EKS VPC, for the subnet-tag and DNS rules. */
  assumeEksVpc: boolean;
  /** Show inlay hints (usable addresses after subnet CIDRs). */
  inlayHints: boolean;
  /**
   * Extra Terraform variable files for every root module, like `terraform plan -var-file`: paths or
   * globs relative to the root module's folder, or absolute paths.
   */
  terraformVarFiles: string[];
  /** CloudFormation parameters files by template glob, for files not named after their template. */
  cloudFormationParameterFiles: Record<string, string>;
  /** Cluster names by folder glob, for aws-node settings that name no cluster. */
  clusterScopes: Record<string, string>;
  /** Upper bounds for workspace indexing, so a monorepo cannot stall the server. */
  maxFiles: number;
  maxFileSizeKb: number;
}

export function defaultSettings(): EngineSettings {
  const out: Record<string, unknown> = {};
  for (const d of SETTINGS) out[d.key] = structuredClone(d.default);
  return out as unknown as EngineSettings;
}

/**
 * The single definition of every user setting. package.json `contributes.configuration` is
 * generated from this list (scripts/generate.mjs) and a test fails when the two drift apart.
 */
export interface SettingDescriptor {
  key: keyof EngineSettings;
  schema: Record<string, unknown>;
  default: unknown;
  description: string;
}

export const SETTINGS: SettingDescriptor[] = [
  {
    key: 'rules',
    schema: {
      type: 'object',
      additionalProperties: { type: 'string', enum: [...RULE_LEVELS] },
    },
    default: {},
    description:
      'Per-rule severity overrides, for example `{"docker-bridge-overlap": "off", "subnet-size": "error"}`. Rule ids are listed in docs/rules.',
  },
  {
    key: 'clusterName',
    schema: { type: 'string' },
    default: '',
    description:
      'The EKS cluster this workspace describes. When set, only `kubernetes.io/cluster/<name>` tags for this cluster mark a VPC or subnet as meant for EKS (otherwise any `kubernetes.io/cluster/*` tag does), which decides where the subnet-tag and DNS rules apply.',
  },
  {
    key: 'extraFileGlobs',
    schema: { type: 'array', items: { type: 'string' } },
    default: [],
    description:
      'Extra glob patterns (relative to a workspace folder) of files to analyse, for files whose names or extensions eksnet would not pick up by itself.',
  },
  {
    key: 'assumeEksVpc',
    schema: { type: 'boolean' },
    default: false,
    description:
      'Treat every VPC in the workspace as one meant for EKS, even when no cluster or `kubernetes.io/cluster/*` tag says so.',
  },
  {
    key: 'inlayHints',
    schema: { type: 'boolean' },
    default: true,
    description: 'Show inlay hints, such as the AWS-usable address count after a subnet CIDR.',
  },
  {
    key: 'terraformVarFiles',
    schema: { type: 'array', items: { type: 'string' } },
    default: [],
    description:
      "Extra Terraform variable files (`.tfvars` or `.tfvars.json`) applied to every root module, as `terraform plan -var-file` would: paths or globs relative to the root module's folder (for example `env/prod.tfvars`), or absolute paths. They override `terraform.tfvars` and `*.auto.tfvars`, later entries over earlier ones. The files must be in the workspace.",
  },
  {
    key: 'cloudFormationParameterFiles',
    schema: { type: 'object', additionalProperties: { type: 'string' } },
    default: {},
    description:
      'CloudFormation parameters files for templates, as a map from a template glob (matched against the end of the template\'s path, for example `infra/eks-vpc.yaml` or `**/*-vpc.yaml`) to a parameters file (relative to the template\'s folder, or absolute), for example `{"infra/eks-vpc.yaml": "params/prod.json"}`. The file may use the `aws cloudformation deploy` or `create-stack` JSON or the CodePipeline template configuration shape and must be in the workspace. Without an entry, `<template>.parameters.json`, `.params.json` or `.template-configuration.json` beside the template is used.',
  },
  {
    key: 'clusterScopes',
    schema: { type: 'object', additionalProperties: { type: 'string' } },
    default: {},
    description:
      'The cluster that aws-node settings naming no cluster (a DaemonSet, a kustomize patch, Helm values, `kubectl set env`, add-on configuration on its own) apply to, as a map from a path glob (matched against the end of the file\'s path, for example `clusters/prod/**`) to a cluster name, for example `{"clusters/prod/**": "prod"}`. Without an entry such a source applies to the one cluster declared under its nearest folder that declares any, or to the workspace\'s only cluster; where that folder declares several, it is checked on its own and applies to none. The first matching entry wins.',
  },
  {
    key: 'maxFiles',
    schema: { type: 'number', minimum: 1 },
    default: 5000,
    description: 'The most files indexed per workspace folder.',
  },
  {
    key: 'maxFileSizeKb',
    schema: { type: 'number', minimum: 1 },
    default: 4096,
    description: 'Files larger than this (in KiB) are not indexed from disk; open editors are always analysed.',
  },
];

/** Merges user input over the defaults, dropping values of the wrong type instead of failing. */
export function normalizeSettings(input: unknown): EngineSettings {
  const base = defaultSettings();
  if (!input || typeof input !== 'object') return base;
  const src = input as Record<string, unknown>;
  const out = base as unknown as Record<string, unknown>;
  for (const d of SETTINGS) {
    const v = src[d.key];
    if (v !== undefined && v !== null && hasType(d, v)) out[d.key] = v;
  }
  return base;
}

/**
 * Lays one settings object over another, key by key, for the places settings come from more than
 * one source (a repository's `.eksnet.yaml` under the editor's or the command line's settings).
 * Values of the wrong type in `over` are ignored, maps (`rules`, `cloudFormationParameterFiles`)
 * are merged entry by entry, anything else is replaced. With `skipDefaults`, a value of `over`
 * equal to the setting's default counts as not set: VS Code reports every setting, with its
 * default when the user set nothing, so an unset editor setting must not hide the repository's.
 */
export function mergeSettings(under: unknown, over: unknown, skipDefaults = false): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(isRecord(under) ? under : {}) };
  if (!isRecord(over)) return out;
  for (const d of SETTINGS) {
    const v = over[d.key];
    if (v === undefined || v === null || !hasType(d, v)) continue;
    if (skipDefaults && JSON.stringify(v) === JSON.stringify(d.default)) continue;
    const base = out[d.key];
    out[d.key] = d.schema.type === 'object' && isRecord(base) ? { ...base, ...v } : v;
  }
  return out;
}

/**
 * What is wrong with a settings object a user wrote (a repository's `.eksnet.yaml`): unknown keys
 * and values of the wrong type, which normalizeSettings would drop silently. `eksnet.`-prefixed
 * keys, as in VS Code's settings.json, are accepted and returned without the prefix.
 */
export function checkSettings(input: unknown): { settings: Record<string, unknown>; problems: string[] } {
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  if (input === undefined || input === null) return { settings, problems };
  if (!isRecord(input)) return { settings, problems: ['the settings must be a map of setting names to values'] };
  for (const [raw, v] of Object.entries(input)) {
    const key = raw.startsWith('eksnet.') ? raw.slice('eksnet.'.length) : raw;
    const d = SETTINGS.find((s) => s.key === key);
    if (!d) problems.push(`unknown setting "${raw}" (known: ${SETTINGS.map((s) => s.key).join(', ')})`);
    else if (!hasType(d, v)) problems.push(`"${raw}" must be ${describeType(d)}; it is ignored`);
    else settings[key] = v;
  }
  return { settings, problems };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function hasType(d: SettingDescriptor, v: unknown): boolean {
  const t = d.schema.type;
  return t === 'array' ? Array.isArray(v) : t === 'object' ? isRecord(v) : typeof v === t;
}

function describeType(d: SettingDescriptor): string {
  const t = d.schema.type as string;
  return t === 'array' ? 'a list' : t === 'object' ? 'a map' : `a ${t}`;
}
