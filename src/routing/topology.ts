import createGraph, { type Graph } from 'ngraph.graph';
import type { Channel, Network } from '../net/index.js';
import { SearchIndex } from './search.js';

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
  /** The same graph as typed arrays, for path search (search.ts says why). */
  readonly search: SearchIndex;
  private readonly edges = new Map<Channel, Edge>();

  /** @param costs optional cost per channel id; default: propagation delay in milliseconds */
  constructor(
    readonly net: Network,
    costs: ReadonlyMap<string, number> = new Map(),
  ) {
    this.graph = createGraph<undefined, Edge>({ multigraph: true });
    const ids = [...net.nodes.keys()];
    for (const id of ids) this.graph.addNode(id);
    const list: { from: string; to: string; cost: number; channel: Channel }[] = [];
    for (const link of net.links.values()) {
      for (const channel of [link.forward, link.reverse]) {
        const cost = costs.get(channel.id) ?? channel.spec.delay * 1000;
        if (!(cost >= 0 && cost < Infinity))
          throw new RangeError(`channel ${channel.id}: cost must be a finite number >= 0`);
        const edge = { channel, cost };
        this.edges.set(channel, edge);
        this.graph.addLink(channel.spec.from, channel.spec.to, edge);
        list.push({ from: channel.spec.from, to: channel.spec.to, cost, channel });
      }
    }
    this.search = new SearchIndex(ids, list);
  }

  /** An edge can carry traffic when its channel is up (a channel is down when either node is). */
  usable(edge: Edge): boolean {
    return edge.channel.up;
  }

  hasNode(id: string): boolean {
    return this.graph.hasNode(id) !== undefined;
  }

  /** The routing cost of a link channel (throws for a channel that is not a link direction). */
  cost(channel: Channel): number {
    const e = this.edges.get(channel);
    if (!e) throw new Error(`channel ${channel.id} is not part of the routing topology`);
    return e.cost;
  }
}
