import { HyStartPlusPlus, L } from './hystart.js';

/**
 * A congestion controller, in segments: it owns cwnd and ssthresh and decides how they change on
 * ACKs, losses and timeouts. The sender (elastic.ts) decides when those events happen and what may
 * be sent; during NewReno's fast recovery it inflates and deflates cwnd itself (RFC 6582).
 *
 * Slow start is shared: cwnd grows by the segments each ACK newly acknowledges (appropriate byte
 * counting, RFC 3465, as Linux does), up to ssthresh, through HyStart++ (RFC 9406) when it is on; at
 * or above ssthresh each subclass grows cwnd its own way.
 */
export abstract class CongestionControl {
  cwnd: number;
  ssthresh = Infinity;
  /** HyStart++ for the first slow start, or null (off, or over). */
  protected hystart: HyStartPlusPlus | null;

  constructor(
    initialWindow: number,
    /** The receive window in segments: cwnd never grows past it (no cwnd validation otherwise). */
    protected readonly maxWindow: number,
    hystart: boolean,
  ) {
    this.cwnd = Math.min(initialWindow, maxWindow);
    this.hystart = hystart ? new HyStartPlusPlus() : null;
  }

  /** True while HyStart++ holds the sender in Conservative Slow Start (for tests and results). */
  get conservative(): boolean {
    return this.hystart !== null && this.hystart.css;
  }

  /**
   * An ACK that newly acknowledged `acked` segments cumulatively, outside loss recovery. `una` is
   * the new cumulative ACK, `sent` one past the highest segment sent, `rtt` this ACK's sample (NaN
   * if none), `srtt` the smoothed RTT.
   */
  onAck(acked: number, now: number, una: number, sent: number, rtt: number, srtt: number): void {
    if (this.cwnd < this.ssthresh) {
      let growth = acked;
      const hy = this.hystart;
      if (hy !== null) {
        const factor = hy.onAck(una, sent, rtt);
        if (factor === 0) {
          this.ssthresh = this.cwnd;
          this.hystart = null;
          this.leftSlowStart();
          return;
        }
        growth = Math.min(acked, L) * factor;
      }
      // Never past ssthresh in one step: after a timeout one ACK can cover a whole window of
      // data that had arrived (Linux caps the same way).
      this.cwnd = Math.min(this.cwnd + growth, this.ssthresh);
    } else {
      this.avoid(acked, now, srtt);
    }
    if (this.cwnd > this.maxWindow) this.cwnd = this.maxWindow;
  }

  /**
   * A loss detected by ACKs (fast retransmit): sets ssthresh (and the controller's own state) and
   * returns it. `flight` is the data outstanding, in segments. The sender then sets cwnd (to
   * ssthresh with SACK, RFC 6675; to ssthresh + 3 with NewReno's recovery, RFC 6582).
   */
  onLoss(flight: number, now: number): number {
    this.hystart = null;
    this.ssthresh = this.reduce(flight, now);
    return this.ssthresh;
  }

  /**
   * A retransmission timeout: ssthresh as on a loss (held when the same data timed out again, RFC
   * 5681 section 3.1), cwnd = 1, and a fresh start of the growth function.
   */
  onTimeout(flight: number, now: number, again: boolean): void {
    this.hystart = null;
    if (!again) this.ssthresh = this.reduce(flight, now);
    this.cwnd = 1;
    this.restart();
  }

  /** Growth at or above ssthresh. */
  protected abstract avoid(acked: number, now: number, srtt: number): void;
  /** The new ssthresh on a congestion event, updating the controller's state. */
  protected abstract reduce(flight: number, now: number): number;
  /** After a timeout: the next congestion avoidance starts from scratch. */
  protected abstract restart(): void;
  /** HyStart++ ended slow start without a loss. */
  protected abstract leftSlowStart(): void;
}
