/** The measurement window: packets *sent* in [start, end) are counted; throughput is over its length. */
export interface MeasurementWindow {
  readonly start: number;
  readonly end: number;
}

export function inWindow(w: MeasurementWindow, t: number): boolean {
  return t >= w.start && t < w.end;
}
