import type { Packet } from '../net/index.js';
import type { ArrivalListener, FlowRecorder } from './flow-recorder.js';
import type { VoiceCodec } from './voice/codecs.js';
import { JitterBuffer, type JitterBufferSummary } from './voice/jitter-buffer.js';
import type { PlayoutPolicy } from './voice/playout.js';
import type { MeasurementWindow } from './window.js';

/** Arrivals a voice stream keeps before giving them to its buffer: 2.5 KB per stream, 2.56 s of 20-ms packets. */
const BATCH = 128;

/**
 * A voice flow's receiver: its jitter buffer (src/metrics/voice), which decides what the listener
 * heard, and the codec its call is rated with. Chained on the flow's recorder
 * ({@link attachVoice}), which feeds it every received packet; only flows with a codec get one, so
 * other flows pay nothing for voice. O(1) memory per flow, no allocation per packet.
 */
export class VoiceStream extends JitterBuffer implements ArrivalListener {
  /** The arrival time of the packet {@link onArrival} is given (s), set by the recorder just before. */
  arrivedAt = NaN;
  /** Arrivals not yet given to the buffer, in arrival order: sending time, arrival time, sequence number. */
  private readonly sentAt = new Float64Array(BATCH);
  private readonly arrived = new Float64Array(BATCH);
  private readonly seqs = new Int32Array(BATCH);
  private pending = 0;
  private heard: JitterBufferSummary | null = null;

  constructor(
    readonly codec: VoiceCodec,
    /** Audio per packet (s): the flow's packet interval. */
    packetization: number,
    window: MeasurementWindow,
    policy?: PlayoutPolicy,
  ) {
    super({ packetization, lookahead: codec.lookaheadMs / 1000, window, ...(policy ? { policy } : {}) });
  }

  /**
   * A received packet, arrived at {@link arrivedAt}: kept, and given to the buffer with the others
   * of its batch. Measured: fed one by one from the network's delivery, the buffer's helpers were
   * not all inlined there and their time arguments were boxed, about 40 bytes of garbage per voice
   * packet; a batch is fed from one small loop of its own, where they are (bench/RESULTS.md,
   * Experience wiring). Only references and stores cross this call.
   */
  onArrival(pkt: Packet): void {
    const i = this.pending;
    this.sentAt[i] = pkt.created;
    this.arrived[i] = this.arrivedAt;
    this.seqs[i] = pkt.seq;
    if (++this.pending === BATCH) this.flush();
  }

  /** Gives the pending arrivals to the buffer, in order. */
  flush(): void {
    const n = this.pending;
    this.pending = 0;
    for (let i = 0; i < n; i++) this.onPacket(this.sentAt[i], this.arrived[i], this.seqs[i]);
  }

  /**
   * The stream as its listener heard it, once the run is over: the packets of the window that never
   * arrived (lost, or still in flight at the end: `sent - received` of the flow's recorder, which
   * counts the same window) are given to the buffer on the first call.
   */
  stream(recorder: Pick<FlowRecorder, 'sent' | 'received'>): JitterBufferSummary {
    if (this.heard === null) {
      this.flush();
      this.addLost(recorder.sent - recorder.received);
      this.heard = this.summary();
    }
    return this.heard;
  }
}

/** Makes `recorder`'s flow a voice stream: its received packets go to a jitter buffer too. */
export function attachVoice(
  recorder: FlowRecorder,
  codec: VoiceCodec,
  packetization: number,
  window: MeasurementWindow,
  policy?: PlayoutPolicy,
): VoiceStream {
  const stream = new VoiceStream(codec, packetization, window, policy);
  recorder.voice = stream;
  return stream;
}

/** The voice stream chained on a flow's recorder, or null for a flow that is not voice. */
export function voiceOf(recorder: FlowRecorder): VoiceStream | null {
  return recorder.voice instanceof VoiceStream ? recorder.voice : null;
}
