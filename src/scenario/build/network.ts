import type { Network } from '../../net/index.js';
import type { Scenario } from '../../spec/model.js';

/**
 * The nodes and full-duplex links, each direction with its queue; returns the routing cost of the
 * channels whose link sets one (the others cost their propagation delay in ms).
 */
export function buildNetwork(net: Network, s: Scenario): Map<string, number> {
  for (const n of s.nodes) net.addNode(n.id, n.kind);
  const costs = new Map<string, number>();
  for (const l of s.links) {
    const link = net.addLink({
      id: l.id,
      from: l.from,
      to: l.to,
      forward: { rate: l.forward.rate, delay: l.forward.delay, loss: l.loss, queue: l.queue },
      reverse: { rate: l.reverse.rate, delay: l.reverse.delay, loss: l.loss, queue: l.reverseQueue ?? l.queue },
    });
    if (l.cost !== null) {
      costs.set(link.forward.id, l.cost);
      costs.set(link.reverse.id, l.cost);
    }
  }
  return costs;
}

/**
 * A node `within` another (a server in its data centre) goes down when that one does and comes back with
 * it. Registered before the router's own listener, so routes are recomputed with both down.
 */
export function propagateFailures(net: Network, s: Scenario): void {
  const members = new Map<string, string[]>();
  for (const n of s.nodes) {
    if (n.within === undefined) continue;
    if (!net.nodes.has(n.within)) throw new Error(`node '${n.id}' is within unknown node '${n.within}'`);
    const list = members.get(n.within) ?? [];
    list.push(n.id);
    members.set(n.within, list);
  }
  if (members.size === 0) return;
  net.onTopologyChange((change) => {
    if (change.kind !== 'node') return;
    for (const id of members.get(change.id) ?? []) net.setNodeUp(id, change.up);
  });
}
