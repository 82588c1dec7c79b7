export { WindowGrid, windowCount } from './grid.js';
export { ClassSeries } from './class-series.js';
export { SeriesTap } from './tap.js';
export { LinkSeries, type LinkWindows } from './link-series.js';
export { TimeseriesRecorder, type ClassWindows, type TimeseriesEvent, type TimeseriesResult } from './recorder.js';
export { DEFAULT_BUSIEST, TIMESERIES_LIMITS, sampledDirections, type TimeseriesDef } from './spec.js';
