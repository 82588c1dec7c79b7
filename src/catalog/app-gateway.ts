import { Mbps } from './units.js';

/**
 * Application Gateway v2 capacity (articles/application-gateway/high-traffic-support.md): a
 * capacity unit is 1 compute unit, 2,500 persistent connections or 2.22 Mbps; an instance is about
 * 10 capacity units; up to 125 instances; autoscaling takes 3–5 minutes to add instances.
 */
export const APP_GATEWAY = Object.freeze({
  connectionsPerUnit: 2500,
  throughputPerUnit: 2.22 * Mbps,
  unitsPerInstance: 10,
  maxInstances: 125,
  /** 3–5 minutes: the middle. */
  scaleOutDelay: 4 * 60,
});

export interface AppGatewayCapacity {
  instances: number;
  /** Concurrent persistent connections. */
  connections: number;
  /** bits/s. */
  throughput: number;
}

export function appGatewayCapacity(instances: number): AppGatewayCapacity {
  if (!(Number.isInteger(instances) && instances >= 1 && instances <= APP_GATEWAY.maxInstances)) {
    throw new Error(
      `Application Gateway: instances must be an integer from 1 to ${APP_GATEWAY.maxInstances}, got ${instances}`,
    );
  }
  const units = instances * APP_GATEWAY.unitsPerInstance;
  return {
    instances,
    connections: units * APP_GATEWAY.connectionsPerUnit,
    throughput: units * APP_GATEWAY.throughputPerUnit,
  };
}
