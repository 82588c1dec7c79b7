import type { FlowRecorder } from './flow-recorder.js';
import { isRefusedFlow } from './refusal.js';
import type { SlaStats, SlaTargets, SlaVerdict } from './sla.js';
import { round } from './stats.js';
import { callQuality, type CallQuality } from './voice/call-quality.js';
import type { PoorReason } from './voice/cqd.js';
import { experience, judgeFlowSla, type Experience, type FlowOutcome } from './voice/experience.js';
import type { JitterBufferSummary } from './voice/jitter-buffer.js';
import { voiceOf } from './voice-recorder.js';

/**
 * A voice flow's call as its listener heard it, in the flow's result (`flows.<id>.call`): the
 * E-model rating, Teams' CQD verdict with the metrics that made it poor, and what they came from.
 * Delays in ms, ratios of the packets the listener expected (docs/experience.md).
 */
export interface CallResult {
  codec: string;
  mos: number;
  R: number;
  poor: boolean;
  reasons: PoorReason[];
  mouthToEarMs: number | null;
  networkDelayMs: number | null;
  bufferDelayMs: number | null;
  /** Both directions' mean network delays added (null for a one-way stream): CQD's round trip. */
  roundTripMs: number | null;
  /** Packets that never arrived; late ones (discarded by the buffer); the two together (the E-model's Ppl). */
  lossRatio: number | null;
  lateRatio: number | null;
  effectiveLossRatio: number | null;
  burstR: number;
  /** The RFC 3550 interarrival jitter averaged over the stream (CQD's jitter). */
  jitterMs: number | null;
}

/** One flow judged on its own packets. */
export interface FlowJudgement {
  outcome: FlowOutcome;
  /**
   * Whether it is evidence for its class's and app's experience: it sent packets in the measured
   * window, or it was refused. A flow that did neither says nothing either way.
   */
  counted: boolean;
  call: CallResult | null;
}

const ms = (seconds: number): number => seconds * 1000;

/** A call's round trip (ms): its two directions' mean one-way network delays added; null if either has none. */
export function callRoundTripMs(a: FlowRecorder, b: FlowRecorder | null): number | null {
  if (b === null || a.received === 0 || b.received === 0) return null;
  return ms(a.latencySum / a.received + b.latencySum / b.received);
}

const r = (x: number | null): number | null => (x === null ? null : round(x));

function callResult(codec: string, s: JitterBufferSummary, q: CallQuality, roundTripMs: number | null): CallResult {
  return {
    codec,
    mos: round(q.mos),
    R: round(q.R),
    poor: q.poor,
    reasons: q.reasons,
    mouthToEarMs: r(s.mouthToEarMs),
    networkDelayMs: r(s.meanNetworkDelayMs),
    bufferDelayMs: r(s.meanBufferDelayMs),
    roundTripMs: r(roundTripMs),
    lossRatio: r(s.networkLossRatio),
    lateRatio: s.expected > 0 ? round(s.late / s.expected) : null,
    effectiveLossRatio: r(s.effectiveLossRatio),
    burstR: round(s.burstR),
    jitterMs: r(s.meanJitterMs),
  };
}

/**
 * Judges one flow on its own packets: refused or not ({@link isRefusedFlow}), its verdict against
 * `targets` (its class's, or its app's), and for a voice flow that connected its call. `reverse` is
 * the other direction of the same declared flow, if any: it completes a call's round trip, and a
 * flow that sent nothing is refused with it. Call once the run is over.
 */
export function judgeFlow(
  recorder: FlowRecorder,
  stats: SlaStats,
  targets: SlaTargets,
  reverse: FlowRecorder | null,
): FlowJudgement {
  const refused = isRefusedFlow(recorder, reverse);
  const sla: SlaVerdict | null = judgeFlowSla(stats, targets, refused);
  const voice = voiceOf(recorder);
  let call: CallResult | null = null;
  if (voice !== null && !refused) {
    const stream = voice.stream(recorder);
    const roundTripMs = callRoundTripMs(recorder, reverse);
    const q = callQuality(stream, voice.codec, { roundTripMs });
    if (q !== null) call = callResult(voice.codec.name, stream, q, roundTripMs);
  }
  return {
    outcome: { refused, sla, voice: voice !== null, call: call && { mos: call.mos, poor: call.poor } },
    counted: refused || stats.sent > 0,
    call,
  };
}

/** Flow outcomes gathered per group (a class, an app component), then each group's experience. */
export class ExperienceTally {
  private readonly groups = new Map<string, FlowOutcome[]>();

  /** Opens a group (its experience is reported, with `flows: 0` if nothing is added to it). */
  open(group: string): void {
    if (!this.groups.has(group)) this.groups.set(group, []);
  }

  /** Adds a judged flow to its group if it is evidence. */
  add(group: string, judged: FlowJudgement): void {
    this.open(group);
    if (judged.counted) this.groups.get(group)!.push(judged.outcome);
  }

  has(group: string): boolean {
    return this.groups.has(group);
  }

  experience(group: string): Experience {
    return experience(this.groups.get(group) ?? []);
  }
}
