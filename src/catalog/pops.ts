import { nearest, type GeoPoint } from './geo.js';
import { namedTable } from './named.js';

/** A Microsoft edge point of presence: where user traffic can enter Microsoft's network. */
export interface EdgePop extends GeoPoint {
  /** Lower-case metro id, e.g. `new-york`. */
  name: string;
  metro: string;
}

/**
 * A documented subset of Microsoft's edge: major metros that appear in the Azure Front Door POP
 * list (learn.microsoft.com/azure/frontdoor/edge-locations-by-abbreviation; Microsoft reports more
 * than 165 edge POPs: articles/networking/microsoft-global-network.md). Coordinates are the metro's
 * city centre (public geographic coordinates), not the exact site: they only pick the nearest POP
 * and region and size a few milliseconds of metro fibre.
 */
export const EDGE_POPS: readonly EdgePop[] = Object.freeze(
  [
    // North America
    { name: 'seattle', metro: 'Seattle', lat: 47.6062, lon: -122.3321 },
    { name: 'vancouver', metro: 'Vancouver', lat: 49.2827, lon: -123.1207 },
    { name: 'san-jose', metro: 'San Jose', lat: 37.3382, lon: -121.8863 },
    { name: 'los-angeles', metro: 'Los Angeles', lat: 34.0522, lon: -118.2437 },
    { name: 'phoenix', metro: 'Phoenix', lat: 33.4484, lon: -112.074 },
    { name: 'denver', metro: 'Denver', lat: 39.7392, lon: -104.9903 },
    { name: 'dallas', metro: 'Dallas', lat: 32.7767, lon: -96.797 },
    { name: 'houston', metro: 'Houston', lat: 29.7604, lon: -95.3698 },
    { name: 'chicago', metro: 'Chicago', lat: 41.8781, lon: -87.6298 },
    { name: 'atlanta', metro: 'Atlanta', lat: 33.749, lon: -84.388 },
    { name: 'miami', metro: 'Miami', lat: 25.7617, lon: -80.1918 },
    { name: 'ashburn', metro: 'Ashburn', lat: 39.0438, lon: -77.4874 },
    { name: 'new-york', metro: 'New York', lat: 40.7128, lon: -74.006 },
    { name: 'boston', metro: 'Boston', lat: 42.3601, lon: -71.0589 },
    { name: 'toronto', metro: 'Toronto', lat: 43.6532, lon: -79.3832 },
    // South America
    { name: 'sao-paulo', metro: 'São Paulo', lat: -23.5505, lon: -46.6333 },
    { name: 'rio-de-janeiro', metro: 'Rio de Janeiro', lat: -22.9068, lon: -43.1729 },
    { name: 'buenos-aires', metro: 'Buenos Aires', lat: -34.6037, lon: -58.3816 },
    { name: 'santiago', metro: 'Santiago', lat: -33.4489, lon: -70.6693 },
    { name: 'bogota', metro: 'Bogotá', lat: 4.711, lon: -74.0721 },
    // Europe
    { name: 'london', metro: 'London', lat: 51.5074, lon: -0.1278 },
    { name: 'manchester', metro: 'Manchester', lat: 53.4808, lon: -2.2426 },
    { name: 'dublin', metro: 'Dublin', lat: 53.3498, lon: -6.2603 },
    { name: 'amsterdam', metro: 'Amsterdam', lat: 52.3676, lon: 4.9041 },
    { name: 'paris', metro: 'Paris', lat: 48.8566, lon: 2.3522 },
    { name: 'frankfurt', metro: 'Frankfurt', lat: 50.1109, lon: 8.6821 },
    { name: 'berlin', metro: 'Berlin', lat: 52.52, lon: 13.405 },
    { name: 'madrid', metro: 'Madrid', lat: 40.4168, lon: -3.7038 },
    { name: 'milan', metro: 'Milan', lat: 45.4642, lon: 9.19 },
    { name: 'zurich', metro: 'Zurich', lat: 47.3769, lon: 8.5417 },
    { name: 'vienna', metro: 'Vienna', lat: 48.2082, lon: 16.3738 },
    { name: 'warsaw', metro: 'Warsaw', lat: 52.2297, lon: 21.0122 },
    { name: 'stockholm', metro: 'Stockholm', lat: 59.3293, lon: 18.0686 },
    { name: 'oslo', metro: 'Oslo', lat: 59.9139, lon: 10.7522 },
    // Middle East and Africa
    { name: 'dubai', metro: 'Dubai', lat: 25.2048, lon: 55.2708 },
    { name: 'johannesburg', metro: 'Johannesburg', lat: -26.2041, lon: 28.0473 },
    { name: 'cape-town', metro: 'Cape Town', lat: -33.9249, lon: 18.4241 },
    { name: 'lagos', metro: 'Lagos', lat: 6.5244, lon: 3.3792 },
    { name: 'nairobi', metro: 'Nairobi', lat: -1.2921, lon: 36.8219 },
    // Asia and Oceania
    { name: 'mumbai', metro: 'Mumbai', lat: 19.076, lon: 72.8777 },
    { name: 'chennai', metro: 'Chennai', lat: 13.0827, lon: 80.2707 },
    { name: 'delhi', metro: 'Delhi', lat: 28.6139, lon: 77.209 },
    { name: 'singapore', metro: 'Singapore', lat: 1.3521, lon: 103.8198 },
    { name: 'jakarta', metro: 'Jakarta', lat: -6.2088, lon: 106.8456 },
    { name: 'hong-kong', metro: 'Hong Kong', lat: 22.3193, lon: 114.1694 },
    { name: 'taipei', metro: 'Taipei', lat: 25.033, lon: 121.5654 },
    { name: 'seoul', metro: 'Seoul', lat: 37.5665, lon: 126.978 },
    { name: 'tokyo', metro: 'Tokyo', lat: 35.6762, lon: 139.6503 },
    { name: 'osaka', metro: 'Osaka', lat: 34.6937, lon: 135.5023 },
    { name: 'sydney', metro: 'Sydney', lat: -33.8688, lon: 151.2093 },
    { name: 'melbourne', metro: 'Melbourne', lat: -37.8136, lon: 144.9631 },
    { name: 'brisbane', metro: 'Brisbane', lat: -27.4698, lon: 153.0251 },
    { name: 'perth', metro: 'Perth', lat: -31.9505, lon: 115.8605 },
    { name: 'auckland', metro: 'Auckland', lat: -36.8485, lon: 174.7633 },
  ].map((p) => Object.freeze(p)),
);

const TABLE = namedTable(EDGE_POPS, 'edge POP');

export function popNames(): string[] {
  return TABLE.names();
}

export function hasPop(name: string): boolean {
  return TABLE.has(name);
}

/** The entry of that name; throws naming the known ones otherwise. */
export function edgePop(name: string): EdgePop {
  return TABLE.get(name);
}

/** The POP nearest to a place by great-circle distance: where cold-potato routing takes its traffic in. */
export function nearestPop(place: GeoPoint, among: readonly EdgePop[] = EDGE_POPS): EdgePop {
  return nearest(place, among);
}

/** The network node of an edge POP, as Microsoft's network is built (buildBackbone, the microsoft-network kind). */
export function popNode(metro: string): string {
  return `pop-${metro}`;
}

/** The metro of an edge POP's node id (`pop-seattle` -> `seattle`), or null when it names none. */
export function popOfNode(id: string): string | null {
  return id.startsWith('pop-') && hasPop(id.slice(4)) ? id.slice(4) : null;
}
