import type { AwsNodeEnv, EnvVar, NetworkModel } from '../../model/types';
import { envVarDoc } from '../../catalog/envCatalog';
import { modelIndex } from '../../model/lookup';

/** Go's strconv.ParseBool, which every boolean variable of the CNI goes through. */
export function parseGoBool(s: string): boolean | undefined {
  if (/^(1|t|T|TRUE|true|True)$/.test(s)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(s)) return false;
  return undefined;
}

/** The entry that takes effect for each name: the last one, as in Kubernetes env lists and YAML maps. */
export function effectiveVars(env: AwsNodeEnv): Map<string, EnvVar> {
  const m = new Map<string, EnvVar>();
  for (const v of env.vars) m.set(v.name, v);
  return m;
}

/**
 * What an absent variable means for one env: in a complete DaemonSet the CNI's code default; in
 * Helm values the chart's values.yaml (the shipped manifest is rendered from it), since Helm merges
 * user values over it; in a patch, `kubectl set env` or add-on configuration it is whatever the
 * live DaemonSet already has, which is not known.
 */
export function baseline(env: AwsNodeEnv): 'code' | 'manifest' | 'none' {
  if (env.complete) return 'code';
  return env.source === 'helm-values' ? 'manifest' : 'none';
}

export interface Setting {
  /** The string the CNI sees; undefined when it cannot be known. */
  value?: string;
  /** The entry that sets it, when written in this env. */
  at?: EnvVar;
}

/** The value of a variable in one env, absent variables resolved through the baseline. */
export function setting(env: AwsNodeEnv, vars: Map<string, EnvVar>, name: string): Setting {
  const v = vars.get(name);
  if (v) {
    if (v.value?.kind !== 'known') return { at: v };
    if (v.value.value !== '') return { value: v.value.value, at: v };
  }
  const base = baseline(env);
  const doc = envVarDoc(name);
  if (base === 'none') return { at: v };
  const fallback = base === 'manifest' ? (doc?.['x-manifest-default'] ?? doc?.['x-default']) : doc?.['x-default'];
  // Defaults written like "(unset)" describe absence rather than a value.
  return { value: fallback === undefined || fallback.startsWith('(') ? '' : fallback, at: v };
}

/** A boolean setting as the CNI reads it: an unparsable value falls back to the default. */
export function boolSetting(
  env: AwsNodeEnv,
  vars: Map<string, EnvVar>,
  name: string,
): { value?: boolean; at?: EnvVar; valid: boolean } {
  const s = setting(env, vars, name);
  if (s.value === undefined) return { at: s.at, valid: true };
  if (s.value === '')
    return { value: parseGoBool(envVarDoc(name)?.['x-default'] ?? '') ?? false, at: s.at, valid: true };
  const b = parseGoBool(s.value);
  if (b !== undefined) return { value: b, at: s.at, valid: true };
  return { value: parseGoBool(envVarDoc(name)?.['x-default'] ?? '') ?? false, at: s.at, valid: false };
}

/** The other container envs of the same workload (a DaemonSet's init container, a values file's init.env). */
export function siblings(model: NetworkModel, env: AwsNodeEnv): AwsNodeEnv[] {
  if (!env.workload) return [];
  return modelIndex(model)
    .workload(env.workload)
    .filter((e) => e !== env);
}
