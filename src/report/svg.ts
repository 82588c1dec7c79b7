import { esc } from './escape.js';

/** Okabe-Ito: distinguishable with the common colour-vision deficiencies, and in print. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442'];

const WIDTH = 420;
/** The text attributes every chart of the report uses. */
export const FONT = 'font-family="system-ui, sans-serif" font-size="11"';

/** About `count` round tick values (1, 2 or 5 times a power of ten) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) hi = lo + (lo === 0 ? 1 : Math.abs(lo));
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < hi) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/** Tick values on a log axis: 1-2-5 per decade, or decades only when that gives too many. */
export function logTicks(lo: number, hi: number): number[] {
  const all: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const f of [1, 2, 5]) {
      const v = Number((f * Math.pow(10, e)).toPrecision(6));
      if (v >= lo * 0.999 && v <= hi * 1.001) all.push(v);
    }
  }
  return all.length > 9 ? all.filter((v) => Number(v.toExponential().split('e')[0]) === 1) : all;
}

export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(0);
  return String(Number(v.toPrecision(6)));
}

/** A coordinate to one decimal: enough for SVG at these sizes, and short. */
export const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

/**
 * A chart's opening: the <svg> element (`kind` names the plot for tests and the page's layout check) and
 * its bold heading (`heading`: markup, the escaped title by default).
 */
export function chartHead(kind: string, width: number, height: number, title: string, heading = esc(title)): string {
  return (
    `<svg class="plot" data-plot="${kind}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" ${FONT}>` +
    `<text x="4" y="15" font-weight="600">${heading}</text>`
  );
}

/** A horizontal grid line across the plot at `y`, its value labelled left of the axis unless `label` is null. */
export function yGridLine(
  left: number,
  width: number,
  y: number,
  label: string | null,
  { stroke = '#e4e4e4', dashed = false } = {},
): string {
  return (
    `<line x1="${left}" x2="${left + width}" y1="${f1(y)}" y2="${f1(y)}" stroke="${stroke}"` +
    `${dashed ? ' stroke-dasharray="3 3"' : ''}/>` +
    (label === null ? '' : `<text x="${left - 5}" y="${f1(y + 4)}" text-anchor="end" fill="#444">${label}</text>`)
  );
}

/** A label under the x axis at `x` (`y`: its baseline), centred. */
export function xAxisLabel(x: number, y: number, label: string): string {
  return `<text x="${f1(x)}" y="${y}" text-anchor="middle" fill="#444">${label}</text>`;
}

/** The frame around a plot area. */
export function plotFrame(left: number, top: number, width: number, height: number): string {
  return `<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="#999"/>`;
}

function truncate(label: string, max: number): string {
  return label.length > max ? label.slice(0, max - 1) + '…' : label;
}

export interface Bar {
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
  color: string;
  /** Hover text (numbers with units). */
  tooltip: string;
}

/**
 * Horizontal bars with the confidence interval as a whisker, one row per bar (labels on the left
 * stay readable however long the variant and policy names are).
 */
export function barChart(title: string, unit: string, bars: readonly Bar[]): string {
  const labelChars = Math.min(26, Math.max(4, ...bars.map((b) => b.label.length)));
  const left = 12 + labelChars * 6.2,
    right = 16,
    top = 26,
    row = 22,
    bottom = 30;
  const height = top + row * bars.length + bottom;
  const values = bars
    .flatMap((b) => [b.value, b.low, b.high])
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values));
  const lo = ticks[0],
    hi = ticks[ticks.length - 1];
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (WIDTH - left - right);
  const parts: string[] = [chartHead('bars', WIDTH, height, title, `${esc(title)} (${esc(unit)})`)];
  for (const t of ticks) {
    parts.push(`<line x1="${f1(x(t))}" x2="${f1(x(t))}" y1="${top - 4}" y2="${height - bottom}" stroke="#ddd"/>`);
    parts.push(xAxisLabel(x(t), height - bottom + 14, tickLabel(t)));
  }
  bars.forEach((b, i) => {
    const cy = top + row * i + row / 2;
    parts.push(
      `<text x="${f1(left - 6)}" y="${f1(cy + 4)}" ` +
        `text-anchor="end"><title>${esc(b.label)}</title>${esc(truncate(b.label, labelChars))}</text>`,
    );
    if (b.value === null) {
      parts.push(`<text x="${f1(x(0) + 4)}" y="${f1(cy + 4)}" fill="#888">no data</text>`);
      return;
    }
    const x0 = x(0),
      xv = x(b.value);
    parts.push(
      `<rect x="${f1(Math.min(x0, xv))}" y="${f1(cy - 7)}" width="${f1(Math.max(1, Math.abs(xv - x0)))}" ` +
        `height="14" fill="${b.color}" fill-opacity="0.75"><title>${esc(b.tooltip)}</title></rect>`,
    );
    if (b.low !== null && b.high !== null) {
      const xl = f1(x(b.low)),
        xh = f1(x(b.high));
      parts.push(
        `<path d="M${xl} ${f1(cy)}H${xh}M${xl} ${f1(cy - 5)}V${f1(cy + 5)}M${xh} ${f1(cy - 5)}V${f1(cy + 5)}" ` +
          `stroke="#222" stroke-width="1.2" fill="none"/>`,
      );
    }
  });
  parts.push(
    `<line x1="${f1(x(0))}" x2="${f1(x(0))}" y1="${top - 4}" y2="${height - bottom}" stroke="#444"/>`,
    '</svg>',
  );
  return parts.join('');
}

export interface Series {
  label: string;
  color: string;
  /** [x, cumulative fraction], ascending. */
  points: ReadonlyArray<readonly [number, number]>;
}

/** The key under a chart: a coloured stroke and the label (cut at 60 characters) per series, 16 px apart. */
export function legend(
  series: ReadonlyArray<{ label: string; color: string }>,
  y0: number,
): { svg: string; height: number } {
  const parts = series.map((s, i) => {
    const y = y0 + i * 16;
    return (
      `<line x1="8" x2="28" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="3"/><text x="34" ` +
      `y="${y + 4}">${esc(truncate(s.label, 60))}</text>`
    );
  });
  return { svg: parts.join(''), height: series.length * 16 };
}

/**
 * Cumulative distributions as lines. The x axis is logarithmic when the values span more than a
 * factor of 20 (latency tails), linear otherwise.
 */
export function cdfChart(title: string, unit: string, series: readonly Series[]): string {
  const left = 44,
    right = 14,
    top = 26,
    plotHeight = 200,
    bottom = 34;
  const xs = series.flatMap((s) => s.points.map((p) => p[0])).filter((v) => v > 1e-6);
  const minX = xs.length > 0 ? Math.min(...xs) : 1,
    maxX = xs.length > 0 ? Math.max(...xs) : 10;
  const log = maxX / minX > 20;
  const ticks = log ? logTicks(minX, maxX) : niceTicks(Math.max(0, minX - (maxX - minX) * 0.05), maxX);
  const lo = log ? minX : ticks[0],
    hi = log ? maxX : ticks[ticks.length - 1];
  const w = WIDTH - left - right;
  const x = (v: number) =>
    left +
    (log
      ? (Math.log(Math.max(v, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo) || 1)
      : (v - lo) / (hi - lo || 1)) *
      w;
  const y = (f: number) => top + (1 - f) * plotHeight;
  const key = legend(series, top + plotHeight + bottom + 4);
  const height = top + plotHeight + bottom + key.height + 6;
  const parts: string[] = [chartHead('cdf', WIDTH, height, title)];
  for (const f of [0, 0.25, 0.5, 0.75, 0.9, 0.99, 1]) {
    const label = f !== 0.9 && f !== 0.99 ? String(f) : null;
    parts.push(yGridLine(left, w, y(f), label, f === 0.99 ? { stroke: '#bbb', dashed: true } : {}));
  }
  parts.push(`<text x="${left + w - 2}" y="${f1(y(0.99) - 3)}" text-anchor="end" fill="#888">p99</text>`);
  for (const t of ticks) {
    if (t < lo * 0.999 || t > hi * 1.001) continue;
    parts.push(`<line x1="${f1(x(t))}" x2="${f1(x(t))}" y1="${top}" y2="${top + plotHeight}" stroke="#eee"/>`);
    parts.push(xAxisLabel(x(t), top + plotHeight + 14, tickLabel(t)));
  }
  parts.push(xAxisLabel(left + w / 2, top + plotHeight + 28, `${esc(unit)}${log ? ' (log scale)' : ''}`));
  for (const s of series) {
    if (s.points.length === 0) continue;
    // Step-after: a thinned CDF holds exact points of the empirical CDF, which is flat between them.
    let d = `M${f1(x(s.points[0][0]))} ${f1(y(0))}`;
    let prevF = 0;
    for (const [px, pf] of s.points) {
      d += `H${f1(x(px))}V${f1(y(pf))}`;
      prevF = pf;
    }
    if (prevF < 1) d += `V${f1(y(1))}`;
    parts.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"><title>${esc(s.label)}</title></path>`,
    );
  }
  parts.push(plotFrame(left, top, w, plotHeight), key.svg, '</svg>');
  return parts.join('');
}

export interface BarGroup {
  label: string;
  bars: ReadonlyArray<Omit<Bar, 'label'>>;
}

/** Groups of thin horizontal bars (one group per link direction, one bar per cell) with whiskers. */
export function groupedBarChart(
  title: string,
  unit: string,
  groups: readonly BarGroup[],
  keys: ReadonlyArray<{ label: string; color: string }>,
  max?: number,
): string {
  const labelChars = Math.min(30, Math.max(4, ...groups.map((g) => g.label.length)));
  const left = 12 + labelChars * 6.2,
    right = 16,
    top = 26,
    bar = 7,
    gap = 8;
  const groupHeight = (g: BarGroup) => g.bars.length * bar + gap;
  const plotHeight = groups.reduce((h, g) => h + groupHeight(g), 0);
  const values = groups
    .flatMap((g) => g.bars.flatMap((b) => [b.value, b.high]))
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const ticks = niceTicks(0, max ?? Math.max(0, ...values));
  const hi = ticks[ticks.length - 1];
  const x = (v: number) => left + (Math.max(0, v) / hi) * (WIDTH - left - right);
  const key = legend(keys, top + plotHeight + 34);
  const height = top + plotHeight + 34 + key.height + 6;
  const parts: string[] = [chartHead('grouped-bars', WIDTH, height, title, `${esc(title)} (${esc(unit)})`)];
  for (const t of ticks) {
    parts.push(`<line x1="${f1(x(t))}" x2="${f1(x(t))}" y1="${top - 4}" y2="${top + plotHeight}" stroke="#ddd"/>`);
    parts.push(xAxisLabel(x(t), top + plotHeight + 14, tickLabel(t)));
  }
  let gy = top;
  for (const g of groups) {
    parts.push(
      `<text x="${f1(left - 6)}" y="${f1(gy + (g.bars.length * bar) / 2 + 4)}" ` +
        `text-anchor="end"><title>${esc(g.label)}</title>${esc(truncate(g.label, labelChars))}</text>`,
    );
    g.bars.forEach((b, i) => {
      const y0 = gy + i * bar;
      if (b.value !== null)
        parts.push(
          `<rect x="${left}" y="${f1(y0)}" width="${f1(Math.max(0.5, x(b.value) - left))}" height="${bar - 1}" ` +
            `fill="${b.color}"><title>${esc(b.tooltip)}</title></rect>`,
        );
      if (b.low !== null && b.high !== null)
        parts.push(`<path d="M${f1(x(b.low))} ${f1(y0 + bar / 2)}H${f1(x(b.high))}" stroke="#222" stroke-width="1"/>`);
    });
    gy += groupHeight(g);
  }
  parts.push(
    `<line x1="${left}" x2="${left}" y1="${top - 4}" y2="${top + plotHeight}" stroke="#444"/>`,
    key.svg,
    '</svg>',
  );
  return parts.join('');
}
