import type { GeoPoint } from './geo.js';
import { EDGE_POPS, hasPop, edgePop } from './pops.js';
import { REGIONS, hasRegion, region } from './regions.js';

/** A named place on Earth: where users live, a datacenter stands, or a region or POP is. */
export interface Place extends GeoPoint {
  name: string;
}

/**
 * How scenarios name a place: an edge POP's metro (`seattle`, `new-york`), an Azure region
 * (`eastus`), or coordinates with an optional name.
 */
export type PlaceSpec = string | { lat: number; lon: number; name?: string };

/** The problem with a place name, or null when it names a POP metro or a region. */
export function placeProblem(spec: PlaceSpec): string | null {
  if (typeof spec !== 'string') {
    if (!(spec.lat >= -90 && spec.lat <= 90)) return `latitude must be in [-90, 90], got ${spec.lat}`;
    if (!(spec.lon >= -180 && spec.lon <= 180)) return `longitude must be in [-180, 180], got ${spec.lon}`;
    return null;
  }
  if (hasPop(spec) || hasRegion(spec)) return null;
  return (
    `unknown place '${spec}': use an edge POP metro (${EDGE_POPS.map((p) => p.name).join(', ')}), an Azure ` +
    `region (${REGIONS.map((r) => r.name).join(', ')}), or { lat, lon }`
  );
}

/**
 * Resolves a place; throws the problem of {@link placeProblem}. A metro wins over a region of the
 * same name (there is none).
 */
export function place(spec: PlaceSpec): Place {
  const problem = placeProblem(spec);
  if (problem) throw new Error(problem);
  if (typeof spec !== 'string') return { name: spec.name ?? `${spec.lat},${spec.lon}`, lat: spec.lat, lon: spec.lon };
  const p = hasPop(spec) ? edgePop(spec) : region(spec);
  return { name: spec, lat: p.lat, lon: p.lon };
}
