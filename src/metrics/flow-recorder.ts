import { DROP_REASONS, type DropReason, type FlowObserver, type Packet } from '../net/index.js';
import { LogHistogram } from './histogram.js';
import type { MeasurementWindow } from './window.js';

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
  /** Of `latencySum`: seconds of propagation, serialization and processing (the rest is queueing). */
  propagationSum = 0;
  serializationSum = 0;
  processingSum = 0;
  readonly latency = new LogHistogram();
  /** IPDV: sum and count of |D(i) - D(i-1)| over consecutive received packets. */
  ipdvSum = 0;
  ipdvCount = 0;
  /** RFC 3550 interarrival jitter estimator J (seconds). */
  rfc3550 = 0;
  private lastTransit = NaN;

  constructor(private readonly window: MeasurementWindow) {}

  onSent(pkt: Packet): void {
    if (pkt.created >= this.window.start && pkt.created < this.window.end) this.sent++;
  }

  onReceived(pkt: Packet, now: number): void {
    if (pkt.created < this.window.start || pkt.created >= this.window.end) return;
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
    if (pkt.created < this.window.start || pkt.created >= this.window.end) return;
    this.lost++;
    this.drops[reason]++;
  }

  get inFlight(): number {
    return this.sent - this.received - this.lost;
  }
}
