import type { Rng } from '../engine/random.js';
import { bufferBytes, type AccessProfile } from './broadband.js';
import type { QueueSpec } from '../net/index.js';
import { Gbps, ms } from './units.js';

/**
 * A population of home users shares one segment per location at the busy hour: the access
 * network's aggregation (a DOCSIS node, a DSLAM or OLT uplink, a cell sector) up to the ISP's
 * router. Its neighbours' traffic is background load on that segment, one generator per
 * direction for the whole population (per-user background would cost about 9 M packets/s at
 * 10,000 users).
 *
 * ASSUMPTIONS (no single public figure; set per scenario):
 * - `contention` 20: the segment carries the sum of its users' line rates divided by 20.
 *   Residential contention ratios of 20:1 to 50:1 are the commonly quoted planning figures; 20:1
 *   is the generous end.
 * - `segmentMax` 10 Gbps per direction: one aggregation uplink port. It also bounds the cost of
 *   the segment's background traffic (at load 0.5, about 625,000 packets/s).
 * - `segmentBuffer` 100 ms at the segment rate: like the access downstream buffer (broadband.ts).
 * - `startSpread` 1 s: each user's apps start at a seeded uniform offset within the first second
 *   after their start, so that thousands of constant-rate calls do not send in lockstep.
 */
export const POPULATION = Object.freeze({
  contention: 20,
  segmentMax: 10 * Gbps,
  segmentBuffer: 100 * ms,
  startSpread: 1,
  /** Class of the neighbours' traffic on the segment (best effort). */
  backgroundClass: 'bulk',
});

/** The shared segment of one location: rates per direction (up = towards the ISP), bits/s. */
export interface SegmentRates {
  up: number;
  down: number;
}

/** Segment rates for `users` lines of a profile: line rates / contention, at least one line, at most `segmentMax`. */
export function segmentRates(
  profile: AccessProfile,
  users: number,
  contention: number = POPULATION.contention,
): SegmentRates {
  if (!(contention >= 1)) throw new RangeError(`contention must be >= 1, got ${contention}`);
  const rate = (line: number) => Math.min(POPULATION.segmentMax, Math.max(line, (users * line) / contention));
  return { up: rate(profile.up), down: rate(profile.down) };
}

/** The segment's queue in one direction: drop-tail (or CoDel with `aqm`) over `segmentBuffer` at its rate. */
export function segmentQueue(rate: number, aqm: boolean): QueueSpec {
  return { discipline: aqm ? 'codel' : 'fifo', limit: { bytes: bufferBytes(rate, POPULATION.segmentBuffer) } };
}

/**
 * Splits `total` users over locations in proportion to `shares` (largest remainder, ties to the
 * earlier location), so the counts add up exactly.
 */
export function splitByShares(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((s, x) => s + x, 0);
  if (!(sum > 0)) throw new RangeError('shares must add up to more than 0');
  const exact = shares.map((s) => (total * s) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length].i]++;
  return counts;
}

/**
 * Which of `n` users (indices 0..n-1, ascending) run an app used by `count` of them: a seeded
 * partial Fisher–Yates shuffle, so the choice is exact in number and fixed by the seed.
 */
export function pickUsers(n: number, count: number, rng: Rng): number[] {
  if (!(Number.isInteger(count) && count >= 0 && count <= n))
    throw new RangeError(`cannot pick ${count} of ${n} users`);
  if (count === n) return Array.from({ length: n }, (_, i) => i);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, count).sort((a, b) => a - b);
}
