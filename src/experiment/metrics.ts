import type { Stats } from '../metrics/index.js';

/** A per-class figure compared across cells; `key` is its path in Stats (and its CSV column). */
export interface Metric {
  key: MetricKey;
  label: string;
  unit: 'ms' | 'ratio' | 'bps';
  lowerIsBetter: boolean;
  of(stats: Stats): number | null;
}

export type MetricKey =
  | 'latencyMs.mean'
  | 'latencyMs.p95'
  | 'latencyMs.p99'
  | 'jitterMs.mean'
  | 'lossRatio'
  | 'connectedLossRatio'
  | 'throughputBps';

/** The compared metrics, in table order. Latency, jitter and loss: lower is better; throughput: higher. */
export const METRICS: readonly Metric[] = [
  { key: 'latencyMs.mean', label: 'latency mean', unit: 'ms', lowerIsBetter: true, of: (s) => s.latencyMs.mean },
  { key: 'latencyMs.p95', label: 'latency p95', unit: 'ms', lowerIsBetter: true, of: (s) => s.latencyMs.p95 },
  { key: 'latencyMs.p99', label: 'latency p99', unit: 'ms', lowerIsBetter: true, of: (s) => s.latencyMs.p99 },
  { key: 'jitterMs.mean', label: 'jitter', unit: 'ms', lowerIsBetter: true, of: (s) => s.jitterMs.mean },
  // A class that sent nothing has no loss ratio to compare (its 0 would be a fake "no loss").
  { key: 'lossRatio', label: 'loss', unit: 'ratio', lowerIsBetter: true, of: (s) => (s.sent > 0 ? s.lossRatio : null) },
  // Admission is not loss: what the admitted users lost (null when none was admitted, or in results from before).
  {
    key: 'connectedLossRatio',
    label: 'loss (connected)',
    unit: 'ratio',
    lowerIsBetter: true,
    of: (s) => s.connectedLossRatio ?? null,
  },
  { key: 'throughputBps', label: 'throughput', unit: 'bps', lowerIsBetter: false, of: (s) => s.throughputBps },
];
