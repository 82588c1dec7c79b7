/** What `record.timeseries` asks for, normalized (SCENARIO-FORMAT.md, Time series; docs/scenario-format.md). */
export interface TimeseriesDef {
  /** Window length, seconds. */
  window: number;
  /** Link directions followed by name: `<link id>` (both directions) or `<link id>/forward|reverse`. */
  links: string[];
  /** How many of the busiest link directions (by utilization over the measured window) are reported. */
  busiest: number;
}

/** The busiest link directions reported when none are named. */
export const DEFAULT_BUSIEST = 8;

/**
 * Bounds that keep a recording small whatever the file says (memory is windows x series): the
 * window count, and link-direction windows (directions followed x windows); beyond them a
 * scenario is refused with the way out (a longer window, links named), never silently cut.
 */
export const TIMESERIES_LIMITS = { windows: 10_000, linkSamples: 2_000_000 } as const;

/** The directions a def follows, given the network's links: all of them when the busiest are asked for. */
export function sampledDirections(def: TimeseriesDef, linkCount: number): number {
  if (def.busiest > 0) return 2 * linkCount;
  return def.links.reduce((n, l) => n + (l.endsWith('/forward') || l.endsWith('/reverse') ? 1 : 2), 0);
}
