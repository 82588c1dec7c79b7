import type { DropReason, FlowObserver, Packet } from '../../src/net/index.js';

/**
 * A FlowObserver that keeps every event of a flow (tests only: it grows with the packet count).
 * Packets are pooled, so it copies what it needs at the moment of the callback.
 */
export class PacketLog implements FlowObserver {
  readonly sent: number[] = [];
  readonly received: Array<{ id: number; created: number; at: number; latency: number }> = [];
  readonly lost: Array<{ id: number; reason: DropReason; at: number }> = [];

  onSent(pkt: Packet): void {
    this.sent.push(pkt.id);
  }

  onReceived(pkt: Packet, now: number): void {
    this.received.push({ id: pkt.id, created: pkt.created, at: now, latency: now - pkt.created });
  }

  onLost(pkt: Packet, reason: DropReason, now: number): void {
    this.lost.push({ id: pkt.id, reason, at: now });
  }
}
