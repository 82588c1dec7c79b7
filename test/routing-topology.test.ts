import { describe, expect, it } from 'vitest';
import { Topology } from '../src/routing/index.js';
import { Mini } from './helpers/mini.js';
import { link } from './helpers/routing.js';

/**
 *   a --1ms-- b --2ms-- c        one link = two directed edges; d stands alone
 *
 * The topology is an ngraph.graph of the network: nodes by id, one link per channel carrying its
 * edge; the search index is compiled from it in the same order.
 */
describe('topology graph', () => {
  const m = new Mini({ start: 0, end: 1 });
  for (const id of ['a', 'b', 'c', 'd']) m.net.addNode(id);
  link(m, 'a', 'b', 1);
  link(m, 'b', 'c', 2);
  const topo = new Topology(m.net);

  it('holds every node and one directed link per channel', () => {
    expect(topo.graph.getNodesCount()).toBe(4);
    expect(topo.graph.getLinksCount()).toBe(4);
    expect(topo.hasNode('d')).toBe(true);
    expect(topo.hasNode('e')).toBe(false);
  });

  it('lists the edges leaving a node, in the order the links were added, with their costs', () => {
    expect(topo.edgesFrom('b').map((e) => [e.channel.spec.to, e.cost])).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
    expect(topo.edgesFrom('d')).toEqual([]);
    expect(topo.edgesFrom('nowhere')).toEqual([]);
  });

  it('compiles the search index from the graph, node for node and edge for edge', () => {
    expect(topo.search.ids).toEqual(['a', 'b', 'c', 'd']);
    expect([...topo.search.edgeCost]).toEqual([1, 1, 2, 2]);
    expect(topo.search.edgeChannel.map((c) => topo.cost(c))).toEqual([1, 1, 2, 2]);
  });
});
