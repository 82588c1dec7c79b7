import { classifyAudioStream, type PoorReason } from './cqd.js';
import type { VoiceCodec } from './codecs.js';
import { mosFromR, rate, type DelayModel } from './emodel.js';
import type { JitterBufferSummary } from './jitter-buffer.js';

export interface CallOptions {
  delayModel?: DelayModel;
  /**
   * The stream's round trip (ms), e.g. the sum of both directions' mean network delays of a call;
   * null when unknown (CQD's round-trip rule is then not applied).
   */
  roundTripMs?: number | null;
  /** Take loss as random (BurstR = 1) instead of the burstiness measured on the stream. */
  randomLoss?: boolean;
}

/** One voice stream judged: its E-model rating and Teams' CQD verdict. */
export interface CallQuality {
  R: number;
  mos: number;
  /** Network MOS degradation: MOS without the stream's loss (network and late) minus its MOS. */
  degradation: number | null;
  mouthToEarMs: number | null;
  /** The loss the rating used (network + late) and its burst ratio. */
  lossRatio: number;
  burstR: number;
  poor: boolean;
  reasons: PoorReason[];
}

/**
 * Rates one stream from what its jitter buffer saw: Ppl is the effective loss (network + late),
 * Ta the mean mouth-to-ear delay. A stream of which nothing was played (every packet lost or late)
 * is outside the E-model's range; it gets R = 0 (MOS 1) and no degradation figure. Null when the
 * stream expected no packet at all (nothing to judge).
 */
export function callQuality(
  s: JitterBufferSummary,
  codec: Pick<VoiceCodec, 'ie' | 'bpl'>,
  options: CallOptions = {},
): CallQuality | null {
  if (s.expected === 0 || s.effectiveLossRatio === null) return null;
  const lossRatio = s.effectiveLossRatio;
  const burstR = options.randomLoss ? 1 : s.burstR;
  let R = 0;
  let mos = 1;
  let degradation: number | null = null;
  if (s.mouthToEarMs !== null) {
    const input = { ie: codec.ie, bpl: codec.bpl, mouthToEarMs: s.mouthToEarMs, delayModel: options.delayModel };
    const rating = rate({ ...input, lossRatio, burstR });
    R = rating.R;
    mos = rating.mos;
    degradation = mosFromR(rate({ ...input, lossRatio: 0 }).R) - mos;
  }
  const verdict = classifyAudioStream({
    degradation,
    roundTripMs: options.roundTripMs ?? null,
    packetLoss: s.networkLossRatio,
    jitterMs: s.meanJitterMs,
    concealedRatio: s.concealedRatio,
  });
  return {
    R,
    mos,
    degradation,
    mouthToEarMs: s.mouthToEarMs,
    lossRatio,
    burstR,
    poor: verdict.poor,
    reasons: verdict.reasons,
  };
}
