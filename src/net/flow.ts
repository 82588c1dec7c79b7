import type { ClassInfo } from './classes.js';
import type { DropReason } from './drop.js';
import type { Hop, Packet } from './packet.js';

/** Receives a flow's packets at the end of their route; owns them from then (must release them). */
export interface Endpoint {
  arrive(pkt: Packet): void;
}

/**
 * Sees a flow's packets being sent, received and lost: how the metrics layer plugs in. `now` is when
 * the thing happened, which in a fused network may be ahead of the simulator's clock (a loss decided at
 * admission, a delivery ahead of the clock: docs/performance.md): take the time from it, never from `sim.now`.
 */
export interface FlowObserver {
  onSent(pkt: Packet): void;
  onReceived(pkt: Packet, now: number): void;
  onLost(pkt: Packet, reason: DropReason, now: number): void;
}

export const NULL_OBSERVER: FlowObserver = Object.freeze({
  onSent() {},
  onReceived() {},
  onLost() {},
});

/**
 * A flow as the network sees it: a class, a route (set by the routing layer; null while there is
 * none), where its packets go at the end, and who watches them. Traffic models own the rest.
 */
export class Flow {
  /** The hops every new packet takes; `null` means no route (packets drop with `no-route`). */
  route: readonly Hop[] | null = null;
  /** Node ids of the current route, for results. */
  path: readonly string[] = [];
  /** Gets packets at the end of the route; `null`: the network releases them after observing. */
  receiver: Endpoint | null = null;
  observer: FlowObserver = NULL_OBSERVER;
  /** Packets sent on this flow so far (also a per-flow sequence source). */
  packets = 0;
  /** Bytes generated on this flow so far (the routing layer's load-aware policy reads its rate). */
  bytes = 0;
  /** false: reported on its own but left out of its class's figures (elastic ACKs); the delay ledger reads it. */
  pooled = true;

  constructor(
    readonly index: number,
    readonly id: string,
    readonly cls: ClassInfo,
    /** Unmeasured cross traffic: released right after serialization, never observed. */
    readonly background = false,
  ) {}
}
