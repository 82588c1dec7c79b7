import type { ComparisonFile } from '../experiment/comparison.js';
import { samePoint } from '../experiment/grid.js';
import { confidenceLabel } from '../experiment/interval.js';
import { DELAY_PARTS } from '../experiment/metrics.js';
import { formatEstimate, formatShare } from './format.js';
import { whereItHurts } from './hurts.js';
import { cellLabel, deltaLabel, VERDICT_MARK } from './labels.js';
import { layout } from './table.js';

/** Beyond this many cells a class lists only the cells at the last sweep point (the JSON has all). */
const MAX_CELLS = 12;

/**
 * Where the delay comes from, for the terminal after the comparison table: per class and cell,
 * the mean latency split into propagation, serialization, processing and queueing (mean ± the
 * half-width of the confidence interval across replications) and the top hot spot with its share
 * of the class's mean latency, then each delta part by part (paired by seed, with its verdict mark).
 * Empty for results from before the decomposition.
 */
export function delaySummary(c: ComparisonFile): string {
  const summary = c.summary;
  if (!summary || !summary.cells.some((cell) => Object.values(cell.classes).some((s) => s.delayMs))) return '';
  const hurts = whereItHurts(c);
  const last = summary.cells[summary.cells.length - 1].sweep;
  const many = summary.cells.length > MAX_CELLS && last !== undefined;
  const cells = many ? hurts.filter((h) => samePoint(h.cell.sweep, last)) : hurts;
  const out = [
    '',
    `Where the delay comes from${many ? ', at the last sweep point' : ''} (ms per received packet, mean ± ` +
      `${confidenceLabel(summary.confidence)} interval)`,
    "top hot spot: where the class waited most, and that wait's share of the class's mean latency",
  ];
  for (const cls of summary.classes) {
    const rows: string[][] = [['', 'mean', 'propagation', 'serialization', 'processing', 'queueing', 'top hot spot']];
    const spots: string[] = [];
    for (const h of cells) {
      const s = h.cell.classes[cls];
      if (!s?.delayMs) continue;
      const spot = h.hotspots?.find((e) => e.class === cls);
      spots.push(spot ? `${spot.at} ${formatShare(spot.share, { missing: '' })}`.trim() : '—');
      rows.push([
        cellLabel(c, h.cell.variant, h.cell.policy, h.cell.sweep, true),
        formatEstimate(s.metrics['latencyMs.mean']),
        ...DELAY_PARTS.map((k) => formatEstimate(s.delayMs![k])),
        '',
      ]);
    }
    if (rows.length === 1) continue;
    // What the change bought, part by part: paired by seed, as the comparison table's deltas.
    for (const d of summary.deltas) {
      const parts = d.delayMs?.[cls];
      if (!parts || (many && !samePoint(d.sweep, last))) continue;
      const mean = d.classes[cls]?.['latencyMs.mean'];
      rows.push([
        `Δ ${deltaLabel(c, d)}`,
        mean ? `${formatEstimate(mean, 1, true)} ${VERDICT_MARK[mean.verdict]}` : '',
        ...DELAY_PARTS.map((k) => `${formatEstimate(parts[k], 1, true)} ${VERDICT_MARK[parts[k].verdict]}`),
      ]);
      spots.push('');
    }
    // Hot spot names read left-aligned: padded here, since the layout right-aligns values.
    const width = Math.max(...spots.map((t) => [...t].length), 'top hot spot'.length);
    rows[0][6] = rows[0][6].padEnd(width);
    spots.forEach((t, i) => (rows[i + 1][6] = t.padEnd(width)));
    out.push(cls, ...layout(rows));
  }
  return `${out.join('\n')}\n`;
}
