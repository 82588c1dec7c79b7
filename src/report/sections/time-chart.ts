import { esc } from '../escape.js';
import { chartHead, f1, legend, niceTicks, plotFrame, tickLabel, xAxisLabel, yGridLine } from '../svg.js';

/** One line over time: a value per window (null: nothing to show there). */
export interface TimeLine {
  label: string;
  color: string;
  values: ReadonlyArray<number | null>;
}

/** A failure of the scenario: when, what, and whether it went down or came back up. */
export interface TimeMark {
  t: number;
  label: string;
  up: boolean;
}

export interface TimeChartOptions {
  title: string;
  /** The y axis: what and in which unit. */
  unit: string;
  /** Window starts (s), as the results give them. */
  t: readonly number[];
  window: number;
  /** Where the measured window ends (traffic stops; what follows is the drain). */
  measuredEnd?: number;
  marks: readonly TimeMark[];
}

const WIDTH = 560;

/**
 * A figure per window against simulated time, one line per series (each point at its window's
 * middle), with the scenario's failures marked: the time an element is down shaded, a red line
 * where it goes down and a green one where it comes back. Pure: same input, same bytes.
 */
export function timeChart(o: TimeChartOptions, lines: readonly TimeLine[]): string {
  const left = 52,
    right = 14,
    top = 26,
    plotHeight = 170,
    bottom = 34;
  const w = WIDTH - left - right;
  const t0 = o.t.length > 0 ? o.t[0] : 0;
  const t1 = o.t.length > 0 ? o.t[o.t.length - 1] + o.window : 1;
  const x = (t: number) => left + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0 || 1)) * w;
  const values = lines.flatMap((l) => l.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const ticks = niceTicks(0, Math.max(0, ...values) || 1);
  const hi = ticks[ticks.length - 1];
  const y = (v: number) => top + (1 - Math.min(Math.max(v, 0), hi) / hi) * plotHeight;
  const keyTop = top + plotHeight + bottom + 4;
  const key = legend(lines, keyTop);
  const height = keyTop + key.height + 6;
  const parts: string[] = [chartHead('timeseries', WIDTH, height, o.title)];
  // Down intervals first, under everything: from each down mark to the next up mark of the same element.
  o.marks.forEach((m, i) => {
    if (m.up) return;
    const back = o.marks.slice(i + 1).find((n) => n.up && n.label === m.label);
    const a = x(m.t),
      b = x(back ? back.t : t1);
    parts.push(
      `<rect data-mark="down" x="${f1(a)}" y="${top}" width="${f1(Math.max(b - a, 1))}" height="${plotHeight}" ` +
        `fill="#b3261e" fill-opacity="0.08"><title>${esc(m.label)} down</title></rect>`,
    );
  });
  for (const t of ticks) parts.push(yGridLine(left, w, y(t), tickLabel(t)));
  for (const t of niceTicks(t0, t1, 8).filter((v) => v >= t0 - 1e-9 && v <= t1 + 1e-9))
    parts.push(xAxisLabel(x(t), top + plotHeight + 14, tickLabel(t)));
  parts.push(xAxisLabel(left + w / 2, top + plotHeight + 28, `simulated time (s) → · ${esc(o.unit)}`));
  if (o.measuredEnd !== undefined && o.measuredEnd < t1) {
    const e = f1(x(o.measuredEnd));
    parts.push(
      `<line x1="${e}" x2="${e}" y1="${top}" y2="${top + plotHeight}" stroke="#888" stroke-dasharray="2 3">` +
        '<title>end of the measured window (then the drain)</title></line>',
    );
  }
  for (const m of o.marks) {
    const mx = f1(x(m.t));
    const color = m.up ? '#0a7d32' : '#b3261e';
    parts.push(
      `<line data-mark="${m.up ? 'up' : 'down'}" x1="${mx}" x2="${mx}" y1="${top}" y2="${top + plotHeight}" ` +
        `stroke="${color}" stroke-width="1.5" stroke-dasharray="5 3"><title>${esc(m.label)} ` +
        `${m.up ? 'back up' : 'down'} at ${tickLabel(m.t)} s</title></line>`,
      `<text x="${mx}" y="${top - 3}" text-anchor="middle" fill="${color}">${m.up ? '▲' : '▼'}</text>`,
    );
  }
  for (const l of lines) {
    let d = '';
    l.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      const px = f1(x(o.t[i] + o.window / 2));
      d += `${d === '' || l.values[i - 1] === null ? 'M' : 'L'}${px} ${f1(y(v))}`;
    });
    if (d !== '')
      parts.push(
        `<path d="${d}" fill="none" stroke="${l.color}" stroke-width="1.8"><title>${esc(l.label)}</title></path>`,
      );
  }
  parts.push(plotFrame(left, top, w, plotHeight), key.svg, '</svg>');
  return parts.join('');
}
