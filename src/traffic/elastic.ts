import type { Endpoint, Flow, Packet } from '../net/index.js';
import type { CongestionControl } from './congestion.js';
import { Cubic } from './cubic.js';
import { LazyDeadline } from './deadline.js';
import { DUPLICATE, ElasticReceiver, type DelayedAck } from './elastic-receiver.js';
import { NewReno } from './newreno.js';
import { RttEstimator } from './rtt.js';
import { Scoreboard } from './scoreboard.js';
import { reverseOf, type SourceContext, type TrafficSource } from './source.js';

export type CongestionControlName = 'cubic' | 'newreno';

/** Elastic transfer parameters in base units (bytes, seconds, segments). */
export interface ElasticParams {
  /** Bytes to transfer; `Infinity`: send until `stop`. */
  bytes: number;
  /** Bytes per full data packet (the last one of a finite transfer may be smaller). */
  mss: number;
  /** Bytes per ACK packet. */
  ackSize: number;
  /** The receiver's window in bytes: never more than this is unacknowledged. */
  receiveWindow: number;
  /** Initial congestion window, segments. */
  initialWindow: number;
  initialRto: number;
  minRto: number;
  maxRto: number;
  /**
   * Send-time jitter, in mean ACK intervals (srtt / cwnd): what an ACK lets out leaves after a
   * uniform random delay up to this. 0: exact ACK clocking (deterministic phase effects).
   */
  jitter: number;
  congestionControl: CongestionControlName;
  /** SACK (RFC 2018) with RFC 6675 loss recovery; false: NewReno's recovery (RFC 6582). */
  sack: boolean;
  /** HyStart++ (RFC 9406) in the first slow start; default: on with CUBIC, off with NewReno. */
  hystart?: boolean;
  /** The receiver's delayed ACKs; false: an ACK for every segment. */
  delayedAck: DelayedAck | false;
}

// Defined with the traffic specs, so that validating a scenario does not load the TCP machinery.
export { ELASTIC_DEFAULTS } from './spec.js';

// Defined with the traffic specs, so that validating a scenario does not load the TCP machinery.
export { DELAYED_ACK_DEFAULTS } from './spec.js';

/**
 * A TCP-like bulk transfer, counted in segments, as deployed stacks run it by default: CUBIC or
 * NewReno for the window, SACK-based loss recovery, HyStart++ in slow start.
 *
 * - **Window** ({@link CongestionControl}): slow start, then CUBIC (RFC 9438) or NewReno (RFC 5681);
 *   the sending window is min(cwnd, receive window).
 * - **With SACK** (RFC 2018, 6675): the receiver's blocks feed a {@link Scoreboard}; a segment with
 *   three SACKed segments above it is lost; when the first unacknowledged one is, recovery starts:
 *   RecoveryPoint = highest sent, ssthresh from the controller, cwnd = ssthresh, the first lost
 *   segment is retransmitted at once; then, while pipe < cwnd, NextSeg picks lost segments, new
 *   data, other un-SACKed holes, and one rescue retransmission per recovery. Recovery ends when the
 *   cumulative ACK reaches RecoveryPoint. cwnd does not grow during recovery.
 * - **Without SACK** (RFC 6582, "impatient" NewReno): three duplicate ACKs start fast retransmit,
 *   cwnd = ssthresh + 3, inflated by one per further duplicate; a partial ACK retransmits the next
 *   hole and deflates; a full ACK ends recovery with cwnd = min(ssthresh, flight + 1).
 * - **Timeout** (RFC 6298 estimation, back-off): ssthresh from the controller (held when the same
 *   segment times out again), cwnd = 1. With SACK every un-SACKed segment is marked lost and resent
 *   as the window opens, SACKed ones are not (SACK information is kept: the receiver never reneges);
 *   without, sending goes back to the first unacknowledged segment. A new recovery cannot start
 *   before the data outstanding at the timeout is acknowledged.
 *
 * The data flow carries segments (`seq`, `echo` = send time); the reverse flow carries ACKs (`ack`,
 * `echo`, and in `seq` the id of their SACK option record). Nothing is sent at or after `stop`
 * (retransmissions included); the receiver keeps answering.
 */
export class ElasticSource implements TrafficSource, Endpoint {
  readonly cc: CongestionControl;
  private readonly reverse: Flow;
  private readonly receiver: ElasticReceiver;
  private readonly board: Scoreboard | null;
  private readonly total: number;
  private readonly lastSize: number;
  private readonly window: number;
  private readonly rtt: RttEstimator;
  /**
   * The retransmission timer, re-armed on every ACK: lazy, so re-arming moves a number instead of
   * putting an event per ACK into the heap (measured cost in deadline.ts).
   */
  private readonly rto: LazyDeadline;

  /** First unacknowledged segment; next segment to send (without SACK); one past the highest sent. */
  private una = 0;
  private nxt = 0;
  private max = 0;
  private dupacks = 0;
  private inRecovery = false;
  /** After a timeout (with SACK), until `recover` is acknowledged: no fast recovery. */
  private afterTimeout = false;
  /** `max` when the last recovery or timeout began (RFC 6582 `recover`, RFC 6675 RecoveryPoint). */
  private recover = 0;
  private partialSeen = false;
  /** RFC 6675 RescueRxt. */
  private rescueRxt = -1;
  /** `una` at the last timeout: the same segment timing out again keeps ssthresh. */
  private timedOutAt = -1;
  private completedAt = -1;
  private sendPending = false;
  retransmissions = 0;
  timeouts = 0;
  fastRetransmits = 0;

  constructor(
    private readonly ctx: SourceContext,
    private readonly p: ElasticParams,
  ) {
    if (!(p.bytes > 0)) throw new RangeError('elastic bytes must be > 0');
    if (!(p.mss > 0)) throw new RangeError('elastic mss must be > 0');
    if (!(p.ackSize > 0)) throw new RangeError('elastic ackSize must be > 0');
    if (!(p.receiveWindow >= p.mss)) throw new RangeError('elastic receiveWindow must be at least one mss');
    if (!(p.initialWindow >= 1)) throw new RangeError('elastic initialWindow must be >= 1 segment');
    if (!(p.jitter >= 0)) throw new RangeError('elastic jitter must be >= 0');
    if (p.delayedAck !== false && !(p.delayedAck.count >= 1 && p.delayedAck.timeout > 0))
      throw new RangeError('elastic delayedAck needs count >= 1 and timeout > 0');
    this.reverse = reverseOf(ctx, 'elastic');
    this.total = Number.isFinite(p.bytes) ? Math.ceil(p.bytes / p.mss) : Infinity;
    this.lastSize = Number.isFinite(p.bytes) ? p.bytes - (this.total - 1) * p.mss : p.mss;
    this.window = Math.floor(p.receiveWindow / p.mss);
    const hystart = p.hystart ?? p.congestionControl === 'cubic';
    this.cc =
      p.congestionControl === 'cubic'
        ? new Cubic(p.initialWindow, this.window, hystart)
        : new NewReno(p.initialWindow, this.window, hystart);
    this.board = p.sack ? new Scoreboard() : null;
    this.rtt = new RttEstimator(p.initialRto, p.minRto, p.maxRto);
    this.rto = new LazyDeadline(ctx.net.sim, this.onTimeout);
    this.receiver = new ElasticReceiver(ctx.net, this.reverse, p.ackSize, this.window, p.sack, p.delayedAck || null);
    ctx.flow.receiver = this.receiver;
    this.reverse.receiver = this;
  }

  start(): void {
    if (this.ctx.start < this.ctx.stop) this.ctx.net.sim.at(this.ctx.start, this.onStart);
  }

  get cwnd(): number {
    return this.cc.cwnd;
  }

  get ssthresh(): number {
    return this.cc.ssthresh;
  }

  /** Bytes acknowledged so far (the transfer's progress). */
  get ackedBytes(): number {
    return this.una >= this.total ? this.p.bytes : this.una * this.p.mss;
  }

  /** Seconds from start to the last ACK of a finite transfer, or null while unfinished. */
  get completionSeconds(): number | null {
    return this.completedAt >= 0 ? this.completedAt - this.ctx.start : null;
  }

  get srtt(): number {
    return this.rtt.srtt;
  }

  results(): Record<string, unknown> {
    const srtt = this.rtt.srtt;
    return {
      transferredBytes: this.ackedBytes,
      completionSeconds: this.completionSeconds,
      retransmissions: this.retransmissions,
      fastRetransmits: this.fastRetransmits,
      timeouts: this.timeouts,
      srttMs: srtt === srtt ? Math.round(srtt * 1e12) / 1e9 : null,
    };
  }

  private readonly onStart = (): void => {
    this.send();
  };

  /** An ACK arrives at the sender (the reverse flow's receiver). */
  arrive(pkt: Packet): void {
    const ack = pkt.ack;
    const echo = pkt.echo;
    const option = pkt.seq;
    const copy = pkt.tag === DUPLICATE;
    this.ctx.net.release(pkt);
    if (this.completedAt >= 0) return;
    const now = this.ctx.net.sim.now;
    if (this.board !== null) {
      this.onSackAck(this.board, ack, option, now - echo, now);
    } else if (ack > this.una) {
      this.onNewAck(ack, now - echo, now);
    } else if (ack === this.una && this.una < this.max && !copy) {
      this.onDuplicateAck(now);
    } else {
      return;
    }
    if (this.completedAt < 0) this.sendSoon();
  }

  /** Sends after the jitter delay; ACKs arriving meanwhile join the batch (no event of their own). */
  private sendSoon(): void {
    const srtt = this.rtt.srtt;
    if (this.p.jitter === 0 || srtt !== srtt) {
      this.send();
      return;
    }
    if (this.sendPending) return;
    this.sendPending = true;
    this.ctx.net.sim.schedule((this.p.jitter * srtt * this.ctx.rng()) / Math.max(this.cc.cwnd, 1), this.onSendDue);
  }

  private readonly onSendDue = (): void => {
    this.sendPending = false;
    this.send();
  };

  private send(): void {
    if (this.ctx.net.sim.now >= this.ctx.stop) return;
    if (this.board !== null) this.sendSack(this.board);
    else this.sendInOrder();
  }

  private complete(now: number): void {
    this.completedAt = now;
    this.rto.clear();
  }

  // ---- with SACK (RFC 6675) ----

  private onSackAck(board: Scoreboard, ack: number, option: number, rttSample: number, now: number): void {
    const advanced = ack > this.una;
    let acked = 0;
    if (advanced) {
      acked = ack - this.una;
      this.rtt.sample(rttSample);
      board.advance(ack);
      this.una = ack;
      if (ack >= this.total) {
        this.complete(now);
        return;
      }
    }
    if (option > 0) {
      const opts = this.receiver.options!;
      const at = opts.read(option);
      if (at >= 0) for (let i = 0, n = opts.count(at); i < n; i++) board.sack(opts.start(at, i), opts.end(at, i));
    }
    const recovering = this.inRecovery;
    if (this.una >= this.recover) {
      this.inRecovery = false;
      this.afterTimeout = false;
    }
    if (advanced) {
      if (!recovering) this.cc.onAck(acked, now, this.una, board.high, rttSample, this.rtt.srtt);
      if (this.una >= board.high) this.rto.clear();
      else this.rto.set(now + this.rtt.rto);
    }
    if (!this.inRecovery && !this.afterTimeout && this.una < board.high && board.isLost(this.una)) {
      this.enterRecovery(board, now);
    }
  }

  private enterRecovery(board: Scoreboard, now: number): void {
    this.inRecovery = true;
    this.recover = board.high;
    this.fastRetransmits++;
    this.cc.cwnd = this.cc.onLoss(this.flight(board), now);
    board.startRecovery();
    // RFC 6675 (4.3): the first lost segment goes at once, whatever pipe is.
    this.rescueRxt = this.una;
    this.retransmit(board, this.una, true);
  }

  /** RFC 6675's transmission loop: while pipe < cwnd, send what NextSeg returns. */
  private sendSack(board: Scoreboard): void {
    const cwnd = Math.max(Math.floor(this.cc.cwnd), 1);
    const limit = Math.min(this.una + this.window, this.total);
    while (board.pipe < cwnd) {
      let seq = board.nextLost();
      if (seq >= 0) {
        this.retransmit(board, seq, true);
        continue;
      }
      if (board.high < limit) {
        board.sentNew();
        this.transmit(board.high - 1);
        continue;
      }
      if (!this.inRecovery) return;
      seq = board.nextUnsacked();
      if (seq >= 0) {
        this.retransmit(board, seq, true);
        continue;
      }
      if (this.una > this.rescueRxt) {
        seq = board.highestUnsacked();
        if (seq >= 0) {
          this.rescueRxt = this.recover;
          this.retransmit(board, seq, false);
          continue;
        }
      }
      return;
    }
  }

  /**
   * The flight a congestion response halves: the data outstanding (RFC 5681's FlightSize), but no
   * more than cwnd. With SACK the outstanding data can far exceed what is in the network (a timeout
   * in recovery, with most of it SACKed): halving it would raise ssthresh above the cwnd recovery
   * had just reduced. Linux halves cwnd; ns-3 halves pipe, which at a fast retransmit is FlightSize
   * less the 3 SACKed and 1 lost segments (measured: 0.7 of Mathis' throughput at 1% loss, against
   * 0.9 with this).
   */
  private flight(board: Scoreboard): number {
    return Math.min(board.high - this.una, this.cc.cwnd);
  }

  private retransmit(board: Scoreboard, seq: number, moveHighRxt: boolean): void {
    board.markRetransmitted(seq, moveHighRxt);
    this.transmit(seq);
  }

  // ---- without SACK (RFC 6582) ----

  private onNewAck(ack: number, rttSample: number, now: number): void {
    const acked = ack - this.una;
    this.rtt.sample(rttSample);
    this.una = ack;
    if (this.nxt < ack) this.nxt = ack; // after a go-back, ACKs of earlier transmissions
    let restartTimer = true;
    const cc = this.cc;
    if (this.inRecovery) {
      if (ack >= this.recover) {
        this.inRecovery = false;
        cc.cwnd = Math.min(cc.ssthresh, Math.max(this.nxt - ack, 1) + 1);
      } else {
        // Partial ACK: the next hole is lost too. Retransmit it, deflate by what was acked.
        this.transmit(ack);
        cc.cwnd = Math.max(cc.cwnd - acked + 1, 1);
        restartTimer = !this.partialSeen; // RFC 6582: reset the timer on the first partial ACK only
        this.partialSeen = true;
      }
    } else {
      this.dupacks = 0;
      cc.onAck(acked, now, ack, this.max, rttSample, this.rtt.srtt);
    }
    if (ack >= this.total) {
      this.complete(now);
      return;
    }
    if (this.una >= this.nxt) this.rto.clear();
    else if (restartTimer) this.rto.set(now + this.rtt.rto);
  }

  private onDuplicateAck(now: number): void {
    this.dupacks++;
    const cc = this.cc;
    if (this.inRecovery) {
      cc.cwnd++;
    } else if (this.dupacks === 3 && this.una >= this.recover) {
      const ssthresh = cc.onLoss(this.nxt - this.una, now);
      this.recover = this.max;
      this.inRecovery = true;
      this.partialSeen = false;
      this.fastRetransmits++;
      this.transmit(this.una);
      cc.cwnd = ssthresh + 3;
    }
  }

  /** Sends new (or, after a go-back, re-sent) segments while the window allows. */
  private sendInOrder(): void {
    const limit = Math.min(this.una + Math.min(Math.floor(this.cc.cwnd), this.window), this.total);
    while (this.nxt < limit) this.transmit(this.nxt++);
  }

  // ---- both ----

  private readonly onTimeout = (): void => {
    const now = this.ctx.net.sim.now;
    const board = this.board;
    const high = board !== null ? board.high : this.nxt;
    if (now >= this.ctx.stop || this.completedAt >= 0 || this.una >= high) return;
    this.timeouts++;
    this.cc.onTimeout(board !== null ? this.flight(board) : high - this.una, now, this.una === this.timedOutAt);
    this.timedOutAt = this.una;
    this.rtt.backoff();
    this.recover = this.max;
    this.inRecovery = false;
    this.dupacks = 0;
    if (board !== null) {
      board.markAllLost();
      this.afterTimeout = true;
    } else {
      this.nxt = this.una;
    }
    this.send();
  };

  private transmit(seq: number): void {
    const { net, flow } = this.ctx;
    const now = net.sim.now;
    if (now >= this.ctx.stop) return;
    const pkt = net.packet(flow, seq === this.total - 1 ? this.lastSize : this.p.mss);
    pkt.seq = seq;
    pkt.echo = now;
    if (seq < this.max) this.retransmissions++;
    else this.max = seq + 1;
    if (!this.rto.armed) this.rto.set(now + this.rtt.rto);
    net.inject(pkt);
  }
}
