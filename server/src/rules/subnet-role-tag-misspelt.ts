import { defineRule } from './defineRule';
import type { FileSpan } from '../base/span';
import type { ValueChange } from '../model/change';
import { misspeltRoleKeys } from '../facts/roleTagSpelling';

export default defineRule({
  id: 'subnet-role-tag-misspelt',
  defaultSeverity: 'warning',
  category: 'vpc',
  scope: 'file',
  reads: ['subnets'],
  summary:
    'A subnet tag key is meant as a load-balancer role tag but misspelt (`kubernetes.io/role/private-elb`, `role/elb`, `Kubernetes.io/Role/ELB`), so the controller does not see it.',
  rationale: [
    "The AWS Load Balancer Controller and the legacy in-tree service controller find the subnets of load balancers by two exact tag keys: `kubernetes.io/role/elb` for internet-facing and `kubernetes.io/role/internal-elb` for internal ones. Tag keys are case-sensitive, and the controller asks EC2 for these keys only, so a key that is almost right tags nothing: `kubernetes.io/role/private-elb`, `kubernetes.io/role/internal_elb`, `kubernetes.io/role/alb`, `kubernetes.io/role/external-elb`, `role/elb` without the `kubernetes.io/` prefix, `Kubernetes.io/Role/ELB`. The subnet then behaves as untagged: the load balancer finds no subnet, or leaves that subnet's zone out (see `subnet-missing-elb-tag` and `subnet-missing-internal-elb-tag`, which leave such a subnet to this rule so that one mistake gives one finding).",
    '',
    'The rule reports the key where it is written (a `tags` map, a vpc module `*_subnet_tags` input, a `locals` map it comes from, a CloudFormation `Key:`), once per place even when several subnets take their tags from it, with the key it was meant to be: `internal-elb` when the key says internal or private, `elb` otherwise. A key whose subnet also carries the real key is left alone. The fix renames the key in place, in the quoting it is written in.',
  ].join('\n'),
  messages: {
    misspelt:
      'Tag key `{{key}}` is not a role tag the load balancer controllers read; did you mean `{{intended}}`? {{subnets}} {{verb}} not tagged for {{balancers}} load balancers.',
  },
  fixes: {
    rename: {
      title: 'Rename the key to {{intended}}',
      safe: false,
      why: 'The renamed key makes the subnet a candidate for every load balancer of its kind, which can move load balancers away from the subnets the team meant for them; and another tool may read the key as written.',
    },
  },
  references: [
    'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/subnet_discovery/',
    'https://docs.aws.amazon.com/eks/latest/userguide/network-load-balancing.html',
    'https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html',
  ],
  sources: ['cloudformation', 'terraform'],
  check(ctx) {
    // One finding per written key: subnets that take their tags from one map share the key's place.
    const byPlace = new Map<
      string,
      { at: FileSpan; key: string; intended: string; scheme: string; subnets: string[]; change?: ValueChange }
    >();
    for (const s of ctx.model.subnets)
      for (const m of misspeltRoleKeys(s)) {
        const at = m.written?.at ?? s.nameAt ?? s.at;
        const place = `${at.file}:${at.span.start}:${at.span.end}:${m.key}`;
        const found = byPlace.get(place);
        if (found) found.subnets.push(s.name);
        else
          byPlace.set(place, {
            at,
            key: m.key,
            intended: m.intended,
            scheme: m.scheme,
            subnets: [s.name],
            ...(m.written?.edit ? { change: { kind: 'renameKey', target: m.written.edit, newKey: m.intended } } : {}),
          });
      }
    for (const p of byPlace.values())
      ctx.report({
        at: p.at,
        messageId: 'misspelt',
        data: {
          key: p.key,
          intended: p.intended,
          subnets: `Subnet${p.subnets.length > 1 ? 's' : ''} ${p.subnets.join(', ')}`,
          verb: p.subnets.length > 1 ? 'are' : 'is',
          balancers: p.scheme === 'internal' ? 'internal' : 'internet-facing',
        },
        ...(p.change ? { fixes: [{ fixId: 'rename', data: { intended: p.intended }, changes: [p.change] }] } : {}),
      });
  },
});
