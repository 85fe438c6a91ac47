import type { RuleContext } from '../context';
import { eksVpcKeys } from '../../facts/eksVpc';
import { subnetRole } from '../../facts/reachability';

/**
 * The shared check of subnet-missing-elb-tag and subnet-missing-internal-elb-tag: a subnet of an
 * EKS VPC whose role (facts/reachability.ts) is known to be public or private as `isPublic` says, whose
 * tags were all readable and lack `tag`. A subnet whose role is unresolved is never reported.
 */
export function checkSubnetTag(ctx: RuleContext<'missing', 'addTag'>, isPublic: boolean, tag: string): void {
  const eks = eksVpcKeys(ctx.model, ctx.settings);
  for (const s of ctx.model.subnets) {
    if (!s.vpc || !eks.has(s.vpc)) continue;
    const role = subnetRole(s);
    if (role.kind !== 'known' || role.value !== (isPublic ? 'public' : 'private')) continue;
    if (s.tagsIncomplete || tag in s.tags) continue;
    ctx.report({
      at: s.nameAt ?? s.at,
      messageId: 'missing',
      data: { subnet: s.name, tag },
      ...(s.editAt
        ? {
            fixes: [
              {
                fixId: 'addTag',
                data: { tag },
                changes: [{ kind: 'addEntry', container: { tagsOf: s.editAt }, key: tag, value: '1' }],
              },
            ],
          }
        : {}),
    });
  }
}
