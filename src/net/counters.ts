/**
 * One direction's counters, gated to the measurement window: `open` at warmup, `close` at the end.
 * Time integrals (busy time, queue length) are exact: they accumulate at every change.
 */
export class ChannelCounters {
  counting = false;
  opened = 0;
  closed = 0;
  /** Packets and bytes that finished crossing (serialization done, not lost on the wire). */
  packets = 0;
  bytes = 0;
  /** Packets dropped here for any reason (queue, wire, down). */
  drops = 0;
  busyTime = 0;
  queueArea = 0;
  /** Largest queue seen (packets waiting) in the window. */
  maxQueue = 0;
  private queueSince = 0;
  private queueLength = 0;
  private busySince = -1;

  open(now: number, queueLength: number, busy: boolean): void {
    this.counting = true;
    this.opened = now;
    this.queueSince = now;
    this.queueLength = queueLength;
    this.maxQueue = queueLength;
    this.busySince = busy ? now : -1;
  }

  close(now: number): void {
    if (!this.counting) return;
    this.queueArea += this.queueLength * (now - this.queueSince);
    if (this.busySince >= 0) this.busyTime += now - this.busySince;
    this.counting = false;
    this.closed = now;
  }

  queueChanged(now: number, length: number): void {
    if (!this.counting) return;
    this.queueArea += this.queueLength * (now - this.queueSince);
    this.queueSince = now;
    this.queueLength = length;
    if (length > this.maxQueue) this.maxQueue = length;
  }

  busy(now: number): void {
    if (this.counting && this.busySince < 0) this.busySince = now;
  }

  idle(now: number): void {
    if (this.counting && this.busySince >= 0) {
      this.busyTime += now - this.busySince;
      this.busySince = -1;
    }
  }

  crossed(size: number): void {
    if (this.counting) {
      this.packets++;
      this.bytes += size;
    }
  }

  dropped(): void {
    if (this.counting) this.drops++;
  }

  /** Busy seconds counted up to `now` (>= the last change): the integral, without closing it. */
  busyTimeAt(now: number): number {
    return this.counting && this.busySince >= 0 ? this.busyTime + (now - this.busySince) : this.busyTime;
  }

  /** The queue-length integral (packet-seconds) counted up to `now` (>= the last change). */
  queueAreaAt(now: number): number {
    return this.counting ? this.queueArea + this.queueLength * (now - this.queueSince) : this.queueArea;
  }

  get window(): number {
    return (this.counting ? NaN : this.closed) - this.opened;
  }
}
