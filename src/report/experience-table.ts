import type { ComparisonFile } from '../experiment/comparison.js';
import { EXPERIENCE_METRICS, type ExperienceKey } from '../experiment/experience.js';
import { clipToShare } from '../experiment/interval.js';
import type { Summary } from '../experiment/summary.js';
import { formatCount, formatEstimate, formatShare } from './format.js';
import { cellLabel, VERDICT_MARK } from './labels.js';
import { deltaGroups, layout, wrap } from './table.js';

/** Shares in %, MOS as it is. */
const SCALE: Record<ExperienceKey, number> = { slaMetShare: 100, 'mos.mean': 1, poorShare: 100 };
const HEAD: Record<ExperienceKey, string> = {
  slaMetShare: 'met SLA %',
  'mos.mean': 'MOS mean',
  poorShare: 'poor calls %',
};

/** Classes with experience figures in some cell, in the summary's class order. */
export function experienceClasses(summary: Summary): string[] {
  const has = (cls: string) => summary.cells.some((c) => c.experience?.[cls]);
  const named = summary.classes.filter(has);
  const others = new Set(summary.cells.flatMap((c) => Object.keys(c.experience ?? {})));
  return [...named, ...[...others].filter((c) => !named.includes(c))];
}

function classBlock(c: ComparisonFile, summary: Summary, cls: string): string[] {
  const rows: string[][] = [['', 'flows', 'refused', ...EXPERIENCE_METRICS.map((m) => HEAD[m.key])]];
  for (const cell of summary.cells) {
    const e = cell.experience?.[cls];
    if (!e) continue;
    rows.push([
      cellLabel(c, cell.variant, cell.policy, cell.sweep, true),
      formatCount(e.flows.mean),
      formatCount(e.refused.mean),
      ...EXPERIENCE_METRICS.map((m) => formatEstimate(e.metrics[m.key], SCALE[m.key])),
    ]);
  }
  if (rows.length === 1) return [];
  for (const g of deltaGroups(c, summary)) {
    const items = g.items.filter((it) => it.delta.experience?.[cls]);
    if (items.length === 0) continue;
    if (items.some((it) => it.label !== null)) rows.push([`Δ ${g.title}`]);
    for (const { label, delta } of items) {
      const dm = delta.experience![cls];
      rows.push([
        label === null ? `Δ ${g.title}` : `  ${label}`,
        '',
        '',
        ...EXPERIENCE_METRICS.map((m) =>
          dm[m.key].mean === null
            ? '—'
            : `${formatEstimate(dm[m.key], SCALE[m.key], true)} ${VERDICT_MARK[dm[m.key].verdict]}`,
        ),
      ]);
    }
  }
  return [`${cls}: experience per flow`, ...layout(rows), ...poorCallLine(c, summary, cls)];
}

/**
 * The poor-call share of each cell in one line, with its 95% interval (what a planner quotes:
 * "20% of calls would have been poor"); nothing for a class without voice.
 */
function poorCallLine(c: ComparisonFile, summary: Summary, cls: string): string[] {
  const figures = summary.cells.flatMap((cell) => {
    const e = cell.experience?.[cls]?.metrics.poorShare;
    if (!e || e.mean === null) return [];
    const { low, high } = clipToShare(e);
    const interval = low !== null && high !== null ? ` [${formatShare(low)}, ${formatShare(high)}]` : '';
    return [`${cellLabel(c, cell.variant, cell.policy, cell.sweep, true)} ${formatShare(e.mean)}${interval}`];
  });
  if (figures.length === 0) return [];
  return wrap(`  poor calls (95% interval): ${figures.join(', ')}`);
}

/**
 * The experience block of the comparison table: per class, each cell's share of flows that met
 * every target of the class, the mean MOS of its calls and the share of poor calls (mean ± the
 * half-width of the interval across replications), then the paired deltas. Empty without any.
 */
export function experienceBlock(c: ComparisonFile, summary: Summary): string[] {
  const blocks = experienceClasses(summary)
    .map((cls) => classBlock(c, summary, cls))
    .filter((b) => b.length > 0);
  if (blocks.length === 0) return [];
  const out = wrap(
    'Experience: every flow (one user, one direction) judged on its own packets against its class targets; ' +
      'voice flows rated by the E-model (MOS) and Teams CQD (poor calls); refused flows fail the SLA and ' +
      'count as poor calls',
  );
  out.push('');
  for (const b of blocks) out.push(...b, '');
  return out;
}
