import { fibreSeconds, greatCircleKm, type GeoPoint } from './geo.js';
import { REGION_RTT, rttTargets, type RegionRtt } from './region-rtt.js';
import { region } from './regions.js';

/**
 * Round-trip time as a function of distance: `interceptMs + slope * (fibre RTT along the great
 * circle)`. The slope is the route factor (real fibre is longer than the great circle); the
 * intercept is what every inter-region path pays regardless of distance (metro detours, in-region
 * fabric, routers).
 */
export interface DistanceModel {
  interceptMs: number;
  slope: number;
}

/** Round-trip time over fibre laid exactly along the great circle, ms. */
export function fibreRttMs(a: GeoPoint, b: GeoPoint): number {
  return 2 * fibreSeconds(greatCircleKm(a, b)) * 1000;
}

/** Ordinary least squares of the published RTTs (symmetric targets) on the great-circle fibre RTT. */
export function fitDistanceModel(table: readonly RegionRtt[] = REGION_RTT): DistanceModel {
  const pts = rttTargets(table).map((t) => ({ x: fibreRttMs(region(t.a), region(t.b)), y: t.ms }));
  const n = pts.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const p of pts) {
    sx += p.x;
    sy += p.y;
    sxx += p.x * p.x;
    sxy += p.x * p.y;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { interceptMs: (sy - slope * sx) / n, slope };
}

/**
 * The model fitted to the published table (33 region pairs): intercept 9.15 ms, slope 1.47
 * (computed at load, so it follows the table; docs/catalog.md quotes the values).
 */
export const BACKBONE_MODEL: DistanceModel = Object.freeze(fitDistanceModel());

/** Estimated RTT between two regions the table does not list, ms. */
export function estimatedRttMs(a: GeoPoint, b: GeoPoint, model: DistanceModel = BACKBONE_MODEL): number {
  return model.interceptMs + model.slope * fibreRttMs(a, b);
}

/**
 * Estimated RTT of a metro attachment (an edge POP to its region), ms: the route factor only. The
 * intercept stands for inter-region costs; applied here it would put 9 ms between a POP and a
 * datacenter in the same city.
 */
export function metroRttMs(a: GeoPoint, b: GeoPoint, model: DistanceModel = BACKBONE_MODEL): number {
  return model.slope * fibreRttMs(a, b);
}
