import type { ComparisonFile } from '../../experiment/comparison.js';
import { EXPERIENCE_METRICS, type ExperienceKey, type ExperienceSummary } from '../../experiment/experience.js';
import { clipToShare, confidenceLabel, type Estimate } from '../../experiment/interval.js';
import type { CellSummary, Summary } from '../../experiment/summary.js';
import { esc } from '../escape.js';
import { experienceClasses } from '../experience-table.js';
import { formatCount, formatEstimate, formatRelative, formatShare } from '../format.js';
import { cell, ci, headRow, intervalText, row, VERDICT_CLASS } from '../html.js';
import { cellLabel, deltaLabel } from '../labels.js';
import { barChart, cdfChart, PALETTE } from '../svg.js';

/** Shares in %, MOS as it is. */
const SHOWN: Record<ExperienceKey, { unit: string; scale: number }> = {
  slaMetShare: { unit: '%', scale: 100 },
  'mos.mean': { unit: 'MOS', scale: 1 },
  poorShare: { unit: '%', scale: 100 },
};

/** A cell's estimate as shown: a share's interval clipped to [0, 1] (not a delta's: a difference of shares). */
const shown = (e: Estimate, key: ExperienceKey): Estimate => (SHOWN[key].unit === '%' ? clipToShare(e) : e);

function estimateCell(e: Estimate, key: ExperienceKey, signed = false): string {
  const { scale } = SHOWN[key];
  return `${formatEstimate({ ...e, low: null, high: null }, scale, signed)} ${ci(intervalText(e, scale))}`;
}

function table(c: ComparisonFile, summary: Summary, cls: string): string {
  const header = headRow([
    '',
    'flows',
    'refused',
    ...EXPERIENCE_METRICS.map((m) => (SHOWN[m.key].unit === '%' ? `${esc(m.label)} (%)` : esc(m.label))),
  ]);
  const rows = summary.cells.flatMap((x) => {
    const e = x.experience?.[cls];
    if (!e) return [];
    return [
      row([
        cell(esc(cellLabel(c, x.variant, x.policy, x.sweep))),
        cell(formatCount(e.flows.mean)),
        cell(formatCount(e.refused.mean)),
        ...EXPERIENCE_METRICS.map((m) => cell(estimateCell(shown(e.metrics[m.key], m.key), m.key))),
      ]),
    ];
  });
  const deltas = summary.deltas.flatMap((d) => {
    const dm = d.experience?.[cls];
    if (!dm) return [];
    const tds = EXPERIENCE_METRICS.map((m) => {
      const e = dm[m.key];
      if (e.mean === null) return cell('—');
      const rel = e.relative !== null ? ` (${formatRelative(e.relative)})` : '';
      return cell(
        `${estimateCell(e, m.key, true).replace(' <span', `${rel} <span`)}<br>` +
          `<span class="${VERDICT_CLASS[e.verdict]}">${e.verdict}</span>`,
      );
    });
    return [`<tr class="delta"><td>Δ ${esc(deltaLabel(c, d))}</td><td></td><td></td>${tds.join('')}</tr>`];
  });
  return `<table>${header}${rows.join('')}${deltas.join('')}</table>`;
}

function plots(c: ComparisonFile, cells: ReadonlyArray<{ cell: CellSummary; color: string }>, cls: string): string {
  const of = (x: CellSummary): ExperienceSummary => x.experience![cls];
  const out: string[] = [];
  if (cells.some(({ cell }) => of(cell).mosCdf)) {
    out.push(
      cdfChart(
        `${cls}: MOS across calls (every replication)`,
        'MOS (E-model, ITU-T G.107)',
        cells.map(({ cell, color }) => ({
          label: `${cellLabel(c, cell.variant, cell.policy, cell.sweep)} (${of(cell).calls} calls)`,
          color,
          points: of(cell).mosCdf ?? [],
        })),
      ),
    );
  }
  for (const m of EXPERIENCE_METRICS) {
    if (!cells.some(({ cell }) => of(cell).metrics[m.key].mean !== null)) continue;
    const { unit, scale } = SHOWN[m.key];
    const scaled = (v: number | null) => (v === null ? null : v * scale);
    out.push(
      barChart(
        `${cls}: ${m.label}`,
        unit,
        cells.map(({ cell, color }) => {
          const e = of(cell).metrics[m.key];
          const { low, high } = shown(e, m.key);
          const label = cellLabel(c, cell.variant, cell.policy, cell.sweep);
          return {
            label,
            value: scaled(e.mean),
            low: scaled(low),
            high: scaled(high),
            color,
            tooltip: `${label}: ${formatEstimate(e, scale)} ${unit} (n=${e.n})`,
          };
        }),
      ),
    );
  }
  return `<div class="plots">${out.join('')}</div>`;
}

/** The poor-call share of each cell in one sentence (what a planner quotes), when the class carries voice. */
function statement(c: ComparisonFile, cells: ReadonlyArray<{ cell: CellSummary }>, cls: string, level: string): string {
  const figures = cells.flatMap(({ cell }) => {
    const e = clipToShare(cell.experience![cls].metrics.poorShare);
    if (e.mean === null) return [];
    const interval = e.low !== null && e.high !== null ? ` ${intervalText(e, 100)}` : '';
    return [`${esc(cellLabel(c, cell.variant, cell.policy, cell.sweep))} ${formatShare(e.mean)}${interval}`];
  });
  if (figures.length === 0) return '';
  return (
    `<p><b>Poor calls</b> (share of the ${esc(cls)} voice streams, refused ones included; ${level} interval): ` +
    `${figures.join(', ')}.</p>`
  );
}

/**
 * The report's experience section: per class whose flows were judged one by one, each cell's share
 * of flows meeting the SLA, mean MOS and poor-call share with intervals, the paired deltas, the CDF
 * of MOS across calls and bars of each figure. Empty when the results have no experience.
 */
export function experienceSection(c: ComparisonFile, summary: Summary): string {
  const classes = experienceClasses(summary);
  if (classes.length === 0) return '';
  const level = confidenceLabel(summary.confidence);
  const parts = classes.map((cls) => {
    const cells = summary.cells
      .map((cell, i) => ({ cell, color: PALETTE[i % PALETTE.length] }))
      .filter(({ cell }) => cell.experience?.[cls]);
    return `<h3>${esc(cls)}</h3>${statement(c, cells, cls, level)}${table(c, summary, cls)}${plots(c, cells, cls)}`;
  });
  const note =
    'Every flow (one user, one direction) judged on its own packets: the share of flows that met every ' +
    'target of their class (p99 latency, mean jitter, loss); for voice flows (an app or flow with a codec), ' +
    'the E-model MOS of each call (ITU-T G.107, after a NetEq-like jitter buffer) and the share of calls ' +
    "Teams' Call Quality Dashboard would rate poor. Flows refused by a tunnel or session limit fail the SLA " +
    'and count as poor calls; they have no MOS (the CDF holds the calls that connected). Each figure is the ' +
    `mean across replications with its ${level} interval; Δ paired by seed. See docs/experience.md.`;
  return `<h2 id="experience">Experience per user</h2><p class="note">${esc(note)}</p>\n${parts.join('\n')}`;
}
