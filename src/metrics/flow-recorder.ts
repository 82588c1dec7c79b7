import { DROP_REASONS, type DropReason } from '../net/drop.js';
import { inside } from '../net/counters.js';
import type { FlowObserver } from '../net/flow.js';
import type { Packet } from '../net/packet.js';
import { LogHistogram } from './histogram.js';
import type { MeasurementWindow } from './window.js';

/**
 * Sees every received packet of a flow: a voice flow's jitter buffer. The arrival time comes in a
 * field set just before the call, not as an argument: V8 boxes a double argument of a call it does
 * not inline, and this call is not inlined in a large run (bench/RESULTS.md, Experience wiring).
 */
export interface ArrivalListener {
  arrivedAt: number;
  onArrival(pkt: Packet): void;
}

/**
 * Streaming statistics of one flow's measured packets (sent inside the window): counts, drops by
 * reason, one-way latency (exact mean, histogram percentiles) and jitter. Nothing grows with the
 * packet count.
 */
export class FlowRecorder implements FlowObserver {
  sent = 0;
  received = 0;
  lost = 0;
  // The sums start as a double (0.5, set to 0 in the constructor), so their fields are doubles from
  // the start: started as 0, they changed representation at the first packet measured, and optimized
  // code holding recorders of the old map deoptimized ("wrong map", `node --trace-deopt`).
  bytesReceived = 0.5;
  readonly drops = new Float64Array(DROP_REASONS.length);
  latencySum = 0.5;
  /** Of `latencySum`: seconds of propagation, serialization and processing (the rest is queueing). */
  propagationSum = 0.5;
  serializationSum = 0.5;
  processingSum = 0.5;
  readonly latency = new LogHistogram();
  /** IPDV: sum and count of |D(i) - D(i-1)| over consecutive received packets. */
  ipdvSum = 0.5;
  ipdvCount = 0;
  /** RFC 3550 interarrival jitter estimator J (seconds). */
  rfc3550 = 0.5;
  private lastTransit = NaN;
  /**
   * A voice flow's jitter buffer (voice-recorder.ts), fed every received packet, warm-up included;
   * null for every other flow, which pays one null check. Chained here rather than by a subclass:
   * a second observer class makes the network's call site polymorphic, and then V8 inlined less and
   * boxed `now` for every flow's packets (measured: bench/RESULTS.md, Experience wiring).
   */
  voice: ArrivalListener | null = null;

  constructor(private readonly window: MeasurementWindow) {
    this.bytesReceived = this.latencySum = this.propagationSum = this.serializationSum = this.processingSum = 0;
    this.ipdvSum = this.rfc3550 = 0;
  }

  onSent(pkt: Packet): void {
    // Without a branch around the store: one run before the window would leave it without type
    // feedback, and every sender that inlined this deoptimized when the window opened.
    const created = pkt.created;
    const w = this.window;
    this.sent += (created >= w.start ? 1 : 0) & (created < w.end ? 1 : 0);
  }

  onReceived(pkt: Packet, now: number): void {
    const voice = this.voice;
    if (voice !== null) {
      voice.arrivedAt = now;
      voice.onArrival(pkt);
    }
    // Both comparisons made whatever the outcome (counters.ts' `inside`): with `||`, the window's end was
    // first compared when the window opened, and V8 threw the hot delivery chain back to slower code then.
    const window = this.window;
    if (inside(pkt.created, window.start, window.end) === 0) return;
    this.received++;
    this.bytesReceived += pkt.size;
    const transit = now - pkt.created;
    this.latencySum += transit;
    this.propagationSum += pkt.propagation;
    this.serializationSum += pkt.serialization;
    this.processingSum += pkt.processing;
    this.latency.record(transit);
    const last = this.lastTransit;
    if (last === last) {
      const d = Math.abs(transit - last);
      this.ipdvSum += d;
      this.ipdvCount++;
      this.rfc3550 += (d - this.rfc3550) / 16;
    }
    this.lastTransit = transit;
  }

  onLost(pkt: Packet, reason: DropReason): void {
    const window = this.window;
    if (inside(pkt.created, window.start, window.end) === 0) return;
    this.lost++;
    this.drops[reason]++;
  }

  get inFlight(): number {
    return this.sent - this.received - this.lost;
  }
}
