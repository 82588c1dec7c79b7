/**
 * Hybrid populations (issue 13, direction 3): the users of a population beyond its `fidelity.packetUsers`
 * are carried as aggregate Poisson load on the shared channels their traffic crosses, not as packets.
 * The sample's own flows give the way (their routes beyond the sample user's access link: the same
 * segment, transit, waypoints and server side); each component's mean packet rate and size mix, times
 * the fluid users running it at that place, is added there as unmeasured background (work without
 * events on FIFO channels, packets of the component's class elsewhere: net.addBackground decides).
 */
import type { Sampler } from '../../engine/distributions.js';
import type { Alea } from '../../engine/random.js';
import type { Channel, Flow, Hop } from '../../net/index.js';
// work.js alone, not the network: `netsim validate` loads this kind (test/cli-startup.test.ts).
import { ConstantSizes, workSizes } from '../../net/work.js';
import type { BuildContext } from '../../spec/kind.js';
import { quantityMean } from '../../spec/unit-schemas.js';
import type { TrafficSpec } from '../../traffic/spec.js';
import { onOffPacketRate } from '../../traffic/onoff.js';
import { VIDEO_DEFAULTS } from '../../traffic/video.js';
import { appProfile } from '../apps.js';
import { backFlowId } from './ids.js';

/** The fluid users of one app assignment at one place, and the sample user whose flows show their way. */
export interface FluidGroup {
  /** The place's ISP router. */
  isp: string;
  label: string;
  app: string;
  /** Users at the place running the app and carried as load. */
  users: number;
  /** A packet user at the same place running the app: its flows' routes are the group's. */
  sample: string;
  classes: Readonly<Record<string, string>>;
  stop: number | null;
}

/** What one user's component sends on one directed flow: packets per second and their size. */
interface Rate {
  packets: number;
  /** The sizes, drawn from the generator given (work.ts's classes, which the work loop inlines). */
  size: (generator: Alea) => Sampler;
}

/**
 * Mean rates of one user's component, on its declared flow and its back flow, or a reason it has
 * none (elastic TCP fills what it gets: it has no mean rate to carry as load). `rtt`: the seconds a
 * request-response exchange spends in the network (propagation both ways and the response's
 * serialization at the slowest hop), added to the think time.
 */
export function componentRates(
  t: TrafficSpec,
  twoWay: boolean,
  rtt: number,
): { forward: Rate; back: Rate | null } | string {
  const own = (r: Rate) => ({ forward: r, back: twoWay ? r : null });
  switch (t.model) {
    case 'cbr':
      return own({ packets: 1 / t.interval, size: (g) => workSizes(t.size, g) });
    case 'poisson':
      return own({ packets: t.rate, size: (g) => workSizes(t.size, g) });
    case 'onoff':
      return own({ packets: onOffPacketRate(t.on, t.off, t.interval), size: (g) => workSizes(t.size, g) });
    case 'video': {
      // A frame leaves back to back (MTU packets): carried as one arrival of the mean frame's work.
      const fps = t.fps ?? VIDEO_DEFAULTS.fps;
      return own({ packets: fps, size: () => new ConstantSizes(t.rate / 8 / fps) });
    }
    case 'request-response': {
      // A message leaves back to back: one arrival of its whole work per exchange, so the queue sees
      // the bursts the packet users' responses make (Poisson packets instead were measured to halve
      // the segment's mean queue: docs/performance.md).
      const cycle = quantityMean(t.think) + rtt;
      return {
        forward: { packets: 1 / cycle, size: (g) => workSizes(t.request, g) },
        back: { packets: 1 / cycle, size: (g) => workSizes(t.response, g) },
      };
    }
    case 'elastic':
      return 'elastic (TCP) traffic has no mean rate to carry as load';
  }
}

/**
 * A channel among a route's hops, told apart from a processing stage by its shape: an `instanceof`
 * would import the network into `netsim validate`, which loads this kind but never simulates
 * (test/cli-startup.test.ts).
 */
const isChannel = (h: Hop): h is Channel => 'spec' in h && 'counters' in h;

/** Channels of a route beyond the sample user's own access link (which carries only that user's traffic). */
function sharedChannels(route: Flow['route'], host: string): Channel[] {
  const own = `access:${host}`;
  return (route ?? []).filter(
    (h): h is Channel => isChannel(h) && !h.id.startsWith(`${own}>`) && !h.id.startsWith(`${own}<`),
  );
}

/**
 * Adds each group's load on the shared channels of its sample's routes once every flow is routed,
 * from the start of the run to its stop (or the end of the measured window, like the background). Each
 * (group, flow, channel) draws from its own stream, named after all three.
 */
export function carryFluidUsers(ctx: BuildContext, population: string, groups: readonly FluidGroup[]): void {
  ctx.afterFlows((flows) => {
    for (const g of groups) {
      const app = appProfile(g.app);
      for (const c of app.components) {
        const id = `${g.sample}.${g.label}.${c.name}`;
        const forward = flows.get(id);
        const back = flows.get(backFlowId(id)) ?? null;
        if (!forward) throw new Error(`population ${population}: sample flow ${id} is missing`);
        const rtt = [forward, back].reduce(
          (s, f) => s + (f?.route ?? []).reduce((d, h) => d + (isChannel(h) ? h.spec.delay : 0), 0),
          0,
        );
        const rates = componentRates(c.traffic, c.direction === 'both', rtt);
        if (typeof rates === 'string') throw new Error(`population ${population}: app ${g.app}: ${rates}`);
        const cls = ctx.net.classes.get(g.classes[c.name] ?? c.class);
        const legs: [Flow | null, Rate | null][] = [
          [forward, rates.forward],
          [back, rates.back],
        ];
        for (const [flow, rate] of legs) {
          if (!flow || !rate) continue;
          for (const ch of sharedChannels(flow.route, g.sample)) {
            const leg = flow.id === id ? 'fwd' : 'back';
            const name = `fluid:${population}:${g.isp}:${g.label}:${c.name}:${leg}:${ch.id}`;
            const size = rate.size(ctx.net.random.generator(`${name}:size`));
            const load = (g.users * rate.packets * 8 * size.mean) / ch.spec.rate;
            const bg = ctx.net.addBackground(ch, load, size, ctx.net.random.generator(name), cls);
            const stop = Math.min(g.stop ?? ctx.window.end, ctx.window.end);
            // From the build on (the sample's users start within a second of `start`; the warm-up covers it).
            bg.start();
            ctx.sim.at(stop, () => bg.stop());
          }
        }
      }
    }
  });
}
