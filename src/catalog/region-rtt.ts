/** One published round-trip time between two regions, measured from `from`. */
export interface RegionRtt {
  from: string;
  to: string;
  /** Milliseconds, P50 over 30 days. */
  ms: number;
}

/**
 * Azure region round-trip times, P50 in ms over 30 days, source → destination.
 * Source: MicrosoftDocs/azure-docs articles/networking/azure-network-latency.md (06/30/2025),
 * as quoted in shared/reference/azure-remote-work.md. Two pairs are listed in both directions with
 * different figures (eastus/westus 70 vs 74, eastus/westeurope 84 vs 86); backbone.ts explains how
 * they are reconciled.
 */
export const REGION_RTT: readonly RegionRtt[] = Object.freeze(
  [
    { from: 'eastus2', to: 'eastus', ms: 10 },
    { from: 'canadacentral', to: 'eastus', ms: 21 },
    { from: 'centralus', to: 'eastus', ms: 29 },
    { from: 'southcentralus', to: 'eastus', ms: 37 },
    { from: 'westus2', to: 'westus', ms: 25 },
    { from: 'eastus', to: 'westus', ms: 70 },
    { from: 'westus', to: 'eastus', ms: 74 },
    { from: 'brazilsouth', to: 'eastus', ms: 119 },
    { from: 'eastus', to: 'northeurope', ms: 71 },
    { from: 'eastus', to: 'uksouth', ms: 78 },
    { from: 'eastus', to: 'westeurope', ms: 84 },
    { from: 'westeurope', to: 'eastus', ms: 86 },
    { from: 'westus', to: 'westeurope', ms: 153 },
    { from: 'westus2', to: 'japaneast', ms: 100 },
    { from: 'westus', to: 'japaneast', ms: 108 },
    { from: 'eastus', to: 'australiaeast', ms: 201 },
    { from: 'uaenorth', to: 'westeurope', ms: 122 },
    { from: 'westeurope', to: 'northeurope', ms: 19 },
    { from: 'westeurope', to: 'uksouth', ms: 14 },
    { from: 'ukwest', to: 'uksouth', ms: 7 },
    { from: 'francecentral', to: 'westeurope', ms: 13 },
    { from: 'germanywestcentral', to: 'westeurope', ms: 12 },
    { from: 'swedencentral', to: 'westeurope', ms: 35 },
    { from: 'japanwest', to: 'japaneast', ms: 12 },
    { from: 'koreacentral', to: 'japaneast', ms: 30 },
    { from: 'southeastasia', to: 'eastasia', ms: 36 },
    { from: 'japaneast', to: 'southeastasia', ms: 72 },
    { from: 'centralindia', to: 'southeastasia', ms: 59 },
    { from: 'australiaeast', to: 'southeastasia', ms: 94 },
    { from: 'australiasoutheast', to: 'australiaeast', ms: 16 },
    { from: 'westeurope', to: 'southeastasia', ms: 162 },
    { from: 'westeurope', to: 'japaneast', ms: 236 },
    { from: 'eastus', to: 'southeastasia', ms: 223 },
    { from: 'southafricanorth', to: 'westeurope', ms: 164 },
  ].map((r) => Object.freeze(r)),
);

/** An unordered region pair with one round-trip target, ms. */
export interface RttTarget {
  a: string;
  b: string;
  ms: number;
  /** The published figures it stands for (two when the table lists both directions). */
  published: readonly RegionRtt[];
}

/**
 * The table as one symmetric target per unordered pair. A round trip crosses both directions, so
 * any model gives the same RTT from either end: where the table lists both directions, the target
 * is their mean, and each published figure is off by half their difference (eastus/westus: 72 ms,
 * ±2 ms; eastus/westeurope: 85 ms, ±1 ms).
 */
export function rttTargets(table: readonly RegionRtt[] = REGION_RTT): RttTarget[] {
  const byPair = new Map<string, RttTarget>();
  for (const r of table) {
    const [a, b] = r.from < r.to ? [r.from, r.to] : [r.to, r.from];
    const key = `${a}\u0000${b}`;
    const t = byPair.get(key);
    if (t) (t.published as RegionRtt[]).push(r);
    else byPair.set(key, { a, b, ms: 0, published: [r] });
  }
  const out = [...byPair.values()];
  for (const t of out) t.ms = t.published.reduce((s, r) => s + r.ms, 0) / t.published.length;
  return out;
}
