import type { Endpoint, Flow, Network, Packet } from '../net/index.js';
import { LazyDeadline } from './deadline.js';
import { MAX_SACK_BLOCKS, SackOptions } from './sack-option.js';

/** `tag` of an ACK sent for a segment the receiver already had. */
export const DUPLICATE = 1;

/** Delayed ACKs (RFC 5681 section 4.2): one ACK per `count` in-order segments, or after `timeout`. */
export interface DelayedAck {
  count: number;
  timeout: number;
}

/**
 * The receiving end of an elastic transfer: accepts segments (numbered from 0) in any order,
 * delivers in order, and answers with cumulative ACKs (the next segment it expects) on the reverse
 * flow, echoing a segment's send time (as the TCP timestamp option does, so the sender measures
 * RTTs of retransmissions unambiguously).
 *
 * - **SACK** (RFC 2018), when on: an ACK sent while out-of-order data is held carries up to three
 *   blocks; the first is the run of held segments containing the segment that triggered the ACK
 *   (unless that segment advanced the cumulative ACK), then the most recently reported runs that
 *   are still held and distinct from it. The blocks go in a {@link SackOptions} record.
 * - **Delayed ACKs**, when on: in-order segments are acknowledged every `count` segments or after
 *   `timeout`, whichever first; a segment out of order, a duplicate, or one that fills a gap is
 *   acknowledged at once (RFC 5681 section 4.2). The ACK echoes the send time of the earliest segment
 *   it acknowledges (RFC 7323's TS.Recent), so RTT samples include the delay.
 * - An ACK answering a segment it already had carries `tag = DUPLICATE` (what a D-SACK block tells
 *   a real sender, RFC 2883): without it, the copies a go-back-N after a timeout sends look like
 *   duplicate ACKs to a sender without SACK, start a false fast retransmit, and every ACK of that
 *   false recovery is "partial" and sends another copy, a cycle measured here to go on indefinitely.
 *
 * Out-of-order segments are remembered in a ring of flags indexed by segment number (the sender
 * never sends past `acked + window`, so a segment lands within `window` of `next`), grown by
 * doubling up to the window. With SACK, each run of held segments keeps its other end at both ends
 * (boundary tags), so finding a segment's run and jumping `next` over a run cost O(1).
 */
export class ElasticReceiver implements Endpoint {
  /** The next in-order segment expected (everything below has arrived). */
  next = 0;
  /** The SACK options of the ACKs this receiver sends, or null without SACK. */
  readonly options: SackOptions | null;
  private held: Uint8Array;
  private other: Float64Array;
  private mask: number;
  private heldCount = 0;
  /** The blocks last reported, most recent first: (start, end) pairs, end exclusive. */
  private readonly blocks = new Float64Array(2 * MAX_SACK_BLOCKS);
  private blockCount = 0;
  private readonly scratch = new Float64Array(2 * MAX_SACK_BLOCKS);
  private readonly delay: LazyDeadline | null;
  private pending = 0;
  private pendingEcho = 0;

  constructor(
    private readonly net: Network,
    private readonly ackFlow: Flow,
    private readonly ackSize: number,
    private readonly windowSegments: number,
    sack: boolean,
    private readonly delayed: DelayedAck | null = null,
  ) {
    let cap = 16;
    while (cap < 64 && cap < windowSegments) cap *= 2;
    this.held = new Uint8Array(cap);
    this.other = new Float64Array(sack ? cap : 0);
    this.mask = cap - 1;
    this.options = sack ? new SackOptions() : null;
    this.delay = delayed !== null && delayed.count > 1 ? new LazyDeadline(net.sim, this.onDelayExpired) : null;
  }

  arrive(pkt: Packet): void {
    const seq = pkt.seq;
    const echo = pkt.echo;
    this.net.release(pkt);
    const next = this.next;
    if (seq === next) {
      const gap = this.heldCount > 0;
      this.next = seq + 1;
      if (gap) this.deliverHeld();
      if (this.options !== null && this.blockCount > 0) this.refreshBlocks(-1, -1);
      if (this.delay === null || gap) this.send(echo, false);
      else this.delayAck(echo);
    } else if (seq < next || seq - next >= this.windowSegments || this.isHeld(seq)) {
      this.send(echo, true);
    } else {
      this.hold(seq);
      this.send(echo, false);
    }
  }

  private isHeld(seq: number): boolean {
    return seq - this.next <= this.mask && this.held[seq & this.mask] === 1;
  }

  /** Remembers out-of-order segment `seq`; with SACK, reports its run first. */
  private hold(seq: number): void {
    if (seq - this.next > this.mask) this.grow(seq - this.next + 1);
    const mask = this.mask;
    this.held[seq & mask] = 1;
    this.heldCount++;
    if (this.options === null) return;
    const held = this.held;
    const other = this.other;
    const left = held[(seq - 1) & mask] === 1 && seq - 1 >= this.next ? other[(seq - 1) & mask] : seq;
    const right = held[(seq + 1) & mask] === 1 && seq + 1 - this.next <= mask ? other[(seq + 1) & mask] : seq;
    other[left & mask] = right;
    other[right & mask] = left;
    this.refreshBlocks(left, right + 1);
  }

  /** `next` reached held data: jump over the run that starts there. */
  private deliverHeld(): void {
    const held = this.held;
    const mask = this.mask;
    let next = this.next;
    if (held[next & mask] !== 1) return;
    const end = this.options !== null ? this.other[next & mask] + 1 : -1;
    while (held[next & mask] === 1 && (end < 0 || next < end)) {
      held[next & mask] = 0;
      this.heldCount--;
      next++;
    }
    this.next = next;
  }

  /** The blocks after an arrival: the new run [start, end) first (if any), then the earlier ones. */
  private refreshBlocks(start: number, end: number): void {
    const blocks = this.blocks;
    const out = this.scratch;
    let n = 0;
    if (start >= 0) {
      out[0] = start;
      out[1] = end;
      n = 1;
    }
    for (let i = 0; i < this.blockCount && n < MAX_SACK_BLOCKS; i++) {
      const s = blocks[2 * i];
      const e = blocks[2 * i + 1];
      // Runs only grow by merging, so an earlier block is either inside the new run or apart from it.
      if (e <= this.next || (start >= 0 && s >= start && s < end)) continue;
      out[2 * n] = s;
      out[2 * n + 1] = e;
      n++;
    }
    blocks.set(out);
    this.blockCount = n;
  }

  private delayAck(echo: number): void {
    if (this.pending === 0) this.pendingEcho = echo;
    if (++this.pending >= this.delayed!.count) this.send(this.pendingEcho, false);
    else if (!this.delay!.armed) this.delay!.set(this.net.sim.now + this.delayed!.timeout);
  }

  private readonly onDelayExpired = (): void => {
    if (this.pending > 0) this.send(this.pendingEcho, false);
  };

  private send(echo: number, duplicate: boolean): void {
    if (this.pending > 0) {
      echo = this.pendingEcho;
      this.pending = 0;
      this.delay!.clear();
    }
    const ack = this.net.packet(this.ackFlow, this.ackSize);
    ack.ack = this.next;
    ack.echo = echo;
    if (duplicate) ack.tag = DUPLICATE;
    if (this.options !== null && this.heldCount > 0 && this.blockCount > 0) {
      ack.seq = this.options.write(this.blocks, this.blockCount);
    }
    this.net.inject(ack);
  }

  /** Enlarges the ring to hold `span` segments from `next`, keeping what is held. */
  private grow(span: number): void {
    let cap = (this.mask + 1) * 2;
    while (cap < span) cap *= 2;
    const held = new Uint8Array(cap);
    const other = new Float64Array(this.options !== null ? cap : 0);
    const mask = cap - 1;
    for (let s = this.next; s <= this.next + this.mask; s++) {
      if (this.held[s & this.mask] !== 1) continue;
      held[s & mask] = 1;
      if (this.options !== null) other[s & mask] = this.other[s & this.mask];
    }
    this.held = held;
    this.other = other;
    this.mask = mask;
  }
}
