import type { RuleContext } from '../context';
import { eksVpcKeys } from '../../facts/eksVpc';
import { addTagEdits } from '../../edits/provider';

/**
 * The shared check of subnet-missing-elb-tag and subnet-missing-internal-elb-tag: a subnet of an
 * EKS VPC whose public flag is known to be `isPublic`, whose tags were all readable and lack `tag`.
 */
export function checkSubnetTag(ctx: RuleContext<'missing', 'addTag'>, isPublic: boolean, tag: string): void {
  const eks = eksVpcKeys(ctx.model, ctx.settings);
  for (const s of ctx.model.subnets) {
    if (!s.vpc || !eks.has(s.vpc) || s.public?.kind !== 'known' || s.public.value !== isPublic) continue;
    if (s.tagsIncomplete || tag in s.tags) continue;
    const edits = addTagEdits(s.fixAnchor, tag, '1', ctx.files);
    ctx.report({
      at: s.nameAt ?? s.at,
      messageId: 'missing',
      data: { subnet: s.name, tag },
      ...(edits ? { fixes: [{ fixId: 'addTag', data: { tag }, edits }] } : {}),
    });
  }
}
