import { defineRule } from './defineRule';
import type { Report } from './context';
import type { EnvVar } from '../model/types';
import type { FileSpan } from '../base/span';
import { effectiveVars, boolSetting, setting, siblings } from '../facts/cni/envSemantics';
import { parseGoBool } from '../facts/cni/envSemantics';
import type { EnvRef, ValueChange } from '../model/change';

type M =
  | 'bothFamilies'
  | 'noFamily'
  | 'ipv6NoPd'
  | 'ipv6CustomNetwork'
  | 'minWithoutWarm'
  | 'pdAllZero'
  | 'excludeSnatIgnored'
  | 'podEniMode'
  | 'warmEniIgnored'
  | 'ipv6InitMissing'
  | 'bandwidthPolicy'
  | 'duplicate';

export default defineRule({
  id: 'aws-node-env-conflict',
  defaultSeverity: 'warning',
  category: 'cni',
  scope: 'file',
  reads: ['awsNode'],
  summary:
    'aws-node environment variables whose combination makes the CNI fail to start or silently do something else.',
  rationale: [
    'Several VPC CNI settings only work together. The aws-node entrypoint and ipamd refuse to start when both or neither of `ENABLE_IPv4` and `ENABLE_IPv6` are true, when IPv6 is on without prefix delegation or with custom networking, when prefix delegation is on and `WARM_IP_TARGET`, `WARM_PREFIX_TARGET` and `MINIMUM_IP_TARGET` are all `<= "0"` (a string comparison: unset counts as `"0"`, `"-1"` fails, `"00"` passes), and when `ENABLE_POD_ENI` is on with a `POD_SECURITY_GROUP_ENFORCING_MODE` other than exactly `strict` or `standard`. Other combinations start but do something else: `MINIMUM_IP_TARGET` without `WARM_IP_TARGET` stops allocating beyond the minimum, `AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS` is ignored under `AWS_VPC_K8S_CNI_EXTERNALSNAT=true`, `WARM_ENI_TARGET` is ignored once an IP target is set (information), the init container without `ENABLE_IPv6` leaves the IPv6 sysctls off, and `ENABLE_BANDWIDTH_PLUGIN` breaks VPC CNI network policy (reported with `NETWORK_POLICY_ENFORCING_MODE=strict`).',
    '',
    'A variable listed twice in one env list or map is reported too: the last entry wins in Kubernetes, so the first one is dead text that readers take for the setting (the fix removes it).',
    '',
    "Each env is checked on its own: a complete DaemonSet with the CNI's code defaults for absent variables, Helm values with the chart's defaults (Helm merges values over them), and a patch, `kubectl set env` or add-on configuration with only what it sets, because what it is applied to is not known. A patch file that a kustomization applies to a complete aws-node DaemonSet among its resources is checked merged with that DaemonSet (reported when the patch takes part). Other files never change a source's verdict: a warm target set elsewhere does not hide an add-on configuration that sets every warm target to \"0\". Related information points at the other variable.",
  ].join('\n'),
  messages: {
    bothFamilies: 'ENABLE_IPv4 and ENABLE_IPv6 are both true: dual stack is not supported and ipamd refuses to start.',
    noFamily: 'Neither ENABLE_IPv4 nor ENABLE_IPv6 is true: ipamd refuses to start.',
    ipv6NoPd: 'ENABLE_IPv6=true needs ENABLE_PREFIX_DELEGATION=true: ipamd refuses to start.',
    ipv6CustomNetwork:
      'ENABLE_IPv6=true cannot be combined with custom networking (AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true): ipamd refuses to start.',
    minWithoutWarm:
      'MINIMUM_IP_TARGET without WARM_IP_TARGET: the node keeps MINIMUM_IP_TARGET IPs and allocates no more as pods arrive; set WARM_IP_TARGET too.',
    pdAllZero:
      'Prefix delegation with WARM_IP_TARGET, WARM_PREFIX_TARGET and MINIMUM_IP_TARGET all <= "0" (unset counts as "0"): the aws-node container exits at start-up.',
    excludeSnatIgnored:
      'AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS is ignored because AWS_VPC_K8S_CNI_EXTERNALSNAT=true (the node does no SNAT at all).',
    podEniMode:
      'POD_SECURITY_GROUP_ENFORCING_MODE `{{value}}` with ENABLE_POD_ENI=true: only `strict` or `standard` are accepted and the aws-node container exits at start-up.',
    warmEniIgnored: 'WARM_ENI_TARGET is ignored because {{other}} is set.',
    ipv6InitMissing:
      'ENABLE_IPv6=true on aws-node but not on the init container aws-vpc-cni-init, which enables the IPv6 sysctls; set it there too.',
    bandwidthPolicy:
      'ENABLE_BANDWIDTH_PLUGIN=true is incompatible with VPC CNI network policy, which NETWORK_POLICY_ENFORCING_MODE=strict relies on.',
    duplicate: '`{{name}}` is set again later in this list; the later entry wins, so this one has no effect.',
  } satisfies Record<M, string>,
  fixes: {
    removeDuplicate: {
      title: 'Remove this overridden entry',
      safe: false,
      why: 'Which of the two values the author meant is their choice, and a `$(NAME)` reference between the entries still reads the first one.',
    },
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/README.md#cni-configuration-variables',
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/prefix-and-ip-target.md',
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/eni-and-ip-target.md',
    'https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html',
  ],
  sources: ['kubernetes', 'kustomize', 'helm-values', 'addon-config', 'shell', 'eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const own of ctx.model.awsNode) {
      // A patch a kustomization applies to a complete DaemonSet is judged on what the two make
      // together; what the base alone gets wrong is reported by the base's own check.
      const env = own.base ? { ...own, complete: true, vars: [...own.base.vars, ...own.vars] } : own;
      const vars = effectiveVars(env);
      const at = (v: EnvVar | undefined): FileSpan => v?.nameAt ?? own.at;
      const rel = (...vs: (EnvVar | undefined)[]) =>
        vs.filter((v): v is EnvVar => !!v).map((v) => ({ at: v.nameAt, message: `${v.name} is set here` }));
      const report = (r: Report<M, 'removeDuplicate'>) => {
        if (own.base && r.at.file !== own.file && !(r.related ?? []).some((x) => x.at.file === own.file)) return;
        ctx.report(r);
      };
      const b = (n: string) => boolSetting(env, vars, n);

      const next = nextSameName(own.vars);
      for (const [i, v] of own.vars.entries()) {
        const later = next[i];
        if (!later) continue;
        report({
          at: v.nameAt,
          messageId: 'duplicate',
          data: { name: v.name },
          related: [{ at: later.nameAt, message: 'this later entry wins' }],
          fixes: own.edit ? [{ fixId: 'removeDuplicate', changes: [removeEntry(own.edit, v)] }] : [],
        });
      }

      if (env.container !== 'aws-node') continue;
      const v4 = b('ENABLE_IPv4');
      const v6 = b('ENABLE_IPv6');
      if (v4.value === true && v6.value === true && (v4.at || v6.at)) {
        report({
          at: at(v6.at ?? v4.at),
          messageId: 'bothFamilies',
          severity: 'error',
          related: rel(v4.at && v6.at ? v4.at : undefined),
        });
      }
      // Both absent in a complete manifest is aws-node-ip-family-missing; an unparsable value is aws-node-env-invalid.
      if (v4.value === false && v6.value === false && (v4.at || v6.at) && v4.valid && v6.valid) {
        report({
          at: at(v4.at ?? v6.at),
          messageId: 'noFamily',
          severity: 'error',
          related: rel(v4.at && v6.at ? v6.at : undefined),
        });
      }
      if (v6.value === true) {
        const pd = b('ENABLE_PREFIX_DELEGATION');
        if (pd.value === false)
          report({
            at: at(pd.at ?? v6.at),
            messageId: 'ipv6NoPd',
            severity: 'error',
            related: rel(pd.at ? v6.at : undefined),
          });
        const cn = b('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG');
        if (cn.value === true)
          report({ at: at(cn.at), messageId: 'ipv6CustomNetwork', severity: 'error', related: rel(v6.at) });
        if (v6.at && (env.complete || env.source === 'helm-values')) {
          const init = siblings(ctx.model, env).find((e) => e.container === 'aws-vpc-cni-init');
          if (init && boolSetting(init, effectiveVars(init), 'ENABLE_IPv6').value === false) {
            report({
              at: v6.at.nameAt,
              messageId: 'ipv6InitMissing',
              related: [{ at: init.at, message: 'the init container' }],
            });
          }
        }
      }

      const warmIp = setting(env, vars, 'WARM_IP_TARGET');
      const minIp = setting(env, vars, 'MINIMUM_IP_TARGET');
      const positive = (s: string | undefined) => s !== undefined && /^\+?0*[1-9][0-9]*$/.test(s.trim());
      const unsetOrZero = (s: string | undefined) => s !== undefined && (s.trim() === '' || /^\+?0+$/.test(s.trim()));
      if (v6.value !== true && positive(minIp.value) && unsetOrZero(warmIp.value)) {
        report({ at: at(minIp.at), messageId: 'minWithoutWarm', related: rel(warmIp.at) });
      }
      const pd = b('ENABLE_PREFIX_DELEGATION');
      const warmPrefix = setting(env, vars, 'WARM_PREFIX_TARGET');
      if (pd.value === true && [warmIp, warmPrefix, minIp].every((s) => s.value !== undefined && s.value <= '0')) {
        report({
          at: at(warmPrefix.at ?? pd.at),
          messageId: 'pdAllZero',
          severity: 'error',
          related: rel(pd.at, warmIp.at, minIp.at).filter((r) => r.at !== at(warmPrefix.at ?? pd.at)),
        });
      }
      const ext = b('AWS_VPC_K8S_CNI_EXTERNALSNAT');
      const excl = vars.get('AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS');
      if (ext.value === true && ext.at && excl?.value?.kind === 'known' && excl.value.value.trim() !== '') {
        report({ at: excl.nameAt, messageId: 'excludeSnatIgnored', related: rel(ext.at) });
      }
      const podEni = b('ENABLE_POD_ENI');
      const mode = vars.get('POD_SECURITY_GROUP_ENFORCING_MODE');
      if (
        podEni.value === true &&
        mode?.value?.kind === 'known' &&
        mode.value.value !== '' &&
        mode.value.value !== 'strict' &&
        mode.value.value !== 'standard'
      ) {
        report({
          at: mode.value.at,
          messageId: 'podEniMode',
          severity: 'error',
          data: { value: mode.value.value },
          related: rel(podEni.at),
        });
      }
      const warmEni = vars.get('WARM_ENI_TARGET');
      const ipTarget = [vars.get('WARM_IP_TARGET'), vars.get('MINIMUM_IP_TARGET')].find(
        (v) => v?.value?.kind === 'known' && positive(v.value.value),
      );
      if (warmEni?.value?.kind === 'known' && ipTarget) {
        report({
          at: warmEni.nameAt,
          messageId: 'warmEniIgnored',
          severity: 'information',
          data: { other: ipTarget.name },
          related: rel(ipTarget),
        });
      }
      const bw = vars.get('ENABLE_BANDWIDTH_PLUGIN');
      const np = vars.get('NETWORK_POLICY_ENFORCING_MODE');
      if (
        bw?.value?.kind === 'known' &&
        parseGoBool(bw.value.value) === true &&
        np?.value?.kind === 'known' &&
        np.value.value.toLowerCase() === 'strict'
      ) {
        report({ at: bw.nameAt, messageId: 'bandwidthPolicy', related: rel(np) });
      }
    }
  },
});

function removeEntry(container: EnvRef, v: EnvVar): ValueChange {
  return { kind: 'removeEntry', container, entry: v.entryAt };
}

/** For each entry, the next entry of the same name (the one that overrides it), in one pass from the end. */
function nextSameName(vars: EnvVar[]): (EnvVar | undefined)[] {
  const out = new Array<EnvVar | undefined>(vars.length);
  const seen = new Map<string, EnvVar>();
  for (let i = vars.length - 1; i >= 0; i--) {
    out[i] = seen.get(vars[i].name);
    seen.set(vars[i].name, vars[i]);
  }
  return out;
}
