/**
 * Shared pieces of the generated workspaces (bench/workspace.ts): a seeded random generator, the
 * zones and instance types files pick from, and each VPC's own /20 of 10.0.0.0/8.
 */

/** mulberry32: a small seeded generator, enough to vary instance types and mistakes reproducibly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const AZS = ['us-west-2a', 'us-west-2b', 'us-west-2c'];
export const TYPES = ['m5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.large', 'm6i.large', 't3.large', 'm7g.xlarge'];

/** The k-th /20 of 10.0.0.0/8 as its second and third octets (wrapping after 4,096 VPCs). */
export function vpcBase(k: number): { b: number; c: number } {
  const n = k % 4096;
  return { b: n >> 4, c: (n & 15) << 4 };
}
