import { defineRule } from './defineRule';
import { validatePlain } from '../catalog/schemas';
import { envVarDoc, isCniVar } from '../catalog/envCatalog';
import { effectiveVars, parseGoBool } from '../facts/cni/envSemantics';
import type { AwsNodeEnv, EnvVar } from '../model/types';
import type { FixSpec } from './context';

const TRUE_WORDS = /^(yes|y|on|enable|enabled|active)$/i;
const FALSE_WORDS = /^(no|n|off|disable|disabled|inactive|none)$/i;

export default defineRule({
  id: 'aws-node-env-invalid',
  defaultSeverity: 'error',
  category: 'cni',
  scope: 'file',
  reads: ['awsNode'],
  summary:
    'An aws-node environment value that the VPC CNI rejects, silently replaces by its default, or never reads in that container.',
  rationale: [
    'The VPC CNI reads its settings from environment variables, and most of them fail quietly. A boolean goes through Go\'s `strconv.ParseBool`, which accepts only `1 t T TRUE true True 0 f F FALSE false False`: `"yes"`, `"on"` or `"enabled"` are logged as an error and the **default** is used, so `AWS_VPC_K8S_CNI_EXTERNALSNAT: "yes"` leaves SNAT on. Integers go through `strconv.Atoi`; a bad `WARM_IP_TARGET` is treated as unset, a bad `AWS_VPC_ENI_MTU`, `POD_MTU` or `IP_COOLDOWN_PERIOD` makes the aws-node container exit at start-up, and so do `AWS_VPC_K8S_PLUGIN_LOG_FILE=stdout` and a veth prefix longer than 4 characters. CIDR lists skip every item that is not an IPv4 CIDR.',
    '',
    'Also reported:',
    '- an unquoted `value: true` or `value: 5` in a Kubernetes env list: `EnvVar.value` must be a string, so the API server rejects the whole DaemonSet (YAML 1.1 also reads `yes`, `no`, `on`, `off` as booleans);',
    '- an unquoted boolean or number in EKS add-on configuration values: the add-on schema types every env value as a string and EKS rejects the configuration (Helm values may stay unquoted: the chart quotes them);',
    '- a variable set on the wrong container (warning): `DISABLE_TCP_EARLY_DEMUX` is read only by the init container aws-vpc-cni-init, and the aws-node variables are not read by the init container. This is reported here rather than as a conflict because, like an invalid value, the setting silently does nothing.',
    '',
    'Where the intended value is unambiguous the quick fix writes it (`"yes"` → `"true"`, `"off"` → `"false"`, `"STRICT"` → `"strict"`), keeping the author\'s quoting.',
  ].join('\n'),
  messages: {
    invalid: '`{{value}}` is not a valid {{name}}: {{consequence}}. Expected {{allowed}}.',
    mtuIpv6:
      '`{{value}}` is not a valid {{name}} with ENABLE_IPv6=true (expected 1280-9001): the aws-node container exits at start-up.',
    cidrItems: '{{name}}: `{{items}}` is not an IPv4 CIDR; the CNI logs an error and skips it.',
    tags: 'ADDITIONAL_ENI_TAGS is not a JSON object of string values ({{problem}}): the CNI logs a warning and adds no tags.',
    notString:
      '`{{value}}` is unquoted, so Kubernetes reads it as a {{type}}; EnvVar.value must be a string and the API server rejects the DaemonSet.',
    addonNotString:
      '`{{value}}` is a {{type}}; the EKS add-on configuration schema types every env value as a string, so EKS rejects the configuration.',
    wrongContainer: '{{name}} is read only by the {{expected}} container; on {{container}} it has no effect.',
  },
  fixes: {
    setValue: {
      title: 'Change the value to `{{newValue}}`',
      safe: false,
      why: 'It is offered only where the written value has exactly one reading (a boolean word, stray spaces, the case of an enumerated value), but today the running CNI ignores the value and uses its default: after the fix it does what the value says (`AWS_VPC_K8S_CNI_EXTERNALSNAT: yes` becomes external SNAT turned on), a change of behaviour the author should confirm rather than a pre-commit hook make.',
    },
    quote: {
      title: 'Quote the value',
      safe: true,
      why: 'It writes the same value as a string, the only type the API server or EKS accepts there.',
    },
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/README.md#cni-configuration-variables',
    'https://pkg.go.dev/strconv#ParseBool',
    'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables',
    'https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html',
  ],
  sources: ['kubernetes', 'kustomize', 'helm-values', 'addon-config', 'shell', 'eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const env of ctx.model.awsNode) {
      const vars = effectiveVars(env);
      const typed = new Set<EnvVar>();
      // Values Kubernetes or EKS would reject before the CNI ever sees them.
      for (const v of env.vars) {
        const n = v.notString;
        if (!n) continue;
        const listForm = env.source === 'daemonset' || env.source === 'patch';
        if (!listForm && env.source !== 'addon-config') continue;
        typed.add(v);
        const newValue = suggestion(v.name, n.written) ?? n.written;
        ctx.report({
          at: v.value?.at ?? v.nameAt,
          messageId: listForm ? 'notString' : 'addonNotString',
          data: { value: n.written, type: n.type },
          fixes: setValue(v, newValue, newValue === n.written ? 'quote' : 'setValue'),
        });
      }
      const data: Record<string, string> = {};
      for (const [name, v] of vars) if (v.value?.kind === 'known' && isCniVar(name)) data[name] = v.value.value;
      const podEni = parseGoBool(data.ENABLE_POD_ENI ?? '') === true;
      for (const err of validatePlain('aws-node-env', data)) {
        const name = err.pointer.slice(1).replace(/~1/g, '/').replace(/~0/g, '~');
        const v = vars.get(name);
        if (!v || typed.has(v) || v.value?.kind !== 'known') continue;
        // With ENABLE_POD_ENI=true a bad enforcing mode stops aws-node; aws-node-env-conflict says so.
        if (name === 'POD_SECURITY_GROUP_ENFORCING_MODE' && podEni) continue;
        reportValue(v, name, v.value.value, err.schemaPath.includes('/then/'));
      }
      const tags = vars.get('ADDITIONAL_ENI_TAGS');
      if (tags?.value?.kind === 'known' && tags.value.value.trim() !== '' && !typed.has(tags)) {
        const problem = tagsProblem(tags.value.value);
        if (problem) ctx.report({ at: tags.value.at, messageId: 'tags', data: { problem } });
      }
      wrongContainer(env);
    }

    function reportValue(v: EnvVar, name: string, value: string, ipv6: boolean): void {
      const doc = envVarDoc(name);
      if (!doc || v.value?.kind !== 'known') return;
      const at = v.value.at;
      if (doc['x-type'] === 'cidr-list') {
        const bad = value
          .split(',')
          .filter(
            (i) =>
              !/^\s*(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}\/(3[0-2]|[12]?[0-9])\s*$/.test(
                i,
              ),
          );
        ctx.report({ at, messageId: 'cidrItems', data: { name, items: bad.map((b) => b.trim()).join('`, `') } });
        return;
      }
      if (ipv6) {
        ctx.report({ at, messageId: 'mtuIpv6', data: { name, value } });
        return;
      }
      const newValue = suggestion(name, value);
      ctx.report({
        at,
        messageId: 'invalid',
        data: {
          value,
          name,
          allowed: doc['x-allowed'] ?? 'a valid value',
          consequence: doc['x-invalid'] ?? 'the CNI ignores it',
        },
        fixes: newValue !== undefined ? setValue(v, newValue, 'setValue') : [],
      });
    }

    function wrongContainer(env: AwsNodeEnv): void {
      if (env.allContainers) return;
      for (const v of env.vars) {
        const where = envVarDoc(v.name)?.['x-container'];
        if (!where || where.includes(env.container) || !isCniVar(v.name)) continue;
        ctx.report({
          at: v.nameAt,
          messageId: 'wrongContainer',
          severity: 'warning',
          data: { name: v.name, expected: where.join(' and '), container: env.container },
        });
      }
    }
  },
});

/** A fix that writes `newValue` where the variable's value is written, keeping its quoting. */
function setValue(v: EnvVar, newValue: string, fixId: 'quote' | 'setValue'): FixSpec<'quote' | 'setValue'>[] {
  const target = v.edit?.value;
  return target ? [{ fixId, data: { newValue }, changes: [{ kind: 'replace', target, value: newValue }] }] : [];
}

/** The value the author evidently meant, when there is exactly one. */
export function suggestion(name: string, value: string): string | undefined {
  const doc = envVarDoc(name);
  if (!doc) return undefined;
  const t = value.trim();
  if (doc['x-type'] === 'bool') {
    if (parseGoBool(t) !== undefined) return t === value ? undefined : t;
    if (/^true$/i.test(t) || TRUE_WORDS.test(t)) return 'true';
    if (/^false$/i.test(t) || FALSE_WORDS.test(t)) return 'false';
    return undefined;
  }
  const words = doc['x-enum'];
  if (words) {
    const hit = words.find((w) => w.toLowerCase() === t.toLowerCase());
    if (hit && hit !== value) return /case-insensitive/.test(doc['x-type'] ?? '') ? t : hit;
    return undefined;
  }
  if (/^int/.test(doc['x-type'] ?? '') && t !== value && /^[0-9]+$/.test(t)) return t;
  return undefined;
}

function tagsProblem(s: string): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch (e) {
    return `not JSON: ${(e as Error).message}`;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not an object';
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x !== 'string') return `the value of "${k}" is not a string`;
    if (k.length > 128) return `the key "${k.slice(0, 20)}…" is longer than 128 characters`;
    if (x.length > 256) return `the value of "${k}" is longer than 256 characters`;
  }
  return undefined;
}
