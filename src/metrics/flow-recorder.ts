import { DROP_REASONS, type DropReason } from '../net/drop.js';
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
  bytesReceived = 0;
  readonly drops = new Float64Array(DROP_REASONS.length);
  latencySum = 0;
  readonly latency = new LogHistogram();
  /** IPDV: sum and count of |D(i) - D(i-1)| over consecutive received packets. */
  ipdvSum = 0;
  ipdvCount = 0;
  /** RFC 3550 interarrival jitter estimator J (seconds). */
  rfc3550 = 0;
  private lastTransit = NaN;
  /**
   * A voice flow's jitter buffer (voice-recorder.ts), fed every received packet, warm-up included;
   * null for every other flow, which pays one null check. Chained here rather than by a subclass:
   * a second observer class makes the network's call site polymorphic, and then V8 inlined less and
   * boxed `now` for every flow's packets (measured: bench/RESULTS.md, Experience wiring).
   */
  voice: ArrivalListener | null = null;

  constructor(private readonly window: MeasurementWindow) {}

  onSent(pkt: Packet): void {
    if (pkt.created >= this.window.start && pkt.created < this.window.end) this.sent++;
  }

  onReceived(pkt: Packet, now: number): void {
    const voice = this.voice;
    if (voice !== null) {
      voice.arrivedAt = now;
      voice.onArrival(pkt);
    }
    if (pkt.created < this.window.start || pkt.created >= this.window.end) return;
    this.received++;
    this.bytesReceived += pkt.size;
    const transit = now - pkt.created;
    this.latencySum += transit;
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
    if (pkt.created < this.window.start || pkt.created >= this.window.end) return;
    this.lost++;
    this.drops[reason]++;
  }

  get inFlight(): number {
    return this.sent - this.received - this.lost;
  }
}
