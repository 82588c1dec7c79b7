import type { Background, Link, Network, QueueSpec } from '../net/index.js';
import { ExponentialSizes } from '../net/work.js';

/** One direction of a planned link: bits/s and one-way propagation delay in seconds. */
export interface DirectionPlan {
  rate: number;
  delay: number;
}

/** Unmeasured Poisson cross traffic on both directions of a link (net/background.ts). */
export interface BackgroundPlan {
  /** Fraction of each direction's rate. */
  load: number;
  /** Mean packet size, bytes (sizes are exponential). */
  meanSize: number;
  /** The QoS class it is marked with. */
  class: string;
}

/**
 * A link the catalog plans, in base units: plain data, so the scenario layer can turn it into its
 * own link definitions, and tests can build it directly with {@link addPlannedLinks}.
 */
export interface LinkPlan {
  id: string;
  from: string;
  to: string;
  forward: DirectionPlan;
  reverse: DirectionPlan;
  /** Independent loss per packet on the wire, both directions. */
  loss: number;
  queue?: QueueSpec;
  background: BackgroundPlan | null;
}

/**
 * Mean size of background (internet cross-traffic) packets. ASSUMPTION: 1000 bytes, between the
 * many small ACKs and the full-size data packets of a typical internet mix; exponential sizes make
 * the queue an M/M/1 one, so its delay distribution is known in closed form.
 */
export const BACKGROUND_MEAN_SIZE = 1000;

/**
 * Adds planned links to a network (their nodes must exist) and starts their background traffic
 * on each direction (net.addBackground), with random streams named after the channel (`bg:<link>>`, `bg:<link><`).
 * Returns the links and the background generators (stop them at the end of the window).
 */
export function addPlannedLinks(net: Network, plans: readonly LinkPlan[]): { links: Link[]; background: Background[] } {
  const links: Link[] = [];
  const background: Background[] = [];
  for (const p of plans) {
    const loss = p.loss;
    const link = net.addLink({
      id: p.id,
      from: p.from,
      to: p.to,
      forward: { rate: p.forward.rate, delay: p.forward.delay, loss, queue: p.queue },
      reverse: { rate: p.reverse.rate, delay: p.reverse.delay, loss, queue: p.queue },
    });
    links.push(link);
    if (p.background !== null && p.background.load > 0) {
      const cls = net.classes.get(p.background.class);
      for (const ch of [link.forward, link.reverse]) {
        const name = `bg:${ch.id}`;
        // The same streams as exponential(stream(...)) and stream(name), as generators the work loop inlines.
        const size = new ExponentialSizes(net.random.generator(`${name}:size`), p.background.meanSize);
        const bg = net.addBackground(ch, p.background.load, size, net.random.generator(name), cls);
        bg.start();
        background.push(bg);
      }
    }
  }
  return { links, background };
}
