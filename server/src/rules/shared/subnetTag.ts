import type { RuleContext } from '../context';
import { ROLE_TAG, type LoadBalancerScheme } from '../../facts/loadBalancer';
import { roleTagGaps } from '../../facts/loadBalancerSubnets';

/**
 * The shared check of subnet-missing-elb-tag and subnet-missing-internal-elb-tag, on the gaps
 * facts/loadBalancerSubnets.ts finds: every untagged subnet meant for the scheme's load balancers when
 * no subnet of its VPC has the role tag (`missing`), else the untagged ones in zones that no tagged
 * subnet covers (`zone`, the partial-tagging trap), and a role tag whose value the controller does
 * not match (`value`, at the value). Related information names the tagged subnets.
 */
export function checkSubnetTag(
  ctx: RuleContext<'missing' | 'zone' | 'value', 'addTag' | 'setValue'>,
  scheme: LoadBalancerScheme,
): void {
  const tag = ROLE_TAG[scheme];
  for (const gap of roleTagGaps(ctx.model, ctx.settings, scheme)) {
    const s = gap.subnet;
    if (gap.kind === 'value' && gap.value) {
      // The value is rewritten where it is written, only for a source eksnet edits (not a plan).
      const value = gap.value;
      ctx.report({
        at: value.at,
        messageId: 'value',
        data: { subnet: s.name, tag, value: value.value },
        ...(s.editAt
          ? {
              fixes: [
                {
                  fixId: 'setValue',
                  data: { tag },
                  changes: [{ kind: 'replace', target: { at: value.at, value: value.value }, value: '1' }],
                },
              ],
            }
          : {}),
      });
      continue;
    }
    ctx.report({
      at: s.nameAt ?? s.at,
      messageId: gap.kind === 'none' ? 'missing' : 'zone',
      data: { subnet: s.name, tag, zone: gap.zone?.value ?? '' },
      related: gap.tagged.slice(0, 3).map((t) => ({
        at: t.tags[tag]?.at ?? t.nameAt ?? t.at,
        message: `${t.name} carries \`${tag}\`${t.availabilityZone?.kind === 'known' ? ` in ${t.availabilityZone.value}` : ''}`,
      })),
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
