/**
 * Microsoft Teams Call Quality Dashboard's audio stream classifier (Teams/cqd-stream-classification
 * in MicrosoftDocs/OfficeDocs-SkypeForBusiness): a stream is poor if any metric is above its
 * threshold. A metric that is unknown (null) does not make a stream poor.
 */
export const CQD_AUDIO_POOR = Object.freeze({
  /** Audio Degradation Avg: network MOS degradation. */
  degradation: 1.0,
  /** Round Trip (ms). */
  roundTripMs: 500,
  /** Packet Loss Rate (ratio). */
  packetLoss: 0.1,
  /** Jitter (ms). */
  jitterMs: 30,
  /** Ratio Concealed Samples Avg. */
  concealedRatio: 0.07,
});

export type PoorReason = keyof typeof CQD_AUDIO_POOR;

/** One audio stream's metrics as CQD reads them. */
export interface AudioStreamMetrics {
  degradation: number | null;
  roundTripMs: number | null;
  packetLoss: number | null;
  jitterMs: number | null;
  concealedRatio: number | null;
}

export interface StreamClass {
  poor: boolean;
  /** The metrics above their thresholds, in the order of {@link CQD_AUDIO_POOR}. */
  reasons: PoorReason[];
}

const KEYS = Object.keys(CQD_AUDIO_POOR) as PoorReason[];

/** CQD's rule: poor when any metric is strictly above its threshold. */
export function classifyAudioStream(m: AudioStreamMetrics): StreamClass {
  const reasons = KEYS.filter((k) => {
    const v = m[k];
    return v !== null && v > CQD_AUDIO_POOR[k];
  });
  return { poor: reasons.length > 0, reasons };
}
