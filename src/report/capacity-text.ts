import { HOLDS_SHARE, type BreakingPoint } from '../experiment/breaking-points.js';
import type { ComparisonFile } from '../experiment/comparison.js';
import { breakingPointLines, unitWord } from './breaking-points.js';
import { ADMISSION_LIMITS, componentLabel, refusedWords } from './admission.js';
import { formatCount, formatNumber, formatPercent, formatShare } from './format.js';
import { breakPoint, cellAt, whereItHurts, type CellHurts } from './hurts.js';
import { cellLabel } from './labels.js';

/**
 * A sweep's answer in words, for the terminal (after the comparison table) and the report: where
 * each class stops meeting its SLA, and why there: the targets that failed, the users refused,
 * the busiest link direction, and the top hot spot once results carry them.
 */

/** What hurts in one cell, in words: `onprem-vpn tunnels refused 32 of 160; busiest link wan/forward 97% busy`. */
export function hurtsInWords(h: CellHurts, cls?: string): string {
  const parts: string[] = [];
  for (const r of h.refusals) parts.push(refusedWords(r));
  const spot = h.hotspots?.find((s) => cls === undefined || s.class === cls);
  if (spot) {
    const share = spot.share !== null ? `, ${formatShare(spot.share)} of its latency` : '';
    parts.push(`hot spot ${spot.at} (${formatNumber(spot.queueingMs ?? 0)} ms waiting${share})`);
  }
  const link = h.links[0];
  if (link) {
    const drops = (link.drops ?? 0) > 0 ? `, ${formatCount(Math.round(link.drops!))} drops` : '';
    parts.push(`busiest link ${link.at} ${formatShare(link.utilization)} busy${drops}`);
  }
  return parts.join('; ');
}

/** One line per breaking point that breaks: the cell, the failing targets, and what hurts there. */
export function whyLines(c: ComparisonFile, points: readonly BreakingPoint[], hurts: readonly CellHurts[]): string[] {
  const out: string[] = [];
  for (const bp of points) {
    const point = breakPoint(c, bp);
    if (point === null) continue;
    const h = cellAt(hurts, bp.variant, bp.policy, point);
    if (!h) continue;
    const failing = bp.failing.length > 0 ? ` (${bp.failing.join(', ')})` : '';
    const what = hurtsInWords(h, bp.class);
    out.push(
      `${bp.class}, ${cellLabel(c, h.cell.variant, h.cell.policy, h.cell.sweep)}${failing}${what ? `: ${what}` : ''}`,
    );
  }
  return [...new Set(out)];
}

/**
 * Where each admission limit starts refusing, per series and component, along the first sweep (at the
 * first combination of the others): `before: onprem-vpn tunnels refuse from 160 users (32 of 160)`.
 * Not a breaking point (the contract's are SLA verdicts): a refused user of a closed-loop app sends one
 * request and stops, so loss hardly sees them; this line does.
 */
export function admissionLimitLines(c: ComparisonFile, hurts: readonly CellHurts[]): string[] {
  const sweeps = c.matrix.sweeps ?? [];
  if (sweeps.length === 0) return [];
  const first = sweeps[0];
  const word = unitWord(first);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const h of hurts) {
    const at = h.cell.sweep?.[first.name];
    for (const r of h.refusals) {
      const key = JSON.stringify([h.cell.variant, h.cell.policy, r.component.key]);
      if (seen.has(key)) continue;
      seen.add(key);
      const series = cellLabel(c, h.cell.variant, h.cell.policy);
      const value = typeof at === 'number' && word ? `${at} ${word}` : String(at);
      const of = r.requested !== null ? ` of ${formatCount(r.requested)}` : '';
      out.push(`${series}: ${componentLabel(r.component)} refuse from ${value} (${formatCount(r.rejected)}${of})`);
    }
  }
  return out;
}

/** The terminal's capacity block (empty without sweeps). */
export function breakingPointSummary(c: ComparisonFile): string {
  const points = c.summary?.breakingPoints;
  const sweeps = c.matrix.sweeps ?? [];
  // A sweep of one value names a knob (remote-work.yaml's users: [160]): nothing is swept, nothing to say here.
  if (!points || !sweeps.some((s) => s.values.length > 1)) return '';
  const share = formatPercent(HOLDS_SHARE);
  const out = [
    '',
    `Breaking points (a point holds when the class met every SLA target in at least ${share} of its replications)`,
  ];
  if (points.length === 0) out.push('  no class has SLA targets: nothing to break');
  for (const line of breakingPointLines(points, sweeps)) out.push(`  ${line}`);
  const hurts = whereItHurts(c);
  const why = whyLines(c, points, hurts);
  if (why.length > 0) {
    out.push('Where it breaks, and what hurts there:');
    for (const line of why) out.push(`  ${line}`);
  }
  const limits = admissionLimitLines(c, hurts);
  if (limits.length > 0) {
    out.push(`${ADMISSION_LIMITS.title} (${ADMISSION_LIMITS.note}):`);
    for (const line of limits) out.push(`  ${line}`);
  }
  return `${out.join('\n')}\n`;
}
