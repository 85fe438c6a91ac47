import { defineRule } from './defineRule';
import { envVarDoc, knownEnvVars, isCniVar } from '../catalog/envCatalog';

/** Variables of the cni-metrics-helper Deployment, a different program. */
const METRICS_HELPER = new Set(['USE_CLOUDWATCH', 'USE_PROMETHEUS', 'METRIC_UPDATE_INTERVAL', 'AWS_CLUSTER_ID']);

export default defineRule({
  id: 'aws-node-env-unknown',
  defaultSeverity: 'warning',
  category: 'cni',
  scope: 'file',
  reads: ['awsNode'],
  summary: 'An environment variable on aws-node that the VPC CNI does not read, usually a misspelt name.',
  rationale: [
    'The CNI looks variables up by exact, case-sensitive name; anything else is silently ignored, so a typo such as `AWS_VPC_K8S_CNI_EXTERNAL_SNAT` (for `AWS_VPC_K8S_CNI_EXTERNALSNAT`) or `ENABLE_IPV6` (for `ENABLE_IPv6`) leaves the setting at its default while the manifest looks right.',
    '',
    'Names are checked against the catalogue of variables the CNI v1.23.1 reads (schemas/aws-node-env.schema.json), including the undocumented ones. Variables read by the AWS SDK or the Go runtime in the same process (`AWS_REGION`, `HTTPS_PROXY`, `NO_PROXY`, the IRSA and Pod Identity variables) are known too. The quick fix renames to the closest known name when there is one.',
  ].join('\n'),
  messages: {
    unknownSuggest: 'The VPC CNI does not read `{{name}}`; did you mean `{{suggestion}}`?',
    caseSuggest: 'The VPC CNI does not read `{{name}}`: names are case-sensitive, did you mean `{{suggestion}}`?',
    unknown: 'The VPC CNI does not read `{{name}}`; it has no effect on aws-node.',
    metricsHelper: '`{{name}}` is read by cni-metrics-helper, not by aws-node; it has no effect here.',
  },
  fixes: {
    rename: {
      title: 'Rename to `{{suggestion}}`',
      safe: false,
      why: 'The new name is the closest known one, a guess: renaming turns on a setting the CNI ignored until now.',
    },
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/README.md#cni-configuration-variables',
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/config/master/aws-k8s-cni.yaml',
  ],
  sources: ['kubernetes', 'kustomize', 'helm-values', 'addon-config', 'shell', 'eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const env of ctx.model.awsNode) {
      for (const v of env.vars) {
        if (envVarDoc(v.name)) continue;
        if (METRICS_HELPER.has(v.name)) {
          ctx.report({ at: v.nameAt, messageId: 'metricsHelper', data: { name: v.name } });
          continue;
        }
        const s = didYouMean(v.name);
        if (!s) {
          ctx.report({ at: v.nameAt, messageId: 'unknown', data: { name: v.name } });
          continue;
        }
        ctx.report({
          at: v.nameAt,
          messageId: s.toLowerCase() === v.name.toLowerCase() ? 'caseSuggest' : 'unknownSuggest',
          data: { name: v.name, suggestion: s },
          fixes: v.edit ? [{ fixId: 'rename', changes: [{ kind: 'renameKey', target: v.edit.name, newKey: s }] }] : [],
        });
      }
    }
  },
});

/**
 * The known CNI variable a name most likely meant: the same letters in another case, the same
 * letters with different underscores, or a small edit distance (at most 1 per 6 characters, up to 3).
 */
export function didYouMean(name: string): string | undefined {
  const names = knownEnvVars().filter(isCniVar);
  const upper = name.toUpperCase();
  const byCase = names.find((n) => n.toUpperCase() === upper);
  if (byCase) return byCase;
  const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const byShape = names.find((n) => norm(n) === norm(name));
  if (byShape) return byShape;
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 6)));
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  for (const n of names) {
    // Lengths further apart than the limit cannot be within it; skipping them also keeps a
    // megabyte-long name from costing a megabyte of work per known variable.
    if (Math.abs(n.length - name.length) > limit) continue;
    const d = distance(upper, n.toUpperCase());
    if (d < bestD) [best, bestD, tie] = [n, d, false];
    else if (d === bestD) tie = true;
  }
  return bestD <= limit && !tie ? best : undefined;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
