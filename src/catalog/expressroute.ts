import type { RawProblem } from '../spec/problems.js';
import { Gbps, Mbps } from './units.js';

/**
 * ExpressRoute: a private circuit from the customer's site (through a connectivity provider, or
 * directly on Microsoft's ports) to Microsoft's edge at a peering location. Its traffic does not
 * cross the public internet (articles/expressroute/expressroute-introduction.md): the catalog gives
 * circuit links no background (internet cross) traffic.
 */

/** Provider circuit bandwidths (articles/expressroute/expressroute-introduction.md). */
export const EXPRESSROUTE_PROVIDER_BANDWIDTHS: readonly number[] = Object.freeze([
  50 * Mbps,
  100 * Mbps,
  200 * Mbps,
  500 * Mbps,
  1 * Gbps,
  2 * Gbps,
  5 * Gbps,
  10 * Gbps,
]);

/**
 * ExpressRoute Direct port pairs and the circuit bandwidths each carries
 * (articles/expressroute/expressroute-erdirect-about.md).
 */
export const EXPRESSROUTE_DIRECT_PORTS: Readonly<Record<'10Gbps' | '100Gbps', readonly number[]>> = Object.freeze({
  '10Gbps': Object.freeze([1 * Gbps, 2 * Gbps, 5 * Gbps, 10 * Gbps]),
  '100Gbps': Object.freeze([5 * Gbps, 10 * Gbps, 40 * Gbps, 100 * Gbps]),
});

export type ExpressRouteGatewaySkuName = 'ErGw1Az' | 'ErGw2Az' | 'ErGw3Az' | 'ErGwScale';

export interface ExpressRouteGatewaySku {
  sku: ExpressRouteGatewaySkuName;
  /** bits/s. */
  throughput: number;
  /** packets/s. */
  pps: number;
}

/** Virtual network gateways for ExpressRoute (includes/expressroute-gateway-performance-include.md). */
export const EXPRESSROUTE_GATEWAYS: Readonly<
  Record<Exclude<ExpressRouteGatewaySkuName, 'ErGwScale'>, ExpressRouteGatewaySku>
> = Object.freeze({
  ErGw1Az: Object.freeze({ sku: 'ErGw1Az', throughput: 1 * Gbps, pps: 100_000 }),
  ErGw2Az: Object.freeze({ sku: 'ErGw2Az', throughput: 2 * Gbps, pps: 200_000 }),
  ErGw3Az: Object.freeze({ sku: 'ErGw3Az', throughput: 10 * Gbps, pps: 1_000_000 }),
} as const);

/** ErGwScale: 1 Gbps and 100k pps per scale unit, up to 40 units (same source). */
export const ER_SCALE_UNIT = Object.freeze({ throughput: 1 * Gbps, pps: 100_000, maxUnits: 40 });

/** The gateway SKU's capacity; `units` only for ErGwScale. */
export function expressRouteGateway(sku: string, units?: number): ExpressRouteGatewaySku {
  if (sku === 'ErGwScale') {
    const n = units ?? 1;
    if (!(Number.isInteger(n) && n >= 1 && n <= ER_SCALE_UNIT.maxUnits))
      throw new Error(`ErGwScale: units must be an integer from 1 to ${ER_SCALE_UNIT.maxUnits}, got ${units}`);
    return { sku: 'ErGwScale', throughput: n * ER_SCALE_UNIT.throughput, pps: n * ER_SCALE_UNIT.pps };
  }
  const g = (EXPRESSROUTE_GATEWAYS as Record<string, ExpressRouteGatewaySku>)[sku];
  if (!g)
    throw new Error(
      `unknown ExpressRoute gateway SKU '${sku}' (known: ` +
        `${[...Object.keys(EXPRESSROUTE_GATEWAYS), 'ErGwScale'].join(', ')})`,
    );
  if (units !== undefined) throw new Error(`ExpressRoute gateway ${sku}: units apply to ErGwScale only`);
  return g;
}

/**
 * A circuit's bandwidth must be one Microsoft sells: a provider bandwidth, or one carried by the
 * given ExpressRoute Direct port. Returns the problem, or null.
 */
export function expressRouteBandwidthProblem(bandwidth: number, direct?: '10Gbps' | '100Gbps'): string | null {
  const allowed = direct ? EXPRESSROUTE_DIRECT_PORTS[direct] : EXPRESSROUTE_PROVIDER_BANDWIDTHS;
  if (allowed.includes(bandwidth)) return null;
  const what = direct ? `an ExpressRoute Direct ${direct} port` : 'a provider ExpressRoute circuit';
  return (
    `${bandwidth / Mbps} Mbps is not a bandwidth of ${what} (allowed: ` +
    `${allowed.map((b) => (b >= Gbps ? `${b / Gbps} Gbps` : `${b / Mbps} Mbps`)).join(', ')})`
  );
}

/** A circuit's gateway as a scenario names it: a SKU, or the scalable gateway with its units. */
export type ExpressRouteGatewaySpec = ExpressRouteGatewaySkuName | { sku: 'ErGwScale'; units: number };

/** The gateway a circuit uses (default ErGw1Az); throws the problem of an impossible one. */
export function circuitGateway(spec: ExpressRouteGatewaySpec | undefined): ExpressRouteGatewaySku {
  if (spec === undefined) return expressRouteGateway('ErGw1Az');
  return typeof spec === 'string' ? expressRouteGateway(spec) : expressRouteGateway(spec.sku, spec.units);
}

/** Checks a circuit: its gateway (at `gateway`), then its bandwidth (at `bandwidth`). */
export function circuitProblems(c: {
  bandwidth: number;
  direct?: '10Gbps' | '100Gbps';
  gateway?: ExpressRouteGatewaySpec;
}): RawProblem[] {
  const problems: RawProblem[] = [];
  try {
    circuitGateway(c.gateway);
  } catch (e) {
    problems.push({ path: ['gateway'], message: (e as Error).message });
  }
  const bandwidth = expressRouteBandwidthProblem(c.bandwidth, c.direct);
  if (bandwidth) problems.push({ path: ['bandwidth'], message: bandwidth });
  return problems;
}
