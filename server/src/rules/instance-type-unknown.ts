import { defineRule } from './defineRule';
import { getInstanceType, suggestInstanceType } from '../catalog/instances';
import { isKnown } from '../model/located';

export default defineRule({
  id: 'instance-type-unknown',
  defaultSeverity: 'warning',
  category: 'capacity',
  scope: 'file',
  reads: ['instanceTypeRefs'],
  summary: 'An instance type is not one EC2 offers (most often a typo), so its pod capacity cannot be worked out.',
  rationale: [
    'EC2 rejects a node group, launch template or Karpenter NodePool that names an instance type it does not offer, and a node selector or affinity on such a type matches no node, so the pods stay `Pending` forever. A typo such as `m5.larg` is easy to miss in review because the value is only checked when the stack is applied or the pod is scheduled.',
    '',
    "eksnet checks every instance type it finds (eksctl `instanceType`/`instanceTypes`, CloudFormation `InstanceTypes`/`InstanceType`, Terraform `instance_types`/`instance_type`, `node.kubernetes.io/instance-type` in node selectors, affinities and Karpenter requirements) against its instance table, which comes from the VPC CNI's published limits (see docs/instance-data.md). When a close match exists the finding offers it as a quick fix. A type newer than the table is also reported; refresh the table with `npm run generate:instances` from your own account, or disable the rule for that line.",
  ].join('\n'),
  messages: {
    unknownWithSuggestion: '`{{type}}` is not an EC2 instance type; did you mean `{{suggestion}}`?',
    unknown:
      '`{{type}}` is not an EC2 instance type eksnet knows (its table may predate a new type), so its pod capacity cannot be checked.',
  },
  fixes: {
    replace: {
      title: 'Change to {{suggestion}}',
      safe: false,
      why: 'The suggestion is the closest known type, a guess that also decides capacity and cost.',
    },
  },
  references: [
    'https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html',
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/misc/eni-max-pods.txt',
  ],
  sources: ['kubernetes', 'eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const seen = new Set<string>();
    for (const ref of ctx.model.instanceTypeRefs) {
      const v = ref.value;
      if (!isKnown(v) || getInstanceType(v.value)) continue;
      // The same value can be referenced twice (a node group and its launch template); report it once.
      const key = `${v.at.file}@${v.at.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const suggestion = suggestInstanceType(v.value);
      if (!suggestion) {
        ctx.report({ at: v.at, messageId: 'unknown', data: { type: v.value } });
        continue;
      }
      ctx.report({
        at: v.at,
        messageId: 'unknownWithSuggestion',
        data: { type: v.value, suggestion },
        // The value is replaced where it is written; the author's quotes stay.
        fixes: [
          { fixId: 'replace', data: { suggestion }, changes: [{ kind: 'replace', target: v, value: suggestion }] },
        ],
      });
    }
  },
});
