export {
  G107_DEFAULTS,
  baseRating,
  g107DelayImpairment,
  coleRosenbluthId,
  delayImpairment,
  effectiveEquipmentImpairment,
  mosFromR,
  rate,
  type BaseRating,
  type DelayImpairment,
  type DelayModel,
  type Rating,
  type RatingInput,
} from './emodel.js';
export { voiceCodec, codecNames, isCodecName, type VoiceCodec, type CodecName } from './codecs.js';
export {
  NETEQ_PLAYOUT,
  checkPlayoutPolicy,
  type PlayoutPolicy,
  type FixedPlayout,
  type AdaptivePlayout,
} from './playout.js';
export { JitterBuffer, type JitterBufferOptions, type JitterBufferSummary } from './jitter-buffer.js';
export {
  CQD_AUDIO_POOR,
  classifyAudioStream,
  type AudioStreamMetrics,
  type PoorReason,
  type StreamClass,
} from './cqd.js';
export { callQuality, type CallQuality, type CallOptions } from './call-quality.js';
export {
  judgeFlowSla,
  experience,
  quantileSorted,
  type FlowOutcome,
  type Experience,
  type MosDistribution,
} from './experience.js';
