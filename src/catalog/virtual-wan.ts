import type { RawProblem } from '../spec/problems.js';
import { Gbps, Mbps } from './units.js';

/**
 * Azure Virtual WAN hub figures. Hubs of a Standard Virtual WAN are a full mesh over the Microsoft
 * backbone (any-to-any); traffic between hubs rides the backbone (backbone.ts).
 */

/**
 * Hub router: 3 Gbps by default, +1 Gbps per routing infrastructure unit, up to 50 Gbps
 * (articles/virtual-wan/hub-settings.md).
 */
export const HUB_ROUTER = Object.freeze({ base: 3 * Gbps, perUnit: 1 * Gbps, max: 50 * Gbps });

/** Hub router throughput for `units` additional routing infrastructure units (0 = the default 3 Gbps). */
export function hubRouterThroughput(units = 0): number {
  const t = HUB_ROUTER.base + units * HUB_ROUTER.perUnit;
  if (!(Number.isInteger(units) && units >= 0 && t <= HUB_ROUTER.max)) {
    throw new Error(
      `Virtual WAN hub: routing units must be an integer from 0 to ` +
        `${(HUB_ROUTER.max - HUB_ROUTER.base) / HUB_ROUTER.perUnit}, got ${units}`,
    );
  }
  return t;
}

/**
 * Per-hub limits (includes/virtual-wan-limits.md): 1,000 branch VPN connections; S2S 20 Gbps
 * aggregate at 500 Mbps per scale unit; P2S up to 100,000 users; ExpressRoute up to 20 Gbps at
 * 2 Gbps per unit.
 */
export const HUB_LIMITS = Object.freeze({
  branchConnections: 1000,
  s2sPerUnit: 500 * Mbps,
  s2sMax: 20 * Gbps,
  p2sUsersMax: 100_000,
  erPerUnit: 2 * Gbps,
  erMax: 20 * Gbps,
});

export interface P2sScaleUnit {
  units: number;
  throughput: number;
  clients: number;
}

/**
 * Point-to-site scale units and what they give, as published (includes/virtual-wan-limits.md):
 * only these unit counts are accepted; throughput is 500 Mbps per unit.
 */
export const P2S_SCALE_UNITS: readonly P2sScaleUnit[] = Object.freeze(
  [
    { units: 1, throughput: 500 * Mbps, clients: 500 },
    { units: 4, throughput: 2 * Gbps, clients: 1000 },
    { units: 7, throughput: 3.5 * Gbps, clients: 5000 },
    { units: 13, throughput: 6.5 * Gbps, clients: 10_000 },
    { units: 20, throughput: 10 * Gbps, clients: 10_000 },
    { units: 200, throughput: 100 * Gbps, clients: 100_000 },
  ].map((u) => Object.freeze(u)),
);

/** Point-to-site protocols of a hub's User VPN gateway unless configured (SSTP is not offered there). */
export const HUB_P2S_PROTOCOLS: readonly ('ikev2' | 'openvpn')[] = Object.freeze(['ikev2', 'openvpn']);

export function p2sScaleUnit(units: number): P2sScaleUnit {
  const u = P2S_SCALE_UNITS.find((x) => x.units === units);
  if (!u)
    throw new Error(
      `Virtual WAN P2S: ${units} scale units is not a published size (known: ` +
        `${P2S_SCALE_UNITS.map((x) => x.units).join(', ')})`,
    );
  return u;
}

/** S2S gateway throughput of a hub for `units` scale units (500 Mbps each, at most 20 Gbps). */
export function hubS2sThroughput(units: number): number {
  const t = units * HUB_LIMITS.s2sPerUnit;
  if (!(Number.isInteger(units) && units >= 1 && t <= HUB_LIMITS.s2sMax))
    throw new Error(
      `Virtual WAN S2S: scale units must be an integer from 1 to ${HUB_LIMITS.s2sMax / HUB_LIMITS.s2sPerUnit}, got ` +
        `${units}`,
    );
  return t;
}

/** ExpressRoute gateway throughput of a hub for `units` scale units (2 Gbps each, at most 20 Gbps). */
export function hubErThroughput(units: number): number {
  const t = units * HUB_LIMITS.erPerUnit;
  if (!(Number.isInteger(units) && units >= 1 && t <= HUB_LIMITS.erMax))
    throw new Error(
      `Virtual WAN ExpressRoute: scale units must be an integer from 1 to ` +
        `${HUB_LIMITS.erMax / HUB_LIMITS.erPerUnit}, got ${units}`,
    );
  return t;
}

/** The sizes of a hub as a scenario gives them. */
export interface HubSizes {
  routingUnits?: number;
  p2s?: { scaleUnits: number };
  s2s?: { scaleUnits?: number };
}

/** Checks a hub's sizes against what Virtual WAN sells; each problem at the key it concerns. */
export function hubProblems(hub: HubSizes): RawProblem[] {
  const problems: RawProblem[] = [];
  const check = (path: string[], fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      problems.push({ path, message: (e as Error).message });
    }
  };
  check(['routingUnits'], () => hubRouterThroughput(hub.routingUnits ?? 0));
  if (hub.p2s) check(['p2s', 'scaleUnits'], () => p2sScaleUnit(hub.p2s!.scaleUnits));
  if (hub.s2s) check(['s2s', 'scaleUnits'], () => hubS2sThroughput(hub.s2s!.scaleUnits ?? 1));
  return problems;
}
