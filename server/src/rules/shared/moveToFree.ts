import { freeSlots } from '../../facts/addressMap';
import type { Cidr } from '../../base/cidr';
import type { CidrValue } from '../../model/cidrValues';
import type { NetworkModel, Subnet } from '../../model/types';
import { modelIndex } from '../../model/lookup';
import type { FixSpec } from '../context';

/**
 * The "Move to a free /N" fix of subnet-overlap and subnet-outside-vpc: the subnet's block replaced
 * by the first free block of the same size in its VPC (facts/addressMap.ts `freeSlots`), written
 * as the file writes it: the literal replaced where it is written, or, for a block written
 * `cidrsubnet(prefix, newbits, netnum)` or `Fn::Select [i, Fn::Cidr [...]]`, the index that yields
 * the free block (when the free block is one the call can give). A block computed any other way
 * gets no fix (edits/ drops a replacement whose old value is not written there). One finder per VPC
 * and family, made on first use, so a rule pays one pass over a VPC's subnets however many
 * findings it has.
 */
export function moveToFree(
  model: NetworkModel,
): (vpcKey: string, subnet: Subnet, c: CidrValue) => FixSpec<'moveToFree'>[] {
  const finders = new Map<string, ReturnType<typeof freeSlots> | undefined>();
  const index = modelIndex(model);
  return (vpcKey, subnet, c) => {
    const id = `${c.cidr.version}:${vpcKey}`;
    if (!finders.has(id)) {
      const vpc = index.vpc(vpcKey);
      finders.set(id, vpc && freeSlots(vpc, index.subnetsOfVpc(vpcKey), c.cidr.version));
    }
    const slot = finders.get(id)?.(c.cidr.prefix);
    if (!slot) return [];
    const data = { prefix: slot.prefix, cidr: slot.text };
    const written = subnet.cidrIndex && subnet.cidr === c.value ? subnet.cidrIndex : undefined;
    if (!written)
      return [{ fixId: 'moveToFree', data, changes: [{ kind: 'replace', target: c.value, value: slot.text }] }];
    const netnum = netnumOf(c.cidr, written.slots, Number(written.netnum.value), slot);
    if (netnum === undefined) return [];
    return [
      {
        fixId: 'moveToFree',
        data: {
          ...data,
          cidr: `${slot.text} (${written.call === 'cidrsubnet' ? 'cidrsubnet netnum' : 'Fn::Select index'} ${netnum})`,
        },
        changes: [{ kind: 'replace', target: written.netnum, value: String(netnum) }],
      },
    ];
  };
}

/**
 * The index that makes the call give `slot` (`cidrsubnet(base, newbits, index)`, or the index-th
 * block of `Fn::Cidr`), where `current` is what the written index gives and `slots` how many blocks
 * the call can give; undefined when the slot lies outside them.
 */
function netnumOf(current: Cidr, slots: bigint, netnum: number, slot: Cidr): bigint | undefined {
  const size = current.end - current.start + 1n;
  const baseStart = current.start - BigInt(netnum) * size;
  const baseEnd = baseStart + size * slots - 1n;
  if (slot.start < baseStart || slot.end > baseEnd) return undefined;
  return (slot.start - baseStart) / size;
}
