/** Per-segment flags of the scoreboard. */
const SACKED = 1;
const LOST = 2;
const RETRANSMITTED = 4;

/** RFC 6675's DupThresh: a segment is lost once this many segments above it are SACKed. */
export const DUP_THRESH = 3;

/**
 * The SACK sender's scoreboard (RFC 6675), in segments: for each outstanding segment in
 * [una, high), whether it was SACKed, is deemed lost, and was retransmitted.
 *
 * - A segment is lost (IsLost) when at least DupThresh SACKed segments lie above it, i.e. when it is
 *   below the DupThresh-th highest SACKed segment (`third`); everything un-SACKed below that point is
 *   marked once, as the point moves up. A timeout marks every un-SACKed segment lost.
 * - pipe = outstanding − SACKed − lost + retransmitted (lost ones retransmitted count once, others
 *   twice), kept as counters so it costs nothing to read.
 * - NextSeg's first rule (the lowest lost segment not yet retransmitted above HighRxt) is a pointer
 *   that only moves up within a recovery.
 *
 * No allocation per ACK: flags live in a ring (`Uint8Array`) indexed by segment number, grown by
 * doubling when the outstanding data outgrows it (at most log2(window) times in a flow's life). A
 * SACK block is applied in time proportional to what it newly covers, not to its length: each run of
 * SACKed segments keeps its other end at both ends (boundary tags in a `Float64Array`), so a block
 * that repeats what is known skips the run in one step. Measured on bench/elastic.ts (see
 * bench/RESULTS.md).
 */
export class Scoreboard {
  /** First unacknowledged segment (HighACK + 1) and one past the highest sent (HighData + 1). */
  una = 0;
  high = 0;
  /** Outstanding segments SACKed, lost and not SACKed, retransmitted and not SACKed. */
  sacked = 0;
  lost = 0;
  retransmitted = 0;
  /** Highest SACKed segment, or -1. */
  highSacked = -1;
  private flags: Uint8Array;
  /** For the first and last segment of each SACKed run: the run's other end. */
  private other: Float64Array;
  private mask: number;
  /** The DupThresh-th highest SACKed segment (-1 while fewer are SACKed), and how many lie above it. */
  private third = -1;
  private aboveThird = 0;
  /** Every un-SACKed segment in [una, lostEnd) is marked lost. */
  private lostEnd = 0;
  /** NextSeg rule 1 looks from here (HighRxt + 1). */
  private rxtNext = 0;

  constructor(capacity = 64) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.flags = new Uint8Array(cap);
    this.other = new Float64Array(cap);
    this.mask = cap - 1;
  }

  /** Segments outstanding in the network by RFC 6675's SetPipe. */
  get pipe(): number {
    return this.high - this.una - this.sacked - this.lost + this.retransmitted;
  }

  /** IsLost(seq) for an outstanding segment. */
  isLost(seq: number): boolean {
    return (this.flags[seq & this.mask] & LOST) !== 0;
  }

  isSacked(seq: number): boolean {
    return (this.flags[seq & this.mask] & SACKED) !== 0;
  }

  /** Segment `high` (new data) was sent. */
  sentNew(): void {
    if (this.high - this.una >= this.mask) this.grow();
    this.flags[this.high & this.mask] = 0;
    this.high++;
  }

  /** An outstanding segment was retransmitted (rules 1 and 3 of NextSeg also move HighRxt). */
  markRetransmitted(seq: number, moveHighRxt: boolean): void {
    const i = seq & this.mask;
    if ((this.flags[i] & RETRANSMITTED) === 0) {
      this.flags[i] |= RETRANSMITTED;
      this.retransmitted++;
    }
    if (moveHighRxt && seq + 1 > this.rxtNext) this.rxtNext = seq + 1;
  }

  /** The cumulative ACK moved to `ack`: forget what it covers. */
  advance(ack: number): void {
    const flags = this.flags;
    const mask = this.mask;
    for (let s = this.una; s < ack; s++) {
      const f = flags[s & mask];
      if (f & SACKED) this.sacked--;
      else {
        if (f & LOST) this.lost--;
        if (f & RETRANSMITTED) this.retransmitted--;
      }
      flags[s & mask] = 0;
    }
    this.una = ack;
    if (this.third >= 0 && this.third < ack) {
      // Fewer than DupThresh SACKed segments remain (at most the two that were above it).
      this.third = -1;
      this.aboveThird = 0;
    }
    if (this.highSacked < ack) this.highSacked = -1;
    if (this.lostEnd < ack) this.lostEnd = ack;
    if (this.rxtNext < ack) this.rxtNext = ack;
  }

  /** Applies a SACK block [start, end) (segments); marks what its arrival makes lost. */
  sack(start: number, end: number): void {
    const flags = this.flags;
    const mask = this.mask;
    let s = start > this.una ? start : this.una;
    const e = end < this.high ? end : this.high;
    while (s < e) {
      if ((flags[s & mask] & SACKED) === 0) {
        s = this.markSacked(s) + 1;
      } else if (s > this.una && (flags[(s - 1) & mask] & SACKED) !== 0) {
        s++; // inside a known run (a stale block): step to its end
      } else {
        s = this.other[s & mask] + 1; // a known run: skip it whole
      }
    }
    this.updateLost();
  }

  /** A timeout: every un-SACKed outstanding segment is lost, and none counts as retransmitted. */
  markAllLost(): void {
    const flags = this.flags;
    const mask = this.mask;
    for (let s = this.una; s < this.high; s++) {
      const i = s & mask;
      const f = flags[i];
      if (f & SACKED) continue;
      if ((f & LOST) === 0) this.lost++;
      if (f & RETRANSMITTED) this.retransmitted--;
      flags[i] = LOST;
    }
    this.lostEnd = this.high;
    this.rxtNext = this.una;
  }

  /** A new loss recovery begins: HighRxt = HighACK. */
  startRecovery(): void {
    this.rxtNext = this.una;
  }

  /** NextSeg rule 1: the lowest lost segment above HighRxt not yet retransmitted, or -1. */
  nextLost(): number {
    const flags = this.flags;
    const mask = this.mask;
    let s = this.rxtNext;
    while (s < this.lostEnd) {
      const f = flags[s & mask];
      if ((f & (SACKED | RETRANSMITTED)) === 0 && (f & LOST) !== 0) break;
      s++;
    }
    this.rxtNext = s;
    return s < this.lostEnd ? s : -1;
  }

  /**
   * NextSeg rule 3: the lowest un-SACKed segment above HighRxt and below the highest SACKed one
   * (lost or not), or -1.
   */
  nextUnsacked(): number {
    const flags = this.flags;
    const mask = this.mask;
    let s = this.rxtNext;
    while (s < this.highSacked && (flags[s & mask] & (SACKED | RETRANSMITTED)) !== 0) s++;
    // What was skipped is SACKed or already retransmitted: no rule will pick it before a reset.
    this.rxtNext = s;
    return s < this.highSacked ? s : -1;
  }

  /** NextSeg rule 4 (rescue): the highest outstanding un-SACKed segment, or -1. */
  highestUnsacked(): number {
    for (let s = this.high - 1; s >= this.una; s--) if (!this.isSacked(s)) return s;
    return -1;
  }

  /** Marks `s` SACKed, joins it with SACKed neighbours; returns the end of its run. */
  private markSacked(s: number): number {
    const flags = this.flags;
    const mask = this.mask;
    const i = s & mask;
    const f = flags[i];
    if (f & LOST) this.lost--;
    if (f & RETRANSMITTED) this.retransmitted--;
    flags[i] = SACKED;
    this.sacked++;
    if (s > this.highSacked) this.highSacked = s;
    if (this.third >= 0 && s > this.third) this.aboveThird++;
    const left = s > this.una && (flags[(s - 1) & mask] & SACKED) !== 0 ? this.other[(s - 1) & mask] : s;
    const right = s + 1 < this.high && (flags[(s + 1) & mask] & SACKED) !== 0 ? this.other[(s + 1) & mask] : s;
    this.other[left & mask] = right;
    this.other[right & mask] = left;
    return right;
  }

  /** Moves `third` to the DupThresh-th highest SACKed segment and marks what lies below it lost. */
  private updateLost(): void {
    if (this.sacked < DUP_THRESH) return;
    const flags = this.flags;
    const mask = this.mask;
    if (this.third < 0) {
      // Count down from the top to the DupThresh-th SACKed segment.
      let s = this.highSacked;
      let n = 0;
      for (; ; s--) if ((flags[s & mask] & SACKED) !== 0 && ++n === DUP_THRESH) break;
      this.third = s;
      this.aboveThird = DUP_THRESH - 1;
    }
    while (this.aboveThird > DUP_THRESH - 1) {
      let s = this.third + 1;
      while ((flags[s & mask] & SACKED) === 0) s++;
      this.third = s;
      this.aboveThird--;
    }
    for (let s = this.lostEnd; s < this.third; s++) {
      const i = s & mask;
      const f = flags[i];
      if ((f & (SACKED | LOST)) === 0) {
        flags[i] = f | LOST;
        this.lost++;
      }
    }
    if (this.third > this.lostEnd) this.lostEnd = this.third;
  }

  /** Doubles the ring, keeping every outstanding segment's flags and tags at its new index. */
  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const flags = new Uint8Array(cap);
    const other = new Float64Array(cap);
    const mask = cap - 1;
    for (let s = this.una; s < this.high; s++) {
      flags[s & mask] = this.flags[s & this.mask];
      other[s & mask] = this.other[s & this.mask];
    }
    this.flags = flags;
    this.other = other;
    this.mask = mask;
  }
}
