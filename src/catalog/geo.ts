/** A place on Earth, degrees (WGS 84). */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/** Mean Earth radius, km (IUGG). */
const EARTH_RADIUS_KM = 6371.0088;

/**
 * Light in standard single-mode fibre travels at c / n with group index n ≈ 1.468 (G.652 fibre at
 * 1550 nm): about 204,000 km/s, i.e. 4.9 µs per km.
 */
export const FIBRE_KM_PER_SECOND = 299_792.458 / 1.468;

/** Great-circle distance in km (haversine; its error on a sphere is well under a kilometre here). */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const r = Math.PI / 180;
  const dLat = (b.lat - a.lat) * r;
  const dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** One-way propagation delay, seconds, over `km` of fibre laid along the great circle. */
export function fibreSeconds(km: number): number {
  return km / FIBRE_KM_PER_SECOND;
}

/** The entry of `candidates` nearest to `from` by great-circle distance (ties: the first listed). */
export function nearest<T extends GeoPoint>(from: GeoPoint, candidates: readonly T[]): T {
  if (candidates.length === 0) throw new Error('nearest: no candidates');
  let best = candidates[0];
  let bestKm = greatCircleKm(from, best);
  for (let i = 1; i < candidates.length; i++) {
    const km = greatCircleKm(from, candidates[i]);
    if (km < bestKm) {
      best = candidates[i];
      bestKm = km;
    }
  }
  return best;
}
