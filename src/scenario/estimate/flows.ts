import { formatCount } from '../../spec/estimate.js';
import type { FlowDef } from '../../spec/model.js';
import { formatSeconds } from '../../spec/units.js';
// Each from its own module, not the traffic barrel: validating a file must not load the TCP machinery.
import { ELASTIC_DEFAULTS, REQUEST_RESPONSE_DEFAULTS } from '../../traffic/spec.js';
import { VIDEO_DEFAULTS } from '../../traffic/video.js';
import { quantityMean } from '../../engine/distributions.js';
import { packetRate } from '../schema/traffic.js';
import type { PathBounds } from './paths.js';

/** What one declared flow (both directions) costs: events, and the few words that say why. */
export interface FlowCost {
  events: number;
  /** Directed flows it makes (2 for two-way, request-response and elastic). */
  directed: number;
  /** Bytes it holds beyond a flow's recorder (an elastic receiver's window of flags). */
  extraBytes: number;
  /** Worded when asked: the estimate words the few sources it keeps (wording every flow showed in the profile). */
  what: () => string;
}

/** `6.3×10⁵ exchanges/s`, or `1 exchange every 5s` below one a second. */
const rate = (perSecond: number, noun: string) =>
  perSecond >= 1 || perSecond === 0
    ? `${formatCount(perSecond)} ${noun}s/s`
    : `1 ${noun} every ${formatSeconds(+(1 / perSecond).toPrecision(2))}`;

/**
 * Events of one flow over its active time. A packet costs one event to be generated and one per
 * link it crosses (its arrival: a lazy channel computes the departure without an event, issue 12):
 * `1 + hops`. The rates that
 * adapt to the network (request-response, elastic) are bounded from what no path can beat: the
 * fastest link at either end, the shortest delay there, the think time, the retransmission floor.
 */
export function flowCost(def: FlowDef, end: number, paths: PathBounds): FlowCost {
  const active = Math.max(0, Math.min(def.stop ?? end, end) - def.start);
  const hops = paths.hops([def.from, ...def.via, def.to]);
  const perPacket = 1 + hops;
  const spec = def.traffic;
  const ways = def.twoWay ? 2 : 1;
  switch (spec.model) {
    case 'cbr':
    case 'poisson':
    case 'onoff': {
      const pps = packetRate(spec) ?? 0;
      const packets = pps * active + 1;
      const what = () => `${spec.model}, ${rate(pps, 'packet')}`;
      return { events: packets * perPacket * ways, directed: ways, extraBytes: 0, what };
    }
    case 'video': {
      const p = { ...VIDEO_DEFAULTS, ...defined(spec) };
      const frames = Math.max(1, Math.ceil(active * p.fps));
      // The first frame is a key frame, all of its packets at once (fps 0.001: one frame of 8×10⁸ packets).
      const gop = Math.max(1, Math.round(p.fps * p.keyframeInterval));
      const meanFrame = spec.rate / 8 / p.fps;
      const key = gop === 1 ? meanFrame : ((meanFrame * gop) / (gop - 1 + p.keyframeRatio)) * p.keyframeRatio;
      const packets = Math.max((spec.rate * active) / 8 / p.mtu, key / p.mtu) + frames;
      const what = () => `video at ${p.fps} fps, frames of up to ${formatCount(Math.ceil(key / p.mtu))} packets`;
      return { events: packets * perPacket * ways, directed: ways, extraBytes: 0, what };
    }
    case 'request-response': {
      const mtu = spec.mtu ?? REQUEST_RESPONSE_DEFAULTS.mtu;
      const [request, response, think] = [
        quantityMean(spec.request),
        quantityMean(spec.response),
        quantityMean(spec.think),
      ];
      const slowest = paths.maxRate(def.from, def.to);
      const roundTrip = 2 * paths.minDelay(def.from, def.to);
      // An exchange lasts at least the think time, a round trip, and both messages' serialization at one end.
      const cycle = think + roundTrip + ((request + response) * 8) / slowest;
      const exchanges = cycle > 0 ? active / cycle + 1 : Infinity;
      const packets = request / mtu + response / mtu + 2;
      const what = () =>
        `request-response, think ${formatSeconds(think)}: ${
          cycle > 0 ? `up to ${rate(1 / cycle, 'exchange')}` : 'exchanges take no time on links without delay'
        }`;
      return { events: exchanges * (packets * perPacket + 2), directed: 2, extraBytes: 0, what };
    }
    case 'elastic': {
      const p = { ...ELASTIC_DEFAULTS, ...defined(spec) };
      const roundTrip = 2 * paths.minDelay(def.from, def.to);
      let bps = paths.maxRate(def.from, def.to);
      if (roundTrip > 0) bps = Math.min(bps, (p.receiveWindow * 8) / roundTrip);
      const segments = Math.min((bps * active) / 8 / p.mss, Math.ceil(p.bytes / p.mss)) + 1;
      // Each segment: itself, its ACK, and its send-time jitter; each timeout resends a segment.
      const floor = Math.min(p.initialRto, p.minRto);
      const timeouts = active / floor;
      const events = segments * (2 * perPacket + (p.jitter > 0 ? 1 : 0)) + timeouts * (2 * perPacket + 1);
      const what = () =>
        timeouts > segments
          ? `elastic, retransmission timeouts as short as ${formatSeconds(floor)}: up to ${rate(1 / floor, 'timeout')}`
          : `elastic at up to ${formatCount(bps)} bit/s`;
      return { events, directed: 2, extraBytes: p.receiveWindow / p.mss, what };
    }
  }
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
