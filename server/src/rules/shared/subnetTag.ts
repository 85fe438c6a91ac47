import type { RuleContext } from '../context';
import { eksVpcKeys } from '../../facts/eksVpc';

/**
 * The shared check of subnet-missing-elb-tag and subnet-missing-internal-elb-tag: a subnet of an
 * EKS VPC whose public flag is known to be `isPublic`, whose tags were all readable and lack `tag`.
 */
export function checkSubnetTag(ctx: RuleContext<'missing', 'addTag'>, isPublic: boolean, tag: string): void {
  const eks = eksVpcKeys(ctx.model, ctx.settings);
  for (const s of ctx.model.subnets) {
    if (!s.vpc || !eks.has(s.vpc) || s.public?.kind !== 'known' || s.public.value !== isPublic) continue;
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
