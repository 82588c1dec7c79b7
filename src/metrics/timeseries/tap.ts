import type { DropReason, FlowObserver, Packet } from '../../net/index.js';
import type { FlowRecorder } from '../flow-recorder.js';
import type { MeasurementWindow } from '../window.js';
import type { ClassSeries } from './class-series.js';

/**
 * A flow's observer when a time series is recorded: its recorder first, then its class's windows,
 * for the same packets the recorder counts (sent inside the measurement window). Chained only when
 * a time series is asked for, so a run without one keeps the recorder as the one observer class
 * and pays nothing (bench/RESULTS.md, Time series).
 */
export class SeriesTap implements FlowObserver {
  private readonly start: number;
  private readonly end: number;

  constructor(
    readonly recorder: FlowRecorder,
    private readonly series: ClassSeries,
    window: MeasurementWindow,
  ) {
    this.start = window.start;
    this.end = window.end;
  }

  onSent(pkt: Packet): void {
    this.recorder.onSent(pkt);
  }

  onReceived(pkt: Packet, now: number): void {
    this.recorder.onReceived(pkt, now);
    const created = pkt.created;
    if (created >= this.start && created < this.end) this.series.delivered(now, pkt.size, now - created);
  }

  onLost(pkt: Packet, reason: DropReason, now: number): void {
    this.recorder.onLost(pkt, reason);
    if (pkt.created >= this.start && pkt.created < this.end) this.series.dropped(now);
  }
}
