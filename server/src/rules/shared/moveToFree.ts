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
 * `cidrsubnet(prefix, newbits, netnum)`, the netnum that yields the free block (when the free
 * block lies in that prefix). A block computed any other way gets no fix (edits/ drops a
 * replacement whose old value is not written there). One finder per VPC and family, made on first
 * use, so a rule pays one pass over a VPC's subnets however many findings it has.
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
    const netnum = netnumOf(c.cidr, written.newbits, Number(written.netnum.value), slot);
    if (netnum === undefined) return [];
    return [
      {
        fixId: 'moveToFree',
        data: { ...data, cidr: `${slot.text} (cidrsubnet netnum ${netnum})` },
        changes: [{ kind: 'replace', target: written.netnum, value: String(netnum) }],
      },
    ];
  };
}

/**
 * The netnum that makes `cidrsubnet(base, newbits, netnum)` give `slot`, where `current` is what
 * the written netnum gives; undefined when the slot lies outside the call's base prefix.
 */
function netnumOf(current: Cidr, newbits: number, netnum: number, slot: Cidr): bigint | undefined {
  const size = current.end - current.start + 1n;
  const baseStart = current.start - BigInt(netnum) * size;
  const baseEnd = baseStart + (size << BigInt(newbits)) - 1n;
  if (slot.start < baseStart || slot.end > baseEnd) return undefined;
  return (slot.start - baseStart) / size;
}
