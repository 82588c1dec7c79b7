import type { Estimate } from '../experiment/interval.js';
import type { Metric } from '../experiment/metrics.js';

/** How a metric is shown: its unit label and the factor from its stored unit. */
export interface Display {
  unit: string;
  scale: number;
}

const RATES: ReadonlyArray<[number, string]> = [
  [1e9, 'Gbps'],
  [1e6, 'Mbps'],
  [1e3, 'kbps'],
];

/** Latency and jitter in ms, loss in %, throughput in the largest unit that keeps `largest` >= 1. */
export function displayOf(metric: Metric, largest: number): Display {
  if (metric.unit === 'ms') return { unit: 'ms', scale: 1 };
  if (metric.unit === 'ratio') return { unit: '%', scale: 100 };
  for (const [f, unit] of RATES) if (largest >= f) return { unit, scale: 1 / f };
  return { unit: 'bps', scale: 1 };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Decimals that show `x` with `digits` significant digits (at most 6). */
function decimalsFor(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  return clamp(digits - 1 - Math.floor(Math.log10(Math.abs(x))), 0, 6);
}

export function formatNumber(x: number | null, digits = 3, signed = false): string {
  if (x === null) return '—';
  const s = x.toFixed(decimalsFor(x, digits));
  return signed && x > 0 ? '+' + s : s;
}

/**
 * "mean±half": the half-width to two significant digits when it starts with 1 or 2, else one (the
 * usual rounding of uncertainties), and the mean to the same decimals (more would be noise) but at
 * most 4 significant digits (a very tight interval then keeps its own digits: 21.15±0.0004); just
 * the mean when there is no interval; "—" when there is no value.
 */
export function formatEstimate(e: Estimate, scale = 1, signed = false): string {
  if (e.mean === null) return '—';
  const mean = e.mean * scale;
  if (e.low === null || e.high === null) return formatNumber(mean, 3, signed);
  const half = ((e.high - e.low) / 2) * scale;
  if (half === 0) return formatNumber(mean, 3, signed) + '±0';
  const lead = Math.floor(half / Math.pow(10, Math.floor(Math.log10(half))));
  const d = decimalsFor(half, lead < 3 ? 2 : 1);
  const m = mean.toFixed(Math.min(d, decimalsFor(mean, 4)));
  return (signed && mean > 0 ? '+' : '') + m + '±' + half.toFixed(d);
}

/**
 * A share (0..1) as a percentage: to 3 significant digits (`12.5%`), or to fixed `decimals` where a terminal
 * column must line up; `missing` when there is no value. The one writer of percentages: {@link formatPercent}
 * names its whole-percent form.
 */
export function formatShare(
  x: number | null | undefined,
  { decimals, missing = '—' }: { decimals?: number; missing?: string } = {},
): string {
  if (x === null || x === undefined) return missing;
  return `${decimals === undefined ? formatNumber(x * 100) : (x * 100).toFixed(decimals)}%`;
}

/** A relative change as a signed percentage to 2 significant digits (`+12%`, `-3.4%`), as the deltas show it. */
export function formatRelative(x: number): string {
  return `${formatNumber(x * 100, 2, true)}%`;
}

/** A share (0..1) as a whole percentage (`97%`), as SLA rates show; `—` when there is none. */
export function formatPercent(x: number | null): string {
  // toFixed(0) rounds a share in [0, 1] as Math.round did (the nearer integer, halves up).
  return formatShare(x, { decimals: 0 });
}

/** A count or a mean of counts: an integer as it is (`72`), anything else to 3 significant decimals. */
export function formatCount(x: number | null): string {
  if (x === null) return '—';
  return Number.isInteger(x) ? String(x) : formatNumber(x);
}
