import type { Channel } from './channel.js';
import type { Hop } from './packet.js';

/** A node: an end system (`host`), a router, or a catalog kind. Forwarding is by the packet's route. */
export class NetNode {
  up = true;
  /** Channels leaving and entering this node (both go down with it). */
  readonly out: Channel[] = [];
  readonly in: Channel[] = [];
  /**
   * Processing stages a packet passes when it enters this node: channels (a gateway's crypto
   * engine) or zero-time hops (a tunnel endpoint adding or removing encapsulation).
   */
  readonly stages: Hop[] = [];
  /**
   * Zero-time hops a packet passes before it leaves the node it was created at: a VPN client on
   * the user's machine encapsulating (or refusing) the packets it sends.
   */
  readonly originStages: Hop[] = [];

  constructor(
    readonly index: number,
    readonly id: string,
    readonly kind: string,
  ) {}
}
