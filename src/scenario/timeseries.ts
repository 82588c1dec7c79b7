// The modules, not the barrel: validation must not load the network (docs/architecture.md, "Fast start").
import { windowCount } from '../metrics/timeseries/grid.js';
import { sampledDirections, TIMESERIES_LIMITS, type TimeseriesDef } from '../metrics/timeseries/spec.js';
import { formatSeconds } from '../spec/units.js';

/**
 * Why a time series would be too large to record, or null: more windows than the limit, or more
 * link-direction samples (directions x windows) than the limit. `span`: the seconds it covers
 * (duration plus drain); `links`: the links of the network. Said with the way out.
 */
export function timeseriesProblem(def: TimeseriesDef, span: number, links: number): string | null {
  const windows = windowCount(span, def.window);
  const n = (x: number) => x.toLocaleString('en-US');
  if (windows > TIMESERIES_LIMITS.windows)
    return (
      `${n(windows)} windows of ${formatSeconds(def.window)} over ${formatSeconds(span)} (duration and drain): ` +
      `at most ${n(TIMESERIES_LIMITS.windows)}; use a window of at least ` +
      formatSeconds(span / TIMESERIES_LIMITS.windows)
    );
  const directions = sampledDirections(def, links);
  const samples = directions * windows;
  if (samples > TIMESERIES_LIMITS.linkSamples)
    return (
      `following ${def.busiest > 0 ? 'the busiest of ' : ''}${n(directions)} link directions over ${n(windows)} ` +
      `windows keeps ${n(samples)} samples, more than ${n(TIMESERIES_LIMITS.linkSamples)}: name the links to follow ` +
      `(record.timeseries: { window, links: [...], busiest: 0 }) or use a longer window`
    );
  return null;
}
