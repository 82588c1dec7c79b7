import type { ComparisonFile } from '../../experiment/comparison.js';
import { samePoint } from '../../experiment/grid.js';
import type { CellSummary, Summary } from '../../experiment/summary.js';
import type { RunResult } from '../../metrics/result.js';
import type { TimeseriesResult } from '../../metrics/timeseries/index.js';
import { esc } from '../escape.js';
import { formatNumber, formatShare } from '../format.js';
import { cellLabel } from '../labels.js';
import { PALETTE } from '../svg.js';
import { failurePhases, type PhaseFigures } from '../timeseries-phases.js';
import { timeChart, type TimeChartOptions, type TimeLine, type TimeMark } from './time-chart.js';

/** Cells drawn as lines of one chart (and link charts drawn, one per cell): beyond, results.json has them. */
const MAX_CELLS = PALETTE.length;

const CLASS_FIGURES: ReadonlyArray<{
  key: 'throughputBps' | 'latencyMeanMs' | 'latencyP99Ms' | 'lost';
  title: string;
  unit: string;
  scale: number;
}> = [
  { key: 'throughputBps', title: 'throughput', unit: 'Mbps', scale: 1e-6 },
  { key: 'latencyMeanMs', title: 'mean latency', unit: 'ms', scale: 1 },
  { key: 'latencyP99Ms', title: 'p99 latency', unit: 'ms', scale: 1 },
  { key: 'lost', title: 'packets lost', unit: 'packets per window', scale: 1 },
];

interface CellSeries {
  cell: CellSummary;
  label: string;
  runs: TimeseriesResult[];
}

/** Per window, the mean over a cell's runs of what `of` reads (null where no run has a value). */
function meanOver(
  runs: readonly TimeseriesResult[],
  of: (ts: TimeseriesResult) => ReadonlyArray<number | null> | undefined,
): Array<number | null> {
  const n = runs[0].t.length;
  const out: Array<number | null> = [];
  for (let k = 0; k < n; k++) {
    let sum = 0,
      count = 0;
    for (const r of runs) {
      const v = of(r)?.[k];
      if (v !== null && v !== undefined) {
        sum += v;
        count++;
      }
    }
    out.push(count > 0 ? sum / count : null);
  }
  return out;
}

function marksOf(ts: TimeseriesResult): TimeMark[] {
  return ts.events.map((e) => ({
    t: e.t,
    up: e.up,
    label: e.link !== undefined ? `link ${e.link}` : `node ${e.node}`,
  }));
}

const msText = (x: number | null) => (x === null ? '—' : formatNumber(x));

function phaseCells(p: PhaseFigures | null): string {
  if (p === null || p.windows === 0) return '<td>—</td><td>—</td><td>—</td>';
  return `<td>${formatShare(p.lossRatio)}</td><td>${msText(p.latencyMeanMs)}</td><td>${msText(p.worstP99Ms)}</td>`;
}

/** Before, during and after the first failure, per cell (its first run) and class: the dip and the recovery. */
function phaseTable(cells: readonly CellSeries[]): string {
  const rows: string[] = [];
  let failure = '';
  for (const c of cells) {
    const phases = failurePhases(c.runs[0]);
    if (!phases) continue;
    const f = phases.failure;
    const back = f.up !== null ? `, back at ${formatNumber(f.up)} s` : '';
    failure = `${esc(f.label)} down at ${formatNumber(f.down)} s${back}`;
    for (const [cls, p] of Object.entries(phases.classes))
      rows.push(
        `<tr><td class="l">${esc(c.label)}</td><td class="l">${esc(cls)}</td>` +
          `${phaseCells(p.before)}${phaseCells(p.during)}${phaseCells(p.after)}</tr>`,
      );
  }
  if (rows.length === 0) return '';
  const head3 = '<th>loss</th><th>mean ms</th><th>worst p99 ms</th>';
  return `<p class="note">First failure: ${failure}. Per class, the windows wholly before it, while it is down
and after it came back (first replication of each cell): loss, mean latency, and the worst window's p99.</p>
<table><tr><th></th><th></th><th colspan="3">before</th><th colspan="3">during</th><th colspan="3">after</th></tr>
<tr><th>cell</th><th class="l">class</th>${head3}${head3}${head3}</tr>${rows.join('')}</table>`;
}

/**
 * The report's time-series section: per class, its throughput, mean and p99 latency and losses per
 * window (one line per cell, the mean over its replications), then per cell the reported link
 * directions' utilization and queue; the scenario's failures marked on every chart, and a table of
 * each class before, during and after the first failure. Empty when no run recorded a time series.
 */
export function timeseriesSection(c: ComparisonFile, summary: Summary): string {
  const cells: CellSeries[] = [];
  for (const cell of summary.cells) {
    const runs = c.runs
      .filter(
        (r: RunResult) =>
          r.variant === cell.variant && r.policy === cell.policy && samePoint(r.sweep as never, cell.sweep),
      )
      .flatMap((r) => (r.timeseries ? [r.timeseries] : []));
    if (runs.length > 0) cells.push({ cell, label: cellLabel(c, cell.variant, cell.policy, cell.sweep), runs });
  }
  if (cells.length === 0) return '';
  const first = cells[0].runs[0];
  // Lines of one chart share its time axis: cells whose windows differ (a swept duration) are left out.
  const drawn = cells
    .filter((x) => x.runs[0].t.length === first.t.length && x.runs[0].window === first.window)
    .slice(0, MAX_CELLS);
  const base: Omit<TimeChartOptions, 'title' | 'unit'> = {
    t: first.t,
    window: first.window,
    measuredEnd: first.end,
    marks: marksOf(first),
  };
  const classes = [...new Set(drawn.flatMap((x) => x.runs.flatMap((r) => Object.keys(r.classes))))];
  const omitted = drawn.length < cells.length ? ` ${drawn.length} of ${cells.length} cells drawn.` : '';
  const parts: string[] = [
    `<h2 id="timeseries">Over time</h2><p class="note">Per window of ${formatNumber(first.window)} s: ` +
      "each class's packets by their delivery (or drop) time, the link directions' counters at each window's " +
      'edges. Failures: ▼ down (shaded while down), ▲ back up; the dotted line ends the measured window (what ' +
      "follows is the drain). Each line is a cell's mean over its replications; every run's series is in " +
      `results.json and timeseries.csv.${omitted}</p>`,
    phaseTable(drawn),
  ];
  for (const cls of classes) {
    const charts = CLASS_FIGURES.map((fig) => {
      const lines: TimeLine[] = drawn.map((x, i) => ({
        label: x.label,
        color: PALETTE[i % PALETTE.length],
        values: meanOver(x.runs, (r) => r.classes[cls]?.[fig.key]).map((v) => (v === null ? null : v * fig.scale)),
      }));
      return timeChart({ ...base, title: `${cls}: ${fig.title}`, unit: fig.unit }, lines);
    });
    parts.push(`<h3>${esc(cls)}</h3><div class="plots">${charts.join('')}</div>`);
  }
  for (const x of drawn) {
    const keys = Object.keys(x.runs[0].links);
    if (keys.length === 0) continue;
    const chart = (title: string, unit: string, of: 'utilization' | 'queuePackets', scale: number) =>
      timeChart(
        { ...base, title, unit },
        keys.map((k, i) => ({
          label: k,
          color: PALETTE[i % PALETTE.length],
          values: meanOver(x.runs, (r) => r.links[k]?.[of]).map((v) => (v === null ? null : v * scale)),
        })),
      );
    parts.push(
      `<h3>Links · ${esc(x.label)}</h3><div class="plots">` +
        chart('utilization', '%', 'utilization', 100) +
        chart('queue', 'mean packets waiting', 'queuePackets', 1) +
        '</div>',
    );
  }
  return parts.join('\n');
}
