import type { Span } from '../base/span';
import type { SourceFile } from '../model/sourceFile';
import type { NetworkModel, Subnet } from '../model/types';
import type { Value } from '../model/located';
import { freeSpaceFor } from '../facts/addressMap';
import { awsUsable, size } from '../base/cidr';

/** The shape of completion.ts's items and result, restated so the two files import one way only. */
interface CompletionItem {
  label: string;
  detail?: string;
  documentation?: string;
}
interface CompletionResult {
  items: CompletionItem[];
  span: Span;
}

/** At most this many free blocks are offered; the first ones in address order are the ones to take. */
const MAX_ITEMS = 100;
const LITERAL = /^[0-9A-Fa-f:./]*$/;

/**
 * Completion of free blocks where a subnet's CIDR is being typed: the value of a subnet's `cidr` or
 * `ipv6Cidr` in the model (any syntax: eksctl, CloudFormation, Terraform) whose written text is a
 * literal CIDR, or the beginning of one, and covers the offset. The items are the free blocks of the
 * subnet's VPC (facts/addressMap.ts `freeSpaceFor`), other subnets counted, this one not.
 */
export function cidrCompletion(file: SourceFile, offset: number, model: NetworkModel): CompletionResult | undefined {
  for (const s of model.subnets) {
    for (const [v, family] of [
      [s.cidr, 4],
      [s.ipv6Cidr, 6],
    ] as const) {
      const span = literalSpan(file, v, offset);
      if (span) return { items: items(model, s, family), span };
    }
  }
  return undefined;
}

/** The span of the literal being typed (quotes excluded) when `v` is written at the offset. */
function literalSpan(file: SourceFile, v: Value<string> | undefined, offset: number): Span | undefined {
  if (!v || v.at.file !== file.id || offset < v.at.span.start || offset > v.at.span.end) return undefined;
  let { start, end } = v.at.span;
  const quote = file.text[start];
  if ((quote === '"' || quote === "'") && end - start >= 2 && file.text[end - 1] === quote) {
    start++;
    end--;
  }
  if (offset < start || offset > end) return undefined;
  return LITERAL.test(file.text.slice(start, end)) ? { start, end } : undefined;
}

function items(model: NetworkModel, s: Subnet, family: 4 | 6): CompletionItem[] {
  return freeSpaceFor(model, s, family)
    .slice(0, MAX_ITEMS)
    .map((f, i) => ({
      label: f.text,
      detail: `free in the VPC: ${size(f)} addresses, ${awsUsable(f)} usable`,
      documentation: `A block of ${s.vpc ? 'its VPC' : 'the VPC'} that no other subnet uses${i === 0 ? ' (the first one)' : ''}. A smaller subnet can take the start of it.`,
    }));
}
