import type { FileSpan } from '../../base/span';
import type { Report } from '../context';

/** Related locations one grouped finding lists before it says how many more there are. */
export const MAX_RELATED = 20;

/**
 * The related locations of a grouped finding (overlapping subnets, blocks, targets of a service
 * CIDR): the first MAX_RELATED members, then one entry at the finding itself saying how many more
 * are not listed, so a group of thousands stays a finding of a readable size.
 */
export function groupRelated<T>(
  members: readonly T[],
  related: (m: T) => { at: FileSpan; message: string },
  at: FileSpan,
  noun: string,
): NonNullable<Report['related']> {
  const out = members.slice(0, MAX_RELATED).map(related);
  const more = members.length - out.length;
  if (more > 0) out.push({ at, message: `…and ${more} more ${noun} not listed.` });
  return out;
}
