import type { Packet } from '../net/index.js';
import { FlowRecorder } from './flow-recorder.js';
import type { VoiceCodec } from './voice/codecs.js';
import { JitterBuffer, type JitterBufferSummary } from './voice/jitter-buffer.js';
import type { PlayoutPolicy } from './voice/playout.js';
import type { MeasurementWindow } from './window.js';

/**
 * A voice flow's recorder: its statistics as any flow's, and every received packet also fed to the
 * receiver's jitter buffer (src/metrics/voice), which decides what the listener heard. Only flows
 * with a codec get one, so other flows pay nothing for voice; the buffer is O(1) per flow and
 * allocates nothing per packet. `onPacket` must stay inlined here: V8 boxes the two time arguments
 * of a call it does not inline (bench/RESULTS.md, voice; checked at this call site there too).
 */
export class VoiceFlowRecorder extends FlowRecorder {
  private readonly buffer: JitterBuffer;
  private heard: JitterBufferSummary | null = null;

  constructor(
    window: MeasurementWindow,
    readonly codec: VoiceCodec,
    /** Audio per packet (s): the flow's packet interval. */
    packetization: number,
    policy?: PlayoutPolicy,
  ) {
    super(window);
    const lookahead = codec.lookaheadMs / 1000;
    this.buffer = new JitterBuffer({ packetization, lookahead, window, ...(policy ? { policy } : {}) });
  }

  override onReceived(pkt: Packet, now: number): void {
    super.onReceived(pkt, now);
    // Every packet trains the buffer (a warm-up too); it counts only those sent in the window.
    this.buffer.onPacket(pkt.created, now, pkt.seq);
  }

  /**
   * The stream as its listener heard it, once the run is over: the packets of the window that never
   * arrived (lost, or still in flight at the end) are given to the buffer on the first call.
   */
  stream(): JitterBufferSummary {
    if (this.heard === null) {
      this.buffer.addLost(this.sent - this.received);
      this.heard = this.buffer.summary();
    }
    return this.heard;
  }
}
