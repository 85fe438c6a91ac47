import { freeSlots } from '../../facts/addressMap';
import type { CidrValue } from '../../model/cidrValues';
import type { NetworkModel } from '../../model/types';
import { modelIndex } from '../../model/lookup';
import type { FixSpec } from '../context';

/**
 * The "Move to a free /N" fix of subnet-overlap and subnet-outside-vpc: the subnet's block replaced
 * by the first free block of the same size in its VPC (facts/addressMap.ts `freeSlots`). The value
 * is replaced where it is written, so a block computed from an expression gets no fix (edits/ drops
 * a replacement whose old value is not written there). One finder per VPC and family, made on first
 * use, so a rule pays one pass over a VPC's subnets however many findings it has.
 */
export function moveToFree(model: NetworkModel): (vpcKey: string, c: CidrValue) => FixSpec<'moveToFree'>[] {
  const finders = new Map<string, ReturnType<typeof freeSlots> | undefined>();
  const index = modelIndex(model);
  return (vpcKey, c) => {
    const id = `${c.cidr.version}:${vpcKey}`;
    if (!finders.has(id)) {
      const vpc = index.vpc(vpcKey);
      finders.set(id, vpc && freeSlots(vpc, index.subnetsOfVpc(vpcKey), c.cidr.version));
    }
    const slot = finders.get(id)?.(c.cidr.prefix);
    if (!slot) return [];
    return [
      {
        fixId: 'moveToFree',
        data: { prefix: slot.prefix, cidr: slot.text },
        changes: [{ kind: 'replace', target: c.value, value: slot.text }],
      },
    ];
  };
}
