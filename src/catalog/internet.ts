import { estimatedRttMs, metroRttMs } from './distance-model.js';
import type { GeoPoint } from './geo.js';
import { BACKGROUND_MEAN_SIZE, type LinkPlan } from './plan.js';
import { EXPRESSROUTE_DIRECT_PORTS, expressRouteBandwidthProblem } from './expressroute.js';
import { Gbps, ms } from './units.js';

/**
 * The public internet between an ISP and a far network. ASSUMPTIONS (no single public figure;
 * set per scenario):
 * - `stretch` 1.3: public routes detour through transit providers and exchange points, so their
 *   RTT is 1.3 times what the distance model fitted to Microsoft's backbone gives for the same
 *   distance (distance-model.ts).
 * - `rate` 1 Gbps: the share of a congested interconnect the studied traffic competes for. It
 *   also bounds the simulation cost of the cross traffic (about 62,500 background packets/s per
 *   direction at load 0.5).
 * - `peakLoad` 0.5 and `peakLoss` 0.1 %: cross traffic and random loss at the busy hour; off-peak
 *   the load is 0.2 and the loss 0.
 */
export const INTERNET = Object.freeze({
  stretch: 1.3,
  rate: 1 * Gbps,
  peakLoad: 0.5,
  peakLoss: 0.001,
  offPeakLoad: 0.2,
  offPeakLoss: 0,
});

export interface TransitOptions {
  peak?: boolean;
  rate?: number;
  load?: number;
  loss?: number;
  /** Class of the cross traffic (default `bulk`). */
  backgroundClass?: string;
}

/** Idle one-way delay of an internet path between two places, seconds. */
export function internetDelay(a: GeoPoint, b: GeoPoint): number {
  return (INTERNET.stretch * estimatedRttMs(a, b) * ms) / 2;
}

/** A transit link across the public internet, with cross traffic and (at peak) random loss. */
export function internetTransitPlan(
  id: string,
  from: string,
  to: string,
  a: GeoPoint,
  b: GeoPoint,
  options: TransitOptions = {},
): LinkPlan {
  const peak = options.peak ?? true;
  const rate = options.rate ?? INTERNET.rate;
  const delay = internetDelay(a, b);
  const load = options.load ?? (peak ? INTERNET.peakLoad : INTERNET.offPeakLoad);
  return {
    id,
    from,
    to,
    forward: { rate, delay },
    reverse: { rate, delay },
    loss: options.loss ?? (peak ? INTERNET.peakLoss : INTERNET.offPeakLoss),
    background: load > 0 ? { load, meanSize: BACKGROUND_MEAN_SIZE, class: options.backgroundClass ?? 'bulk' } : null,
  };
}

export interface CircuitOptions {
  /** Circuit bandwidth, bits/s: a provider bandwidth, or one of the Direct port's. */
  bandwidth: number;
  direct?: keyof typeof EXPRESSROUTE_DIRECT_PORTS;
}

/**
 * An ExpressRoute circuit from the customer's edge to Microsoft's edge at a peering location: a
 * private link of the circuit's bandwidth over metro/long-haul fibre (the metro estimate of
 * distance-model.ts), with no internet cross traffic and no random loss.
 */
export function expressRouteCircuitPlan(
  id: string,
  from: string,
  to: string,
  site: GeoPoint,
  peeringLocation: GeoPoint,
  options: CircuitOptions,
): LinkPlan {
  const problem = expressRouteBandwidthProblem(options.bandwidth, options.direct);
  if (problem) throw new Error(`ExpressRoute circuit '${id}': ${problem}`);
  const delay = (metroRttMs(site, peeringLocation) * ms) / 2;
  return {
    id,
    from,
    to,
    forward: { rate: options.bandwidth, delay },
    reverse: { rate: options.bandwidth, delay },
    loss: 0,
    background: null,
  };
}

/**
 * ASSUMPTION: the shortest public-internet hop, from a site to an edge POP in its own metro, takes
 * at least 1 ms one way (the site's ISP, an exchange, the POP's router).
 */
export const METRO_INTERNET_FLOOR = 1 * ms;

/**
 * One-way delay of an internet path within a metro or region (a site to its nearest edge POP):
 * the route factor without the inter-region intercept, stretched like every public path, at least
 * {@link METRO_INTERNET_FLOOR}.
 */
export function metroInternetDelay(a: GeoPoint, b: GeoPoint): number {
  return Math.max(METRO_INTERNET_FLOOR, (INTERNET.stretch * metroRttMs(a, b) * ms) / 2);
}
