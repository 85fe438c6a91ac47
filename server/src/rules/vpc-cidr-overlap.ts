import { defineRule } from './defineRule';
import { knownVpcBlocks, compareAt, blockLabel } from '../model/cidrValues';
import { overlapGroups } from '../model/overlap';
import { groupRelated } from './shared/groups';

export default defineRule({
  id: 'vpc-cidr-overlap',
  defaultSeverity: 'error',
  category: 'vpc',
  scope: 'file',
  reads: ['vpcs'],
  summary: 'Two blocks of the same VPC overlap.',
  rationale: [
    'The blocks of one VPC must be disjoint: `AssociateVpcCidrBlock` refuses a block that overlaps the primary or another secondary block, so the stack or plan fails at that step and every subnet planned in the block is never created.',
    '',
    'Blocks that merely touch (10.0.0.0/16 and 10.1.0.0/16) are fine. Pick a block that shares no address with the others. Three or more blocks that overlap, directly or through one another, are one finding on the block declared last, listing the others.',
  ].join('\n'),
  messages: {
    overlap: 'VPC block {{cidr}} overlaps {{other}}, another block of the same VPC; AWS refuses to associate it.',
    group:
      'VPC block {{cidr}} is one of {{count}} blocks of the same VPC that overlap; AWS refuses to associate each one that overlaps a block associated before it.',
  },
  references: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html#add-cidr-block-restrictions'],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const vpc of ctx.model.vpcs) {
      const blocks = knownVpcBlocks(vpc);
      for (const group of overlapGroups(blocks.map((x) => ({ cidr: x.cidr, item: x })))) {
        // The block declared last is the one whose association fails for certain.
        const members = [...group].sort((a, b) => compareAt(a.value.at, b.value.at));
        const last = members.pop()!;
        const related = (m: (typeof members)[number]) => ({ at: m.value.at, message: `${blockLabel(vpc, m)}.` });
        if (members.length === 1) {
          ctx.report({
            at: last.value.at,
            messageId: 'overlap',
            data: { cidr: last.cidr.text, other: blockLabel(vpc, members[0]) },
            related: [related(members[0])],
          });
          continue;
        }
        ctx.report({
          at: last.value.at,
          messageId: 'group',
          data: { cidr: last.cidr.text, count: group.length },
          related: groupRelated(members, related, last.value.at, 'overlapping blocks'),
        });
      }
    }
  },
});
