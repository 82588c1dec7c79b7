import { nearest, type GeoPoint } from './geo.js';
import { namedTable } from './named.js';

/** An Azure region: its name as in `az account list-locations` and its published location. */
export interface Region extends GeoPoint {
  name: string;
  displayName: string;
}

/**
 * Regions with coordinates. Source: Azure location metadata (`az account list-locations`,
 * `metadata.latitude` / `metadata.longitude`). The first 25 are the regions of the latency table
 * (region-rtt.ts); the rest are common regions whose backbone delays are estimated from distance
 * (backbone.ts).
 */
export const REGIONS: readonly Region[] = Object.freeze(
  [
    { name: 'eastus', displayName: 'East US', lat: 37.3719, lon: -79.8164 },
    { name: 'eastus2', displayName: 'East US 2', lat: 36.6681, lon: -78.3889 },
    { name: 'centralus', displayName: 'Central US', lat: 41.5908, lon: -93.6208 },
    { name: 'southcentralus', displayName: 'South Central US', lat: 29.4167, lon: -98.5 },
    { name: 'westus', displayName: 'West US', lat: 37.783, lon: -122.417 },
    { name: 'westus2', displayName: 'West US 2', lat: 47.233, lon: -119.852 },
    { name: 'canadacentral', displayName: 'Canada Central', lat: 43.653, lon: -79.383 },
    { name: 'brazilsouth', displayName: 'Brazil South', lat: -23.55, lon: -46.633 },
    { name: 'northeurope', displayName: 'North Europe', lat: 53.3478, lon: -6.2597 },
    { name: 'westeurope', displayName: 'West Europe', lat: 52.3667, lon: 4.9 },
    { name: 'uksouth', displayName: 'UK South', lat: 50.941, lon: -0.799 },
    { name: 'ukwest', displayName: 'UK West', lat: 53.427, lon: -3.084 },
    { name: 'francecentral', displayName: 'France Central', lat: 46.3772, lon: 2.373 },
    { name: 'germanywestcentral', displayName: 'Germany West Central', lat: 50.110924, lon: 8.682127 },
    { name: 'swedencentral', displayName: 'Sweden Central', lat: 60.67488, lon: 17.14127 },
    { name: 'japaneast', displayName: 'Japan East', lat: 35.68, lon: 139.77 },
    { name: 'japanwest', displayName: 'Japan West', lat: 34.6939, lon: 135.5022 },
    { name: 'koreacentral', displayName: 'Korea Central', lat: 37.5665, lon: 126.978 },
    { name: 'southeastasia', displayName: 'Southeast Asia', lat: 1.283, lon: 103.833 },
    { name: 'eastasia', displayName: 'East Asia', lat: 22.267, lon: 114.188 },
    { name: 'centralindia', displayName: 'Central India', lat: 18.5822, lon: 73.9197 },
    { name: 'australiaeast', displayName: 'Australia East', lat: -33.86, lon: 151.2094 },
    { name: 'australiasoutheast', displayName: 'Australia Southeast', lat: -37.8136, lon: 144.9631 },
    { name: 'uaenorth', displayName: 'UAE North', lat: 25.266666, lon: 55.316666 },
    { name: 'southafricanorth', displayName: 'South Africa North', lat: -25.73134, lon: 28.21837 },
    { name: 'northcentralus', displayName: 'North Central US', lat: 41.8819, lon: -87.6278 },
    { name: 'westcentralus', displayName: 'West Central US', lat: 40.89, lon: -110.234 },
    { name: 'westus3', displayName: 'West US 3', lat: 33.448376, lon: -112.074036 },
    { name: 'canadaeast', displayName: 'Canada East', lat: 46.817, lon: -71.217 },
    { name: 'southindia', displayName: 'South India', lat: 12.9822, lon: 80.1636 },
    { name: 'koreasouth', displayName: 'Korea South', lat: 35.1796, lon: 129.0756 },
    { name: 'norwayeast', displayName: 'Norway East', lat: 59.913868, lon: 10.752245 },
    { name: 'switzerlandnorth', displayName: 'Switzerland North', lat: 47.451542, lon: 8.564572 },
    { name: 'italynorth', displayName: 'Italy North', lat: 45.46888, lon: 9.18109 },
    { name: 'polandcentral', displayName: 'Poland Central', lat: 52.23334, lon: 21.01666 },
  ].map((r) => Object.freeze(r)),
);

const TABLE = namedTable(REGIONS, 'Azure region');

export function regionNames(): string[] {
  return TABLE.names();
}

export function hasRegion(name: string): boolean {
  return TABLE.has(name);
}

/** The entry of that name; throws naming the known ones otherwise. */
export function region(name: string): Region {
  return TABLE.get(name);
}

/** The region nearest to a place by great-circle distance. */
export function nearestRegion(place: GeoPoint, among: readonly Region[] = REGIONS): Region {
  return nearest(place, among);
}
