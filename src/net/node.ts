import type { Channel } from './channel.js';

/** A node: an end system (`host`), a router, or a catalog kind. Forwarding is by the packet's route. */
export class NetNode {
  up = true;
  /** Channels leaving and entering this node (both go down with it). */
  readonly out: Channel[] = [];
  readonly in: Channel[] = [];
  /** Processing stages a packet passes when it enters this node (a gateway's crypto engine). */
  readonly stages: Channel[] = [];

  constructor(
    readonly index: number,
    readonly id: string,
    readonly kind: string,
  ) {}
}
