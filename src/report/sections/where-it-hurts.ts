import { HOLDS_SHARE, type BreakingPoint } from '../../experiment/breaking-points.js';
import type { ComparisonFile } from '../../experiment/comparison.js';
import { samePoint } from '../../experiment/grid.js';
import { DELAY_PARTS } from '../../experiment/metrics.js';
import type { Summary } from '../../experiment/summary.js';
import { ADMISSION_LIMITS, refusedWords } from '../admission.js';
import { breakingPointLines } from '../breaking-points.js';
import { admissionLimitLines, whyLines } from '../capacity-text.js';
import { esc } from '../escape.js';
import { formatCount, formatEstimate, formatNumber, formatPercent, formatShare } from '../format.js';
import { breakPoint, type CellHurts } from '../hurts.js';
import { cellLabel } from '../labels.js';
import { cellPicture } from './topology-picture.js';

/**
 * The report's first section, "Where it hurts": for a sweep, the breaking points in words and why
 * (what failed, who was refused, the busiest link); then, per variant and policy, at its first
 * breaking point (else at the heaviest point; without a sweep, each cell): users refused per
 * component, the busiest link directions with their drops, the hot spots once results carry them,
 * and the topology picture coloured by that cell's utilization.
 */

/** The cells the section shows: one per (variant, policy): where it first breaks, else at the heaviest point. */
function shownCells(c: ComparisonFile, hurts: readonly CellHurts[]): { h: CellHurts; why: string }[] {
  const points = c.summary?.breakingPoints ?? [];
  const sweeps = c.matrix.sweeps ?? [];
  if (sweeps.length === 0) return hurts.map((h) => ({ h, why: '' }));
  const out: { h: CellHurts; why: string }[] = [];
  const series = new Map<string, CellHurts[]>();
  for (const h of hurts) {
    const key = JSON.stringify([h.cell.variant, h.cell.policy]);
    series.set(key, [...(series.get(key) ?? []), h]);
  }
  for (const cells of series.values()) {
    const { variant, policy } = cells[0].cell;
    // The earliest break of any class along the first sweep (at the first combination of the others).
    const breaks = points
      .filter((bp) => bp.variant === variant && (policy === null || bp.policy === policy) && bp.breaksAt !== null)
      .filter((bp) => bp.sweep === sweeps[0].name)
      .map((bp) => ({ bp, point: breakPoint(c, bp)! }))
      .map((b) => ({ ...b, at: cells.findIndex((h) => samePoint(h.cell.sweep, b.point)) }))
      .filter((b) => b.at >= 0)
      .sort((a, b) => a.at - b.at);
    if (breaks.length > 0) {
      const first = breaks[0];
      const classes = breaks.filter((b) => b.at === first.at).map((b) => b.bp.class);
      out.push({ h: cells[first.at], why: `where ${classes.join(', ')} first break${classes.length > 1 ? '' : 's'}` });
    } else out.push({ h: cells[cells.length - 1], why: 'nothing breaks: at the heaviest point' });
  }
  return out;
}

function refusalText(h: CellHurts): string {
  const components = Object.values(h.cell.refusals ?? {});
  if (components.length === 0) return '';
  if (h.refusals.length === 0) return '<p>No user refused (tunnel and session limits held).</p>';
  const items = h.refusals.map((r) => `<li>${refusedWords(r, (label) => `<b>${esc(label)}</b>`)}</li>`);
  return `<p>Users refused (mean over replications):</p><ul>${items.join('')}</ul>`;
}

function linkTable(h: CellHurts): string {
  if (h.links.length === 0) return '<p class="note">No link direction carried traffic.</p>';
  const rows = h.links
    .map(
      (l) =>
        `<tr><td>${esc(l.at)}</td><td>${formatShare(l.utilization)}</td>` +
        `<td>${l.drops === null ? '—' : formatCount(Math.round(l.drops))}</td></tr>`,
    )
    .join('');
  return (
    '<table><tr><th>busiest link directions</th><th>utilization</th><th>drops per run</th></tr>' + rows + '</table>'
  );
}

/**
 * Where each class's delay comes from in this cell (Stats.delayMs, mean ± the interval across
 * replications): what a faster link or a nearer region could win (propagation, serialization)
 * against what capacity could (queueing). Nothing for results from before the decomposition.
 */
function delayTable(h: CellHurts): string {
  const rows = Object.entries(h.cell.classes)
    .filter(([, s]) => s.delayMs)
    .map(([cls, s]) => {
      const d = s.delayMs!;
      const mean = s.metrics['latencyMs.mean'].mean;
      const queued = mean !== null && mean > 0 && d.queueing.mean !== null ? formatShare(d.queueing.mean / mean) : '—';
      return (
        `<tr><td class="l">${esc(cls)}</td><td>${formatEstimate(s.metrics['latencyMs.mean'])}</td>` +
        DELAY_PARTS.map((k) => `<td>${formatEstimate(d[k])}</td>`).join('') +
        `<td>${queued}</td></tr>`
      );
    });
  if (rows.length === 0) return '';
  return (
    '<table data-delay><tr><th class="l">class</th><th>mean latency (ms)</th><th>propagation</th>' +
    '<th>serialization</th><th>processing</th><th>queueing</th><th>queueing share</th></tr>' +
    `${rows.join('')}</table>`
  );
}

/** The hot spots, once results carry them (Stats.hotspots): nothing before. */
function hotspotTable(h: CellHurts): string {
  if (h.hotspots === null || h.hotspots.length === 0) return '';
  const rows = h.hotspots
    .map(
      (s) =>
        `<tr><td class="l">${esc(s.class)}</td><td>${esc(s.at)}</td><td>${formatNumber(s.queueingMs)}</td>` +
        `<td>${formatShare(s.share)}</td><td>${s.drops === null ? '—' : formatCount(Math.round(s.drops))}</td></tr>`,
    )
    .join('');
  return (
    '<table data-hotspots><tr><th class="l">class</th><th>hot spot</th><th>waiting (ms)</th>' +
    `<th>share of latency</th><th>drops</th></tr>${rows}</table>`
  );
}

function breakingBlock(c: ComparisonFile, points: readonly BreakingPoint[], hurts: readonly CellHurts[]): string {
  const sweeps = c.matrix.sweeps ?? [];
  if (!sweeps.some((s) => s.values.length > 1)) return '';
  const lines = breakingPointLines(points, sweeps);
  const share = formatPercent(HOLDS_SHARE);
  const why = whyLines(c, points, hurts);
  const limits = admissionLimitLines(c, hurts);
  const list = (xs: string[]) => `<ul>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`;
  return (
    `<p><b>Breaking points</b> (a point holds when the class met every SLA target in at least ${share} of its ` +
    `replications):</p>${lines.length > 0 ? list(lines) : '<p>No class has SLA targets: nothing to break.</p>'}` +
    (why.length > 0 ? `<p><b>Where it breaks, and what hurts there:</b></p>${list(why)}` : '') +
    (limits.length > 0 ? `<p><b>${ADMISSION_LIMITS.title}</b> (${ADMISSION_LIMITS.note}):</p>` : '') +
    (limits.length > 0 ? list(limits) : '')
  );
}

export function whereItHurtsSection(c: ComparisonFile, summary: Summary, hurts: readonly CellHurts[]): string {
  const cards = shownCells(c, hurts).map(({ h, why }) => {
    const label = cellLabel(c, h.cell.variant, h.cell.policy, h.cell.sweep);
    const picture = cellPicture(c, h, `${label}: link directions by utilization`);
    return (
      `<div class="hurt"><h3>${esc(label)}${why ? ` <span class="note">(${esc(why)})</span>` : ''}</h3>` +
      `${refusalText(h)}${delayTable(h)}${hotspotTable(h)}${linkTable(h)}` +
      `${picture ? `<div class="plots">${picture}</div>` : ''}` +
      '</div>'
    );
  });
  const intro =
    'What limits each design: the users a tunnel or session limit refused (they are not in the loss figures of ' +
    "the connected users), where each class's mean latency comes from (propagation, serialization, processing, " +
    'queueing; ms, mean ± the 95% interval across replications), its hot spots (where its packets waited, with ' +
    "that wait's share of its mean latency, and were dropped; numbered on the picture), the busiest link " +
    'directions and what was dropped there, and the topology coloured by utilization.';
  return (
    `<section id="hurts"><h2>Where it hurts</h2><p class="note">${intro}</p>` +
    `${breakingBlock(c, summary.breakingPoints ?? [], hurts)}${cards.join('')}</section>`
  );
}
