import createGraph, { type Graph } from 'ngraph.graph';
import type { Channel, Network } from '../net/index.js';

/** What a directed graph edge carries: the channel it stands for and its routing cost. */
export interface Edge {
  channel: Channel;
  cost: number;
}

/**
 * The routing view of a network: an ngraph directed multigraph, one edge per channel (a link is
 * two), nodes keyed by node id. Up/down state is read live from the channels and nodes.
 */
export class Topology {
  readonly graph: Graph<undefined, Edge>;

  /** @param costs optional cost per channel id; default: propagation delay in milliseconds */
  constructor(readonly net: Network, costs: ReadonlyMap<string, number> = new Map()) {
    this.graph = createGraph<undefined, Edge>({ multigraph: true });
    for (const id of net.nodes.keys()) this.graph.addNode(id);
    for (const link of net.links.values()) {
      for (const channel of [link.forward, link.reverse]) {
        const cost = costs.get(channel.id) ?? channel.spec.delay * 1000;
        if (!(cost >= 0)) throw new RangeError(`channel ${channel.id}: cost must be >= 0`);
        this.graph.addLink(channel.spec.from, channel.spec.to, { channel, cost });
      }
    }
  }

  /** An edge can carry traffic when its channel is up (a channel is down when either node is). */
  usable(edge: Edge): boolean {
    return edge.channel.up;
  }

  hasNode(id: string): boolean {
    return this.graph.hasNode(id) !== undefined;
  }
}
