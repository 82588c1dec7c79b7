/** Why a packet was lost. Stored as a small integer on the hot path; named in results. */
export enum DropReason {
  /** The egress queue was full (drop-tail). */
  Queue = 0,
  /** Random loss on the wire. */
  Wire = 1,
  /** Sent into, queued on, or propagating on an element that went down. */
  Down = 2,
  /** The flow had no route to its destination. */
  NoRoute = 3,
  /** Its tunnel was refused by a VPN gateway. */
  Tunnel = 4,
  /** Refused by a component at capacity (sessions, connections). */
  Admission = 5,
  /** Dropped early by an active queue manager (AQM). */
  Aqm = 6,
}

/** Result names, indexed by {@link DropReason}. */
export const DROP_REASONS = ['queue', 'wire', 'down', 'no-route', 'tunnel', 'admission', 'aqm'] as const;
export type DropReasonName = (typeof DROP_REASONS)[number];
