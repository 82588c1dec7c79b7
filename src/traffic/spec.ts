import type { DistributionSpec } from '../engine/distributions.js';

/** A quantity that is fixed or drawn from a distribution, in base units (bytes, seconds). */
export type Quantity = number | DistributionSpec;

/**
 * Traffic models in base units (seconds, bytes, packets per second), as the scenario layer hands
 * them over after parsing units. One variant per `traffic.model` of the contract.
 */
export type TrafficSpec =
  | { model: 'cbr'; interval: number; size: Quantity }
  | { model: 'poisson'; rate: number; size: Quantity };

export type TrafficModel = TrafficSpec['model'];
