/**
 * How a receiver's jitter buffer chooses its playout delay (seconds from a packet's sending to its
 * playout). Chosen once per buffer; see docs/experience.md.
 */

/**
 * A fixed buffer: the first packet is played `delay` after it arrives and every later one at the
 * same offset from its sending time, so a packet is late when its transit exceeds the first
 * packet's transit plus `delay`.
 */
export interface FixedPlayout {
  kind: 'fixed';
  delay: number;
}

/**
 * An adaptive buffer after WebRTC NetEq's delay manager (the jitter buffer of WebRTC clients, Teams
 * on the web among them): every `resampleInterval` (receiver time) the largest delay of the
 * interval above the fastest recent packet enters a histogram of `buckets` buckets of `bucket`
 * seconds, older entries forgotten by `forgetFactor` per entry; the target is the upper edge of the
 * bucket holding the `quantile` of that histogram, and the playout delay is the fastest recent
 * transit plus the target.
 */
export interface AdaptivePlayout {
  kind: 'adaptive';
  quantile: number;
  forgetFactor: number;
  /** Faster forgetting at the start: the k-th entry forgets by min(forgetFactor, 1 − startForgetWeight / k). */
  startForgetWeight: number;
  bucket: number;
  buckets: number;
  resampleInterval: number;
  /** "Recent" for the fastest transit: the current and the previous block of this many seconds of sending time. */
  minWindow: number;
  /** The target before the first histogram entry. */
  startDelay: number;
}

export type PlayoutPolicy = FixedPlayout | AdaptivePlayout;

/**
 * NetEq's defaults (WebRTC modules/audio_coding/neteq: DelayManager::Config quantile 0.95,
 * forget_factor 0.983, start_forget_weight 2, resample_interval_ms 500; UnderrunOptimizer 100
 * buckets of 20 ms; kStartDelayMs 80; a 2-s arrival history for the fastest packet).
 */
export const NETEQ_PLAYOUT: AdaptivePlayout = Object.freeze({
  kind: 'adaptive',
  quantile: 0.95,
  forgetFactor: 0.983,
  startForgetWeight: 2,
  bucket: 0.02,
  buckets: 100,
  resampleInterval: 0.5,
  minWindow: 2,
  startDelay: 0.08,
});

/** Checks a policy's numbers; throws a RangeError naming the first bad one. */
export function checkPlayoutPolicy(p: PlayoutPolicy): void {
  const bad = (key: string, want: string): never => {
    throw new RangeError(`playout policy ${p.kind}: ${key} must be ${want}`);
  };
  if (p.kind === 'fixed') {
    if (!(p.delay >= 0 && Number.isFinite(p.delay))) bad('delay', 'a finite number of seconds >= 0');
    return;
  }
  if (!(p.quantile > 0 && p.quantile <= 1)) bad('quantile', 'in (0, 1]');
  if (!(p.forgetFactor >= 0 && p.forgetFactor < 1)) bad('forgetFactor', 'in [0, 1)');
  if (!(p.startForgetWeight >= 0 && Number.isFinite(p.startForgetWeight))) bad('startForgetWeight', 'finite and >= 0');
  if (!(p.bucket > 0 && Number.isFinite(p.bucket))) bad('bucket', 'a finite number of seconds > 0');
  if (!(Number.isInteger(p.buckets) && p.buckets >= 1)) bad('buckets', 'an integer >= 1');
  if (!(p.resampleInterval > 0 && Number.isFinite(p.resampleInterval))) bad('resampleInterval', 'seconds > 0');
  if (!(p.minWindow > 0 && Number.isFinite(p.minWindow))) bad('minWindow', 'seconds > 0');
  if (!(p.startDelay >= 0 && Number.isFinite(p.startDelay))) bad('startDelay', 'seconds >= 0');
}
