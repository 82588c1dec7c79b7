import type { MeasurementWindow } from '../window.js';
import { checkPlayoutPolicy, NETEQ_PLAYOUT, type PlayoutPolicy } from './playout.js';

export interface JitterBufferOptions {
  /** How the playout delay is chosen (default: adaptive, NetEq's defaults). */
  policy?: PlayoutPolicy;
  /** Audio carried by one packet (s): the packetization delay of the mouth-to-ear delay. */
  packetization: number;
  /** The codec's look-ahead (s). */
  lookahead?: number;
  /**
   * Packets *sent* in [start, end) are counted; the others still drive the playout delay (so a
   * warm-up trains the buffer as it would a real one). Default: every packet.
   */
  window?: MeasurementWindow;
}

/** What a voice stream looked like to its listener. Delays in ms; ratios of the expected packets. */
export interface JitterBufferSummary {
  /** Packets the listener should have got: received (distinct) + lost. */
  expected: number;
  received: number;
  /** Reported by {@link JitterBuffer.addLost}: packets that never arrived. */
  lost: number;
  /** Arrived after their playout time: discarded, their audio concealed. */
  late: number;
  played: number;
  /** Arrived after a packet sent later (still played if on time). */
  reordered: number;
  duplicates: number;
  networkLossRatio: number | null;
  /** (lost + late) / expected: the packet loss the E-model's Ppl stands for. */
  effectiveLossRatio: number | null;
  /** Share of frames produced by loss concealment: frames of lost and late packets (= effectiveLossRatio here). */
  concealedRatio: number | null;
  /** G.107's BurstR from the pattern of missing frames in sequence order (≥ 1; 1 when random or isolated). */
  burstR: number;
  /** Mean one-way network delay of the received packets (half an RTT estimate on a symmetric path). */
  meanNetworkDelayMs: number | null;
  /** Mean wait in the buffer of the played packets. */
  meanBufferDelayMs: number | null;
  /** Mean playout delay of the played packets + packetization + look-ahead. */
  mouthToEarMs: number | null;
  /** RFC 3550 interarrival jitter J at the end, and its mean over the stream (what clients report). */
  jitterMs: number | null;
  meanJitterMs: number | null;
}

/** What `irregular` tells `onPacket` instead of a gap. */
const DUPLICATE = -1;
const REORDERED = -2;

/** Frame outcomes; transitions[from * 2 + to] counts from -> to. */
const NONE = -1;
const GOOD = 0;
const BAD = 1;

/**
 * A receiver's jitter buffer for one voice stream, streaming: fed each received packet's sending
 * time, arrival time and sequence number (in arrival order) and the count of packets that never
 * arrived, it decides which packets were too late to play and what delay the listener heard.
 * O(1) memory per stream (the adaptive histogram is a fixed array) and no allocation per packet.
 */
export class JitterBuffer {
  private readonly adaptive: boolean;
  private readonly fixedDelay: number;
  private readonly quantile: number;
  private readonly forgetFactor: number;
  private readonly startForgetWeight: number;
  private readonly bucket: number;
  private readonly resampleInterval: number;
  private readonly minWindow: number;
  private readonly hist: Float64Array;
  private readonly start: number;
  private readonly end: number;
  private readonly offset: number;

  private started = false;
  private highestSeq = 0;
  /** Bit k: packet highestSeq − k has arrived (duplicate detection over the last 32). */
  private seen = 0;

  /** Playout delay (s) the next packet is judged against. */
  private delay = 0;
  private block = 0;
  private blockEnd = 0;
  private curMin = Infinity;
  private prevMin = Infinity;
  private intervalStart = 0;
  private intervalMax = 0;
  private entries = 0;
  private target = 0;

  private received = 0;
  private late = 0;
  private played = 0;
  private lost = 0;
  private reordered = 0;
  private duplicates = 0;
  private transitSum = 0;
  private playoutSum = 0;
  private waitSum = 0;
  private lastTransit = NaN;
  private jitter = 0;
  private jitterSum = 0;
  private jitterCount = 0;
  /** Frame outcomes in sequence order, for BurstR: the last state and the transition counts. */
  private last = NONE;
  private readonly transitions = new Float64Array(4);

  constructor(options: JitterBufferOptions) {
    const policy = options.policy ?? NETEQ_PLAYOUT;
    checkPlayoutPolicy(policy);
    if (!(options.packetization > 0)) throw new RangeError('jitter buffer: packetization must be > 0 seconds');
    const lookahead = options.lookahead ?? 0;
    if (!(lookahead >= 0)) throw new RangeError('jitter buffer: lookahead must be >= 0 seconds');
    this.offset = options.packetization + lookahead;
    this.start = options.window?.start ?? -Infinity;
    this.end = options.window?.end ?? Infinity;
    this.adaptive = policy.kind === 'adaptive';
    if (policy.kind === 'adaptive') {
      this.fixedDelay = 0;
      this.quantile = policy.quantile;
      this.forgetFactor = policy.forgetFactor;
      this.startForgetWeight = policy.startForgetWeight;
      this.bucket = policy.bucket;
      this.resampleInterval = policy.resampleInterval;
      this.minWindow = policy.minWindow;
      this.hist = new Float64Array(policy.buckets);
      this.target = policy.startDelay;
    } else {
      this.fixedDelay = policy.delay;
      this.quantile = this.forgetFactor = this.startForgetWeight = this.bucket = 0;
      this.resampleInterval = this.minWindow = 1;
      this.hist = new Float64Array(0);
      this.target = 0;
    }
  }

  /** The playout delay (s from sending) the next packet will be judged against; NaN before the first. */
  get playoutDelay(): number {
    return this.started ? this.delay : NaN;
  }

  /** The adaptive target above the fastest recent transit (s); 0 for a fixed buffer. */
  get targetDelay(): number {
    return this.target;
  }

  /** One received packet, in arrival order: when it was sent, when it arrived (s), its sequence number. */
  onPacket(sent: number, arrived: number, seq: number): void {
    // The common case (the next sequence number, or a gap) stays here, the first packet,
    // reordered ones and duplicates go to `irregular`, and the adaptive helpers are compact:
    // measured, this keeps the method small enough for V8 to inline into its caller, which then
    // passes the two doubles unboxed (5 M packets through a fixed buffer: 77 garbage collections
    // before the split, 0 after; bench/RESULTS.md, voice).
    const ahead = seq - this.highestSeq;
    let gap = ahead - 1;
    if (ahead <= 0 || !this.started) {
      gap = this.irregular(sent, arrived, seq);
      if (gap === DUPLICATE) return;
    } else {
      this.seen = ahead >= 32 ? 1 : (this.seen << ahead) | 1;
      this.highestSeq = seq;
    }
    const transit = arrived - sent;
    const playout = this.delay;
    const isLate = transit > playout;
    if (this.adaptive) this.adapt(sent, arrived, transit);
    if (sent >= this.start && sent < this.end) this.count(transit, playout, isLate, gap);
  }

  /**
   * The first packet (it sets the playout delay), a reordered one (REORDERED) or a duplicate
   * (DUPLICATE, ignored): what `onPacket` passes on as the gap.
   */
  private irregular(sent: number, arrived: number, seq: number): number {
    if (!this.started) {
      this.started = true;
      this.highestSeq = seq;
      this.seen = 1;
      this.delay = arrived - sent + (this.adaptive ? this.target : this.fixedDelay);
      if (this.adaptive) {
        this.block = Math.floor(sent / this.minWindow);
        this.blockEnd = (this.block + 1) * this.minWindow;
        this.intervalStart = arrived;
      }
      return 0;
    }
    const back = this.highestSeq - seq;
    if (back < 32) {
      const bit = 1 << back;
      if ((this.seen & bit) !== 0) {
        if (sent >= this.start && sent < this.end) this.duplicates++;
        return DUPLICATE;
      }
      this.seen |= bit;
    }
    return REORDERED;
  }

  /** Counts a packet of the measurement window. */
  private count(transit: number, playout: number, isLate: boolean, gap: number): void {
    this.received++;
    this.transitSum += transit;
    if (isLate) this.late++;
    else {
      this.played++;
      this.playoutSum += playout;
      this.waitSum += playout - transit;
    }
    const lastTransit = this.lastTransit;
    if (lastTransit === lastTransit) {
      this.jitter += (Math.abs(transit - lastTransit) - this.jitter) / 16;
      this.jitterSum += this.jitter;
      this.jitterCount++;
    }
    this.lastTransit = transit;
    // A reordered packet was already counted as missing inside its gap; its own outcome is left
    // out of the transition counts (BurstR only), which keeps them O(1).
    if (gap === REORDERED) this.reordered++;
    else this.step(gap, isLate ? BAD : GOOD);
  }

  /** Packets of the measurement window that never arrived (dropped, or still in flight at the end). */
  addLost(count: number): void {
    if (!(Number.isInteger(count) && count >= 0))
      throw new RangeError('jitter buffer: lost count must be an integer >= 0');
    this.lost += count;
  }

  /** The stream as its listener heard it. */
  summary(): JitterBufferSummary {
    const expected = this.received + this.lost;
    const missing = this.lost + this.late;
    const ratio = (n: number): number | null => (expected > 0 ? n / expected : null);
    const ms = (sum: number, n: number): number | null => (n > 0 ? (sum / n) * 1000 : null);
    return {
      expected,
      received: this.received,
      lost: this.lost,
      late: this.late,
      played: this.played,
      reordered: this.reordered,
      duplicates: this.duplicates,
      networkLossRatio: ratio(this.lost),
      effectiveLossRatio: ratio(missing),
      concealedRatio: ratio(missing),
      burstR: this.burstR(),
      meanNetworkDelayMs: ms(this.transitSum, this.received),
      meanBufferDelayMs: ms(this.waitSum, this.played),
      mouthToEarMs: this.played > 0 ? (this.playoutSum / this.played + this.offset) * 1000 : null,
      jitterMs: this.jitterCount > 0 ? this.jitter * 1000 : null,
      meanJitterMs: ms(this.jitterSum, this.jitterCount),
    };
  }

  /**
   * G.107's BurstR = 1 / (p + q) of the two-state (Gilbert) loss model fitted to the sequence of
   * frame outcomes: p = P(missing | previous played), q = P(played | previous missing). Random loss
   * gives 1; values below 1 (losses more spread than random) are taken as 1, the random case.
   */
  private burstR(): number {
    const t = this.transitions;
    const fromGood = t[GOOD * 2 + GOOD] + t[GOOD * 2 + BAD];
    const fromBad = t[BAD * 2 + GOOD] + t[BAD * 2 + BAD];
    const p = fromGood > 0 ? t[GOOD * 2 + BAD] / fromGood : 0;
    const q = fromBad > 0 ? t[BAD * 2 + GOOD] / fromBad : 0;
    if (p + q === 0) return 1;
    return Math.max(1, 1 / (p + q));
  }

  /** Records `gap` missing frames, then a frame of state `s`, after the last one. */
  private step(gap: number, s: number): void {
    const last = this.last;
    this.last = s;
    if (last === NONE) return; // the first counted frame: what came before is unknown
    const t = this.transitions;
    if (gap > 0) {
      t[last * 2 + BAD]++;
      t[BAD * 2 + BAD] += gap - 1;
      t[BAD * 2 + s]++;
    } else t[last * 2 + s]++;
  }

  /** The adaptive policy's state after one more packet: fastest recent transit, histogram, playout delay. */
  private adapt(sent: number, arrived: number, transit: number): void {
    if (sent >= this.blockEnd) this.nextBlock(sent);
    // A packet reordered across a block boundary counts in the current block: still "recent".
    if (transit < this.curMin) this.curMin = transit;
    const base = this.curMin < this.prevMin ? this.curMin : this.prevMin;
    if (arrived - this.intervalStart > this.resampleInterval) this.nextInterval(arrived);
    const relative = transit - base;
    if (relative > this.intervalMax) this.intervalMax = relative;
    this.delay = base + this.target;
  }

  /** A packet sent in a later block of `minWindow` seconds: the current block becomes the previous one. */
  private nextBlock(sent: number): void {
    const block = Math.floor(sent / this.minWindow);
    this.prevMin = block === this.block + 1 ? this.curMin : Infinity;
    this.curMin = Infinity;
    this.block = block;
    this.blockEnd = (block + 1) * this.minWindow;
  }

  /** The resample interval is over: its largest relative delay enters the histogram. */
  private nextInterval(arrived: number): void {
    this.enter();
    this.intervalStart = arrived;
    this.intervalMax = 0;
  }

  /**
   * One histogram entry (the largest relative delay of an interval): older entries forgotten, the
   * target moved to the quantile. Once per resample interval, so its O(buckets) cost is shared by
   * the interval's packets (25 at 20 ms and 500 ms).
   */
  private enter(): void {
    const h = this.hist;
    const index = Math.floor(this.intervalMax / this.bucket);
    if (index >= h.length) return; // as NetEq: delays beyond the histogram are not registered
    const k = ++this.entries;
    const f = Math.max(0, Math.min(this.forgetFactor, 1 - this.startForgetWeight / k));
    for (let i = 0; i < h.length; i++) h[i] *= f;
    h[index] += 1 - f;
    let cumulative = 0;
    let i = 0;
    // 1e-12: the histogram's sum drifts from 1 by rounding; a quantile of exactly 1 must still be found.
    for (; i < h.length - 1; i++) {
      cumulative += h[i];
      if (cumulative >= this.quantile - 1e-12) break;
    }
    this.target = (i + 1) * this.bucket;
  }
}
