/** Links catalog kinds create: local links inside a region or a datacenter, and links from catalog plans. */
import { DEFAULT_QUEUE, type QueueSpec } from '../../net/queue/spec.js';
import type { LinkDef } from '../../spec/model.js';
import type { LinkPlan } from '../plan.js';

/**
 * Links of a component inside a region or a datacenter: no propagation delay (VNet peering:
 * same-region latency equals that inside a VNet, articles/virtual-network/virtual-network-peering-overview.md),
 * 100 Gbps (ASSUMPTION: the component's own stage is the bottleneck, not its attachment), and a
 * small routing cost so that a path takes no needless detour through a zero-delay hop.
 */
export const LOCAL_LINK = Object.freeze({ rate: 100e9, delay: 0, cost: 0.01 });

/**
 * A server's own link (NIC): unlimited queue. The request-response and video models hand a whole
 * message or frame to the network at once, with no transport to pace it; a real host's stack holds
 * what its NIC cannot send yet instead of dropping it (a 2 MB web response is 1,333 packets).
 */
export const SERVER_QUEUE: QueueSpec = Object.freeze({ discipline: 'fifo', limit: Object.freeze({}) });

/** A symmetric local link (see {@link LOCAL_LINK}); its routing cost is its delay in ms plus the local cost. */
export function localLink(
  id: string,
  from: string,
  to: string,
  rate: number = LOCAL_LINK.rate,
  delay: number = LOCAL_LINK.delay,
  queue: QueueSpec = DEFAULT_QUEUE,
): LinkDef {
  return {
    id,
    from,
    to,
    forward: { rate, delay },
    reverse: { rate, delay },
    loss: 0,
    queue,
    background: null,
    cost: delay * 1000 + LOCAL_LINK.cost,
  };
}

/** A catalog link plan (base units) as a scenario link; its cross traffic keeps the plan's exponential sizes. */
export function linkFromPlan(plan: LinkPlan, cost: number | null = null): LinkDef {
  return {
    id: plan.id,
    from: plan.from,
    to: plan.to,
    forward: { rate: plan.forward.rate, delay: plan.forward.delay },
    reverse: { rate: plan.reverse.rate, delay: plan.reverse.delay },
    loss: plan.loss,
    queue: plan.queue ?? DEFAULT_QUEUE,
    background: plan.background
      ? {
          load: plan.background.load,
          size: { dist: 'exponential', mean: plan.background.meanSize },
          class: plan.background.class,
        }
      : null,
    cost,
  };
}
