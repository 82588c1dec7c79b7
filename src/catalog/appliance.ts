import { ms } from './units.js';

/**
 * ASSUMPTION (no public figure): the per-packet processing latency of a cloud or on-premises
 * network appliance (VPN gateway, firewall, NVA, application gateway), 0.1 ms. It adds delay, not
 * service time: capacity comes from the component's throughput figure. Override per component.
 */
export const ASSUMED_PROCESSING_DELAY = 0.1 * ms;
