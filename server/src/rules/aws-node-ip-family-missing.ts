import { defineRule } from './defineRule';
import { effectiveVars } from '../facts/cni/envSemantics';
import type { AwsNodeEnv } from '../model/types';

/** Whether the container's env sets ENABLE_IPv4 or ENABLE_IPv6 to something (not empty). */
function setsFamily(env: AwsNodeEnv): boolean {
  const vars = effectiveVars(env);
  const set = (n: string) => {
    const v = vars.get(n);
    return !!v && !(v.value?.kind === 'known' && v.value.value === '');
  };
  return set('ENABLE_IPv4') || set('ENABLE_IPv6');
}

export default defineRule({
  id: 'aws-node-ip-family-missing',
  defaultSeverity: 'error',
  category: 'cni',
  scope: 'file',
  reads: ['awsNode'],
  summary: 'A complete aws-node DaemonSet sets neither ENABLE_IPv4 nor ENABLE_IPv6, so ipamd crash-loops.',
  rationale: [
    'Since VPC CNI v1.10 ipamd needs exactly one of `ENABLE_IPv4` and `ENABLE_IPv6` to be true, and the code default of `ENABLE_IPv4` is **false**: the shipped manifest sets `ENABLE_IPv4: "true"` explicitly. A DaemonSet whose image was bumped without taking the new env (a partial upgrade, an old manifest kept in git) has neither, and aws-node crash-loops on every node, so no new pod gets an IP address (amazon-vpc-cni-k8s#1725; the troubleshooting guide: "apply the full manifest").',
    '',
    'Only complete manifests are checked (selector, pod labels and the aws-node image present): a patch, Helm values or add-on configuration merge with a base that normally has the variable. A DaemonSet that kustomize overlays deploy is judged as each overlay deploys it, merged with the patches applied to it: when every overlay\'s patches set one of the families, it is not reported. The quick fix adds `ENABLE_IPv4: "true"` to the aws-node env list in the file\'s indentation (for an IPv6 cluster set `ENABLE_IPv6` instead, with prefix delegation).',
  ].join('\n'),
  messages: {
    missing:
      'The aws-node container sets neither ENABLE_IPv4 nor ENABLE_IPv6; the CNI defaults both to false and ipamd crash-loops. Set ENABLE_IPv4 to "true" (or ENABLE_IPv6 for an IPv6 cluster).',
  },
  fixes: {
    addIpv4: {
      title: 'Add ENABLE_IPv4: "true"',
      safe: false,
      why: "An IPv6 cluster needs ENABLE_IPv6 instead; which family the cluster uses is the author's choice.",
    },
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/troubleshooting.md',
    'https://github.com/aws/amazon-vpc-cni-k8s/issues/1725',
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/config/master/aws-k8s-cni.yaml',
  ],
  sources: ['kubernetes'],
  check(ctx) {
    for (const env of ctx.model.awsNode) {
      if (!env.complete || env.container !== 'aws-node' || env.source !== 'daemonset') continue;
      if (setsFamily(env)) continue;
      // A base that every kustomize overlay deploying it patches with a family is fine as deployed.
      const deployed = env.deployedWith;
      if (
        deployed?.length &&
        deployed.every((ps) => setsFamily({ ...env, vars: [...env.vars, ...ps.flatMap((p) => p.vars)] }))
      )
        continue;
      ctx.report({
        at: env.at,
        messageId: 'missing',
        fixes: env.edit
          ? [
              {
                fixId: 'addIpv4',
                changes: [{ kind: 'addEntry', container: env.edit, key: 'ENABLE_IPv4', value: 'true' }],
              },
            ]
          : [],
      });
    }
  },
});
