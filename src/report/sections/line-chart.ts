import { esc } from '../escape.js';
import { chartHead, f1, legend, niceTicks, plotFrame, tickLabel, xAxisLabel, yGridLine } from '../svg.js';

/**
 * A figure against a swept value: one line per series (variant, policy) through the sweep's points,
 * with its 95% band (the confidence interval at each point) shaded. The swept values are placed
 * evenly in the order the sweep runs them and labelled as written (`40`, `300Mbps`): a sweep is a
 * list of loads, often doubling, and even spacing keeps every point readable. Pure: same input,
 * same bytes.
 */

export interface LinePoint {
  mean: number | null;
  low: number | null;
  high: number | null;
  /** Hover text (numbers with units). */
  tooltip: string;
}

export interface LineSeries {
  label: string;
  color: string;
  /** One entry per swept value, in sweep order. */
  points: readonly LinePoint[];
}

export interface LineChartOptions {
  title: string;
  /** The y axis: what and in which unit (`p99 latency (ms)`). */
  unit: string;
  /** The x axis: the sweep (`users`). */
  xLabel: string;
  /** The swept values as written. */
  xValues: readonly string[];
  /** A horizontal reference line (an SLA target), with its label. */
  target?: { value: number; label: string };
  /** Fixed y range (0..100 for a pass rate); default from the data and 0. */
  yMax?: number;
}

const WIDTH = 420;

export function lineChart(o: LineChartOptions, series: readonly LineSeries[]): string {
  const left = 48,
    right = 14,
    top = 26,
    plotHeight = 180,
    bottom = 38;
  const w = WIDTH - left - right;
  const values = series.flatMap((s) => s.points.flatMap((p) => [p.mean, p.high])).filter((v) => v !== null);
  if (o.target) values.push(o.target.value);
  const maxY = o.yMax ?? Math.max(0, ...(values as number[]));
  const ticks = niceTicks(0, maxY > 0 ? maxY : 1);
  const hi = ticks[ticks.length - 1];
  const n = o.xValues.length;
  const x = (i: number) => left + (n === 1 ? w / 2 : (i / (n - 1)) * w);
  const y = (v: number) => top + (1 - Math.min(Math.max(v, 0), hi) / hi) * plotHeight;
  const keyTop = top + plotHeight + bottom + 4;
  const key = legend(series, keyTop);
  const height = keyTop + key.height + 6;
  const parts: string[] = [chartHead('sweep', WIDTH, height, o.title)];
  for (const t of ticks) parts.push(yGridLine(left, w, y(t), tickLabel(t)));
  o.xValues.forEach((v, i) => {
    parts.push(`<line x1="${f1(x(i))}" x2="${f1(x(i))}" y1="${top}" y2="${top + plotHeight}" stroke="#f0f0f0"/>`);
    parts.push(xAxisLabel(x(i), top + plotHeight + 14, esc(v)));
  });
  parts.push(xAxisLabel(left + w / 2, top + plotHeight + 30, `${esc(o.xLabel)} → · ${esc(o.unit)}`));
  if (o.target) {
    const ty = f1(y(o.target.value));
    parts.push(
      `<line x1="${left}" x2="${left + w}" y1="${ty}" y2="${ty}" stroke="#b3261e" stroke-dasharray="5 3"/>`,
      `<text x="${left + w - 2}" y="${f1(y(o.target.value) - 3)}" text-anchor="end" fill="#b3261e">` +
        `${esc(o.target.label)}</text>`,
    );
  }
  for (const s of series) {
    // The band: from each point's low to its high, where both are known (runs of at least two points).
    const known = s.points.map((p, i) => ({ p, i })).filter(({ p }) => p.low !== null && p.high !== null);
    if (known.length >= 2) {
      const upper = known.map(({ p, i }) => `${f1(x(i))} ${f1(y(p.high!))}`);
      const lower = [...known].reverse().map(({ p, i }) => `${f1(x(i))} ${f1(y(p.low!))}`);
      parts.push(`<path d="M${[...upper, ...lower].join('L')}Z" fill="${s.color}" fill-opacity="0.15" stroke="none"/>`);
    }
    let d = '';
    s.points.forEach((p, i) => {
      if (p.mean === null) return;
      d += `${d === '' ? 'M' : 'L'}${f1(x(i))} ${f1(y(p.mean))}`;
    });
    if (d !== '')
      parts.push(
        `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"><title>${esc(s.label)}</title></path>`,
      );
    s.points.forEach((p, i) => {
      if (p.mean === null) return;
      parts.push(
        `<circle cx="${f1(x(i))}" cy="${f1(y(p.mean))}" r="3" fill="${s.color}"><title>${esc(p.tooltip)}</title>` +
          '</circle>',
      );
    });
  }
  parts.push(plotFrame(left, top, w, plotHeight), key.svg, '</svg>');
  return parts.join('');
}
