// Times findOverlaps on realistic and large inputs. Run after compiling:
//   npx tsc -p tsconfig.json && node out/bench/overlap.bench.js
// Prints one "name: X ms" line per case (median of several runs) and the
// number of overlapping pairs found, so a regression in either is visible.
import { performance } from 'node:perf_hooks';
import { cidrOf, formatAddress, overlaps, type Cidr } from '../server/src/base/cidr';
import { findOverlaps } from '../server/src/model/overlap';
// A fixed-seed generator (mulberry32) so every run times the same input.
import { rng } from './workspaceCommon';

function randomBits(next: () => number, bits: number): bigint {
  let value = 0n;
  for (let done = 0; done < bits; done += 16) value = (value << 16n) | BigInt(Math.floor(next() * 65536));
  return value & ((1n << BigInt(bits)) - 1n);
}

function block(version: 4 | 6, value: bigint, prefix: number): Cidr {
  const width = version === 4 ? 32 : 128;
  const mask = (1n << BigInt(width - prefix)) - 1n;
  return cidrOf(`${formatAddress(version, value & ~mask)}/${prefix}`);
}

// 1,000 subnets in one 10.0.0.0/16 VPC, the way a large Terraform plan
// declares them: 990 distinct /26 blocks in shuffled order plus ten /24
// blocks that collide with them, as a copy-paste mistake would.
function vpcSubnets(): Cidr[] {
  const next = rng(1);
  const slots = Array.from({ length: 1024 }, (_, i) => BigInt(i) << 6n);
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [slots[i], slots[j]] = [slots[j], slots[i]];
  }
  const distinct = slots.slice(0, 990).map((offset) => block(4, 0x0a000000n + offset, 26));
  const mistakes = Array.from({ length: 10 }, () => block(4, 0x0a000000n + randomBits(next, 16), 24));
  return [...distinct, ...mistakes];
}

// Half IPv4 anywhere with /8 to /32, half IPv6 inside 2600:1f00::/24 with
// /40 to /64, so both families and many nesting levels are exercised.
function randomBlocks(n: number): Cidr[] {
  const next = rng(2);
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? block(4, randomBits(next, 32), 8 + Math.floor(next() * 25))
      : block(6, (0x26001fn << 104n) | randomBits(next, 104), 40 + Math.floor(next() * 25)),
  );
}

function pairwise(blocks: Cidr[]): number {
  let count = 0;
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) if (overlaps(blocks[i], blocks[j])) count++;
  }
  return count;
}

function median(name: string, runs: number, work: () => number): number {
  work(); // Warm-up so the JIT has compiled the hot paths before timing.
  const times: number[] = [];
  let result = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = work();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: ${times[Math.floor(times.length / 2)].toFixed(2)} ms`);
  return result;
}

const subnets = vpcSubnets().map((cidr, item) => ({ cidr, item }));
const large = randomBlocks(100_000).map((cidr, item) => ({ cidr, item }));

const subnetPairs = median('overlap 1000 subnets', 21, () => findOverlaps(subnets).length);
const pairwisePairs = median('pairwise 1000 subnets', 21, () => pairwise(subnets.map((s) => s.cidr)));
if (subnetPairs !== pairwisePairs) throw new Error(`sweep found ${subnetPairs} pairs, pairwise ${pairwisePairs}`);
const largePairs = median('overlap 100000 random blocks', 5, () => findOverlaps(large).length);
console.log(`overlap pairs: ${subnetPairs} among 1000 subnets, ${largePairs} among 100000 random blocks`);
