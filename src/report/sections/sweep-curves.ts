import { policyLabel, variantLabel } from '../../experiment/cells.js';
import type { ComparisonFile } from '../../experiment/comparison.js';
import { gridPoints, samePoint, type PointLabels } from '../../experiment/grid.js';
import type { Estimate } from '../../experiment/interval.js';
import type { MetricKey } from '../../experiment/metrics.js';
import type { CellSummary, Summary } from '../../experiment/summary.js';
import { esc } from '../escape.js';
import { formatEstimate, formatNumber } from '../format.js';
import type { CellHurts } from '../hurts.js';
import { pointText, shortSweepName } from '../labels.js';
import { PALETTE } from '../svg.js';
import { lineChart, type LinePoint, type LineSeries } from './line-chart.js';

/**
 * The report's sweep curves (a sweep only): each class's p99 latency, jitter, loss and SLA pass
 * rate against the swept value, one line per variant (and policy) with its 95% band; then the users
 * refused and the utilization of the top hot spot (until results carry hot spots: of the busiest
 * link direction at the heaviest point) against the load.
 */

/** In a grid, curves along the first sweep at this many combinations of the others, at most. */
const MAX_SLICES = 4;

interface Series {
  variant: string | null;
  policy: string | null;
  label: string;
  color: string;
}

function seriesOf(c: ComparisonFile, summary: Summary): Series[] {
  const out: Series[] = [];
  const many = { v: c.matrix.variants.length > 1, p: c.matrix.policies.length > 1 };
  for (const cell of summary.cells) {
    if (out.some((s) => s.variant === cell.variant && s.policy === cell.policy)) continue;
    const label =
      many.v && many.p
        ? `${variantLabel(cell.variant)} / ${policyLabel(cell.policy)}`
        : many.p
          ? policyLabel(cell.policy)
          : variantLabel(cell.variant);
    out.push({ variant: cell.variant, policy: cell.policy, label, color: PALETTE[out.length % PALETTE.length] });
  }
  return out;
}

const point = (e: Estimate | undefined, scale: number, unit: string, where: string): LinePoint => {
  const s = (v: number | null | undefined) => (v === null || v === undefined ? null : v * scale);
  return {
    mean: s(e?.mean),
    low: s(e?.low),
    high: s(e?.high),
    tooltip: `${where}: ${e ? formatEstimate(e, scale) : '—'} ${unit}`,
  };
};

const CLASS_CHARTS: { key: MetricKey; title: string; unit: string; scale: number }[] = [
  { key: 'latencyMs.p99', title: 'p99 latency', unit: 'ms', scale: 1 },
  { key: 'jitterMs.mean', title: 'jitter', unit: 'ms', scale: 1 },
  { key: 'lossRatio', title: 'loss (all packets, as the SLA judges it)', unit: '%', scale: 100 },
];

/** The link direction a series' utilization curve follows: its top hot spot, else its busiest, at the last point. */
function followed(h: CellHurts | undefined): string | null {
  const spot = h?.hotspots?.find((s) => /\/(forward|reverse)$/.test(s.at));
  return spot?.at ?? h?.links[0]?.at ?? null;
}

export function sweepCurvesSection(c: ComparisonFile, summary: Summary, hurts: readonly CellHurts[]): string {
  const sweeps = c.matrix.sweeps ?? [];
  if (!sweeps.some((s) => s.values.length > 1)) return '';
  const [axis, ...others] = sweeps;
  const xValues = axis.values.map(String);
  const xLabel = shortSweepName(axis.name);
  const series = seriesOf(c, summary);
  const slices = gridPoints(others).slice(0, MAX_SLICES);
  const cellFor = (s: Series, slice: PointLabels, value: string | number | boolean): CellSummary | undefined => {
    const at = { ...slice, [axis.name]: value };
    const labels = Object.fromEntries(sweeps.map((w) => [w.name, at[w.name]]));
    return summary.cells.find(
      (cell) => cell.variant === s.variant && cell.policy === s.policy && samePoint(cell.sweep, labels),
    );
  };
  const blocks: string[] = [];
  for (const slice of slices) {
    const sliceText = pointText(slice);
    const suffix = sliceText ? ` (${sliceText})` : '';
    const charts: string[] = [];
    for (const cls of summary.classes) {
      for (const m of CLASS_CHARTS) {
        const lines: LineSeries[] = series.map((s) => ({
          label: s.label,
          color: s.color,
          points: axis.values.map((v) => {
            const e = cellFor(s, slice, v)?.classes[cls]?.metrics[m.key];
            return point(e, m.scale, m.unit, `${s.label} @ ${xLabel}=${String(v)}`);
          }),
        }));
        charts.push(lineChart({ title: `${cls}: ${m.title}${suffix}`, unit: m.unit, xLabel, xValues }, lines));
      }
      const hasSla = summary.cells.some((cell) => cell.classes[cls]?.sla);
      if (hasSla) {
        const lines: LineSeries[] = series.map((s) => ({
          label: s.label,
          color: s.color,
          points: axis.values.map((v) => {
            const rate = cellFor(s, slice, v)?.classes[cls]?.sla?.rate ?? null;
            const mean = rate === null ? null : rate * 100;
            const tooltip = `${s.label} @ ${xLabel}=${String(v)}: ${formatNumber(mean)} %`;
            return { mean, low: null, high: null, tooltip };
          }),
        }));
        const title = `${cls}: SLA pass rate${suffix}`;
        const target = { value: 90, label: 'holds (90%)' };
        charts.push(lineChart({ title, unit: '% of replications', xLabel, xValues, yMax: 100, target }, lines));
      }
    }
    const refused = series.map((s) => ({
      label: s.label,
      color: s.color,
      points: axis.values.map((v) => {
        const cell = cellFor(s, slice, v);
        const all = Object.values(cell?.refusals ?? {});
        const mean = cell ? all.reduce((n, r) => n + (r.rejected.mean ?? 0), 0) : null;
        const one = all.length === 1 ? all[0].rejected : null;
        const where = `${s.label} @ ${xLabel}=${String(v)}`;
        return { mean, low: one?.low ?? null, high: one?.high ?? null, tooltip: `${where}: ${formatNumber(mean)}` };
      }),
    }));
    if (summary.cells.some((cell) => cell.refusals))
      charts.push(
        lineChart({ title: `users refused (tunnels, sessions)${suffix}`, unit: 'users', xLabel, xValues }, refused),
      );
    const heaviest = axis.values[axis.values.length - 1];
    const util = series.map((s) => {
      const last = cellFor(s, slice, heaviest);
      const at = followed(hurts.find((h) => h.cell === last));
      const [id, dir] = at ? [at.slice(0, at.lastIndexOf('/')), at.slice(at.lastIndexOf('/') + 1)] : [null, null];
      return {
        label: at ? `${s.label}: ${at}` : s.label,
        color: s.color,
        points: axis.values.map((v) => {
          const e = id ? cellFor(s, slice, v)?.links[id]?.[dir as 'forward' | 'reverse'] : undefined;
          return point(e, 100, '%', `${s.label} @ ${xLabel}=${String(v)}${at ? `, ${at}` : ''}`);
        }),
      };
    });
    const spots = hurts.some((h) => h.hotspots !== null);
    const utilTitle = `${spots ? 'top hot spot' : 'busiest link direction'} utilization${suffix}`;
    charts.push(lineChart({ title: utilTitle, unit: '%', xLabel, xValues, yMax: 100 }, util));
    blocks.push(`<div class="plots">${charts.join('')}</div>`);
  }
  const more =
    gridPoints(others).length > MAX_SLICES
      ? ` Curves at the first ${MAX_SLICES} combinations of the other sweeps; results.csv has every point.`
      : '';
  const note =
    `Each figure against ${esc(xLabel)} (${esc(xValues.join(', '))}, evenly spaced in the order the sweep runs ` +
    `them): one line per ${series.length > 1 ? 'variant and policy' : 'series'}, the shaded band its 95% ` +
    'confidence interval across replications. The utilization curve follows, for each series, the link direction ' +
    'that is its top hot spot (or, without hot spots in the results, its busiest) at the heaviest point.' +
    more;
  return `<h2 id="sweep">Along the sweep</h2><p class="note">${note}</p>${blocks.join('')}`;
}
