import type { Channel, Network } from '../net/index.js';
import { SearchIndex } from './search.js';

/** What a directed graph edge carries: the channel it stands for and its routing cost. */
export interface Edge {
  channel: Channel;
  cost: number;
}

/**
 * The routing view of a network: a directed multigraph, one edge per channel (a link is two),
 * nodes keyed by node id, held as typed arrays for path search (search.ts says why). Up/down state
 * is read live from the channels and nodes.
 *
 * It used to be an ngraph.graph as well; nothing searched it, and building that second graph took
 * about 70% of this constructor's CPU time on the 10,000-user scale scenario (bench/RESULTS.md).
 * Policies walk the graph through {@link edgesFrom}.
 */
export class Topology {
  /** The graph as typed arrays, for path search. */
  readonly search: SearchIndex;
  private readonly edges: Edge[] = [];
  private readonly edgeOf = new Map<Channel, Edge>();

  /** @param costs optional cost per channel id; default: propagation delay in milliseconds */
  constructor(
    readonly net: Network,
    costs: ReadonlyMap<string, number> = new Map(),
  ) {
    const list: { from: string; to: string; cost: number; channel: Channel }[] = [];
    for (const link of net.links.values()) {
      for (const channel of [link.forward, link.reverse]) {
        const cost = costs.get(channel.id) ?? channel.spec.delay * 1000;
        if (!(cost >= 0 && cost < Infinity))
          throw new RangeError(`channel ${channel.id}: cost must be a finite number >= 0`);
        const edge = { channel, cost };
        this.edges.push(edge);
        this.edgeOf.set(channel, edge);
        list.push({ from: channel.spec.from, to: channel.spec.to, cost, channel });
      }
    }
    this.search = new SearchIndex([...net.nodes.keys()], list);
  }

  /** An edge can carry traffic when its channel is up (a channel is down when either node is). */
  usable(edge: Edge): boolean {
    return edge.channel.up;
  }

  hasNode(id: string): boolean {
    return this.search.index.has(id);
  }

  /** The edges leaving a node, in the order their links were added (usable or not); [] for an unknown node. */
  edgesFrom(id: string): Edge[] {
    const ix = this.search;
    const v = ix.index.get(id);
    if (v === undefined) return [];
    const out: Edge[] = [];
    for (let i = ix.outStart[v]; i < ix.outStart[v + 1]; i++) out.push(this.edges[ix.outEdges[i]]);
    return out;
  }

  /** The routing cost of a link channel (throws for a channel that is not a link direction). */
  cost(channel: Channel): number {
    const e = this.edgeOf.get(channel);
    if (!e) throw new Error(`channel ${channel.id} is not part of the routing topology`);
    return e.cost;
  }
}
