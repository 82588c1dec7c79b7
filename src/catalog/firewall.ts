import { ASSUMED_PROCESSING_DELAY } from './appliance.js';
import { Gbps, Mbps } from './units.js';

export type FirewallSkuName = 'Basic' | 'Standard' | 'Premium';

export interface FirewallSku {
  sku: FirewallSkuName;
  /** Aggregate throughput, bits/s. */
  throughput: number;
  /** A single TCP connection's ceiling, bits/s, where published. */
  perConnection?: number;
  /** Per-packet processing latency, seconds. */
  processingDelay: number;
}

/**
 * Azure Firewall throughput (articles/firewall/firewall-performance.md): Basic 250 Mbps, Standard
 * 30 Gbps, Premium 100 Gbps; one TCP connection up to 1.5 (Standard) or 9 (Premium) Gbps;
 * scale-out takes 5–7 minutes. Processing delay: {@link ASSUMED_PROCESSING_DELAY}.
 */
export const FIREWALL_SKUS: Readonly<Record<FirewallSkuName, FirewallSku>> = Object.freeze({
  Basic: Object.freeze({ sku: 'Basic', throughput: 250 * Mbps, processingDelay: ASSUMED_PROCESSING_DELAY }),
  Standard: Object.freeze({
    sku: 'Standard',
    throughput: 30 * Gbps,
    perConnection: 1.5 * Gbps,
    processingDelay: ASSUMED_PROCESSING_DELAY,
  }),
  Premium: Object.freeze({
    sku: 'Premium',
    throughput: 100 * Gbps,
    perConnection: 9 * Gbps,
    processingDelay: ASSUMED_PROCESSING_DELAY,
  }),
} as const);

/** 5–7 minutes: the middle. */
export const FIREWALL_SCALE_OUT_DELAY = 6 * 60;

export function firewallSku(name: string): FirewallSku {
  const s = (FIREWALL_SKUS as Record<string, FirewallSku>)[name];
  if (!s) throw new Error(`unknown Azure Firewall SKU '${name}' (known: ${Object.keys(FIREWALL_SKUS).join(', ')})`);
  return s;
}

/**
 * ASSUMPTION (no public figure; a third-party NVA's data sheet should replace it): a network
 * virtual appliance with 2 Gbps throughput and the same processing latency.
 */
export const NVA_DEFAULTS = Object.freeze({ throughput: 2 * Gbps, processingDelay: ASSUMED_PROCESSING_DELAY });
