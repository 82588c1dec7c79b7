import type { Endpoint, Flow, Packet } from '../net/index.js';
import { LazyDeadline } from './deadline.js';
import { DUPLICATE, ElasticReceiver } from './elastic-receiver.js';
import { RttEstimator } from './rtt.js';
import { reverseOf, type SourceContext, type TrafficSource } from './source.js';

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
}

export const ELASTIC_DEFAULTS = {
  bytes: Infinity,
  mss: 1500,
  ackSize: 40,
  receiveWindow: 4 * 1024 * 1024,
  initialWindow: 10,
  initialRto: 1,
  minRto: 0.2,
  maxRto: 60,
  jitter: 1,
} as const;

/**
 * A TCP-like bulk transfer (NewReno; RFC 5681, 6582, 6298), counted in segments:
 * - slow start (cwnd += 1 per ACK of new data) up to ssthresh, then congestion avoidance
 *   (cwnd += 1/cwnd per ACK); the sending window is min(cwnd, receive window);
 * - three duplicate ACKs: fast retransmit, ssthresh = max(flight/2, 2), cwnd = ssthresh + 3,
 *   inflated by one per further duplicate; a partial ACK retransmits the next hole and deflates;
 *   a full ACK (past `recover`) ends recovery with cwnd = min(ssthresh, flight + 1);
 * - retransmission timeout (RFC 6298 estimation, back-off): ssthresh = max(flight/2, 2),
 *   cwnd = 1, go back to the first unacknowledged segment; `recover` keeps duplicate ACKs of
 *   the old window from starting a false fast retransmit.
 * The data flow carries segments (`seq`, `echo` = send time); the reverse flow carries ACKs.
 * Nothing is sent at or after `stop` (retransmissions included); the receiver keeps answering.
 */
export class ElasticSource implements TrafficSource, Endpoint {
  private readonly reverse: Flow;
  private readonly receiver: ElasticReceiver;
  private readonly total: number;
  private readonly lastSize: number;
  private readonly window: number;
  private readonly rtt: RttEstimator;
  /**
   * The retransmission timer, re-armed on every ACK: lazy, so re-arming moves a number instead of
   * putting an event per ACK into the heap (measured cost in deadline.ts).
   */
  private readonly rto: LazyDeadline;

  /** Congestion state and counters, public for tests and results; only this class writes them. */
  cwnd: number;
  ssthresh = Infinity;
  /** First unacknowledged segment; next segment to send; one past the highest ever sent. */
  private una = 0;
  private nxt = 0;
  private max = 0;
  private dupacks = 0;
  private inRecovery = false;
  /** `max` when the last recovery or timeout began (RFC 6582 `recover`, exclusive). */
  private recover = 0;
  private partialSeen = false;
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
    this.reverse = reverseOf(ctx, 'elastic');
    this.total = Number.isFinite(p.bytes) ? Math.ceil(p.bytes / p.mss) : Infinity;
    this.lastSize = Number.isFinite(p.bytes) ? p.bytes - (this.total - 1) * p.mss : p.mss;
    this.window = Math.floor(p.receiveWindow / p.mss);
    this.cwnd = Math.min(p.initialWindow, this.window);
    this.rtt = new RttEstimator(p.initialRto, p.minRto, p.maxRto);
    this.rto = new LazyDeadline(ctx.net.sim, this.onTimeout);
    this.receiver = new ElasticReceiver(ctx.net, this.reverse, p.ackSize, this.window);
    ctx.flow.receiver = this.receiver;
    this.reverse.receiver = this;
  }

  start(): void {
    if (this.ctx.start < this.ctx.stop) this.ctx.net.sim.at(this.ctx.start, this.onStart);
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
    const copy = pkt.tag === DUPLICATE;
    this.ctx.net.release(pkt);
    if (this.completedAt >= 0) return;
    const now = this.ctx.net.sim.now;
    if (ack > this.una) this.onNewAck(ack, now - echo, now);
    else if (ack === this.una && this.una < this.max && !copy) this.onDuplicateAck();
    else return;
    this.sendSoon();
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
    this.ctx.net.sim.schedule((this.p.jitter * srtt * this.ctx.rng()) / Math.max(this.cwnd, 1), this.onSendDue);
  }

  private readonly onSendDue = (): void => {
    this.sendPending = false;
    this.send();
  };

  private onNewAck(ack: number, rttSample: number, now: number): void {
    const acked = ack - this.una;
    this.rtt.sample(rttSample);
    this.una = ack;
    if (this.nxt < ack) this.nxt = ack; // after a go-back, ACKs of earlier transmissions
    let restartTimer = true;
    if (this.inRecovery) {
      if (ack >= this.recover) {
        this.inRecovery = false;
        this.cwnd = Math.min(this.ssthresh, Math.max(this.nxt - ack, 1) + 1);
      } else {
        // Partial ACK: the next hole is lost too. Retransmit it, deflate by what was acked.
        this.transmit(ack);
        this.cwnd = Math.max(this.cwnd - acked + 1, 1);
        restartTimer = !this.partialSeen; // RFC 6582: reset the timer on the first partial ACK only
        this.partialSeen = true;
      }
    } else {
      this.dupacks = 0;
      this.cwnd += this.cwnd < this.ssthresh ? 1 : 1 / this.cwnd;
      if (this.cwnd > this.window) this.cwnd = this.window;
    }
    if (ack >= this.total) {
      this.completedAt = now;
      this.rto.clear();
      return;
    }
    if (this.una >= this.nxt) this.rto.clear();
    else if (restartTimer) this.rto.set(now + this.rtt.rto);
  }

  private onDuplicateAck(): void {
    this.dupacks++;
    if (this.inRecovery) {
      this.cwnd++;
    } else if (this.dupacks === 3 && this.una >= this.recover) {
      this.ssthresh = Math.max((this.nxt - this.una) / 2, 2);
      this.recover = this.max;
      this.inRecovery = true;
      this.partialSeen = false;
      this.fastRetransmits++;
      this.transmit(this.una);
      this.cwnd = this.ssthresh + 3;
    }
  }

  private readonly onTimeout = (): void => {
    const now = this.ctx.net.sim.now;
    if (now >= this.ctx.stop || this.completedAt >= 0 || this.una >= this.nxt) return;
    this.timeouts++;
    this.ssthresh = Math.max((this.nxt - this.una) / 2, 2);
    this.cwnd = 1;
    this.rtt.backoff();
    this.recover = this.max;
    this.inRecovery = false;
    this.dupacks = 0;
    this.nxt = this.una;
    this.send();
  };

  /** Sends new (or, after a go-back, re-sent) segments while the window allows. */
  private send(): void {
    if (this.ctx.net.sim.now >= this.ctx.stop) return;
    const limit = Math.min(this.una + Math.min(Math.floor(this.cwnd), this.window), this.total);
    while (this.nxt < limit) this.transmit(this.nxt++);
  }

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
