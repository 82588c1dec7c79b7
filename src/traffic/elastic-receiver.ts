import type { Endpoint, Flow, Network, Packet } from '../net/index.js';

/** `tag` of an ACK sent for a segment the receiver already had. */
export const DUPLICATE = 1;

/**
 * The receiving end of an elastic transfer: accepts segments (numbered from 0) in any order,
 * delivers in order, and answers every segment with a cumulative ACK (the next segment it
 * expects) on the reverse flow, echoing the segment's send time (as the TCP timestamp option
 * does, so the sender measures RTTs of retransmissions unambiguously). No delayed ACKs.
 *
 * An ACK answering a segment it already had carries `tag = DUPLICATE` (what a D-SACK block tells a
 * real sender, RFC 2883): without it, the copies a go-back-N after a timeout sends look like
 * duplicate ACKs, start a false fast retransmit, and every ACK of that false recovery is "partial"
 * and sends another copy, a cycle measured here to go on indefinitely.
 *
 * Out-of-order segments are remembered in a ring of flags as large as the receive window: the
 * sender never sends past `acked + window`, so a segment always lands within `window` of `next`.
 */
export class ElasticReceiver implements Endpoint {
  /** The next in-order segment expected (everything below has arrived). */
  next = 0;
  private readonly held: Uint8Array;

  constructor(
    private readonly net: Network,
    private readonly ackFlow: Flow,
    private readonly ackSize: number,
    windowSegments: number,
  ) {
    this.held = new Uint8Array(windowSegments);
  }

  arrive(pkt: Packet): void {
    const seq = pkt.seq;
    const echo = pkt.echo;
    this.net.release(pkt);
    const held = this.held;
    const cap = held.length;
    let duplicate = false;
    if (seq === this.next) {
      let next = seq + 1;
      while (held[next % cap] === 1) held[next++ % cap] = 0;
      this.next = next;
    } else if (seq < this.next || seq - this.next >= cap || held[seq % cap] === 1) {
      duplicate = true;
    } else {
      held[seq % cap] = 1;
    }
    const ack = this.net.packet(this.ackFlow, this.ackSize);
    ack.ack = this.next;
    ack.echo = echo;
    if (duplicate) ack.tag = DUPLICATE;
    this.net.inject(ack);
  }
}
