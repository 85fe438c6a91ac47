import type { RuleContext } from '../context';
import { eksVpcKeys } from '../../facts/eksVpc';
import { subnetRole } from '../../facts/reachability';
import type { Subnet } from '../../model/types';

/**
 * The shared check of subnet-missing-elb-tag and subnet-missing-internal-elb-tag: a subnet of an
 * EKS VPC whose role (facts/reachability.ts) is known to be public or private as `isPublic` says, whose
 * tags were all readable and lack `tag`. A subnet whose role is unresolved is never reported.
 * When other subnets of the same role in the VPC carry the tag, the team has chosen where load
 * balancers go (terraform-aws-modules' eks examples leave the control plane's `intra` subnets
 * untagged on purpose): an untagged subnet is reported only when its zone is known and no tagged
 * sibling is known to sit in that zone, so load balancers could not reach it.
 */
export function checkSubnetTag(ctx: RuleContext<'missing', 'addTag'>, isPublic: boolean, tag: string): void {
  const eks = eksVpcKeys(ctx.model, ctx.settings);
  const want = isPublic ? 'public' : 'private';
  const candidates = ctx.model.subnets.filter((s) => {
    if (!s.vpc || !eks.has(s.vpc)) return false;
    const role = subnetRole(s);
    return role.kind === 'known' && role.value === want;
  });
  const tagged = new Map<string, Subnet[]>();
  for (const s of candidates)
    if (!s.tagsIncomplete && tag in s.tags) tagged.set(s.vpc!, [...(tagged.get(s.vpc!) ?? []), s]);
  for (const s of candidates) {
    if (s.tagsIncomplete || tag in s.tags) continue;
    if (coveredBySibling(s, tagged.get(s.vpc!))) continue;
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

/** True when a tagged sibling may serve the subnet's zone (same zone, or a zone that is not known). */
function coveredBySibling(s: Subnet, tagged: Subnet[] | undefined): boolean {
  if (!tagged?.length) return false;
  const zone = s.availabilityZone?.kind === 'known' ? s.availabilityZone.value : undefined;
  if (zone === undefined) return true;
  return tagged.some((t) => t.availabilityZone?.kind !== 'known' || t.availabilityZone.value === zone);
}
