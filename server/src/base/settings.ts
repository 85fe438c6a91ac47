import type { Severity } from './finding';

export type RuleSetting = 'off' | Severity;

/** The engine's settings. The LSP reads them from the `eksnet.*` configuration, the CLI from flags. */
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
      additionalProperties: { type: 'string', enum: ['off', 'error', 'warning', 'information', 'hint'] },
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
    if (v === undefined || v === null) continue;
    const t = d.schema.type;
    if (t === 'array' ? Array.isArray(v) : t === 'object' ? typeof v === 'object' && !Array.isArray(v) : typeof v === t)
      out[d.key] = v;
  }
  return base;
}
