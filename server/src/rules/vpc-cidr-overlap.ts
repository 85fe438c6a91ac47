import { defineRule } from './defineRule';
import { knownVpcBlocks, compareAt, blockLabel } from '../model/cidrValues';
import { findOverlaps } from '../model/overlap';

export default defineRule({
  id: 'vpc-cidr-overlap',
  defaultSeverity: 'error',
  category: 'vpc',
  summary: 'Two blocks of the same VPC overlap.',
  rationale: [
    'The blocks of one VPC must be disjoint: `AssociateVpcCidrBlock` refuses a block that overlaps the primary or another secondary block, so the stack or plan fails at that step and every subnet planned in the block is never created.',
    '',
    'Blocks that merely touch (10.0.0.0/16 and 10.1.0.0/16) are fine. Pick a block that shares no address with the others.',
  ].join('\n'),
  messages: {
    overlap: 'VPC block {{cidr}} overlaps {{other}}, another block of the same VPC; AWS refuses to associate it.',
  },
  references: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html#add-cidr-block-restrictions'],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    for (const vpc of ctx.model.vpcs) {
      const blocks = knownVpcBlocks(vpc);
      for (const [a, b] of findOverlaps(blocks.map((x) => ({ cidr: x.cidr, item: x })))) {
        // The block declared later is the one whose association fails.
        const [first, second] = compareAt(a.value.at, b.value.at) <= 0 ? [a, b] : [b, a];
        ctx.report({
          at: second.value.at,
          messageId: 'overlap',
          data: { cidr: second.cidr.text, other: blockLabel(vpc, first) },
          related: [{ at: first.value.at, message: `${blockLabel(vpc, first)}.` }],
        });
      }
    }
  },
});
