export { LogHistogram } from './histogram.js';
export { FlowRecorder, type ArrivalListener } from './flow-recorder.js';
export { recorderOf } from './recorder-of.js';
export { VoiceStream, attachVoice, voiceOf } from './voice-recorder.js';
export { isRefusedFlow, REFUSAL_DROP_REASONS } from './refusal.js';
export { judgeFlow, callRoundTripMs, ExperienceTally, type FlowJudgement, type CallResult } from './flow-experience.js';
export { summarize, round, type Stats, type DelayMs, type Hotspot } from './stats.js';
export { linkStats, type LinkStats } from './link-stats.js';
export { judgeSla, type SlaTargets, type SlaVerdict } from './sla.js';
export {
  buildResult,
  RESULT_FORMAT,
  type RunResult,
  type FlowResult,
  type MeasuredFlow,
  type ResultInput,
} from './result.js';
export { idMap } from './id-map.js';
export { inWindow, type MeasurementWindow } from './window.js';
/** Voice quality: the E-model, codecs, the receiver's jitter buffer, Teams' CQD rule, per-flow experience. */
export * as voice from './voice/index.js';
