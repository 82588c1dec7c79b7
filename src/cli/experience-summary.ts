import type { RunResult } from '../metrics/result.js';
import { formatShare } from '../report/format.js';

const pct = (v: number | null): string => formatShare(v, { decimals: 1, missing: '-' });
const mos = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toFixed(2));

/**
 * The run's experience per class, as rows for the summary table: flows judged, refused, the share
 * that met every target of the class, and for voice the MOS across calls and the poor-call share.
 * Empty when the result has no experience (a result from before it existed).
 */
export function experienceRows(r: RunResult): { title: string; header: string[]; rows: string[][] } | null {
  const entries = Object.entries(r.experience ?? {}).filter(([, e]) => e.flows > 0);
  if (entries.length === 0) return null;
  return {
    title:
      'Experience (each flow judged on its own packets: the share meeting every target of its class;\n' +
      'voice: MOS across calls, share of calls Teams CQD rates poor; refused flows fail and count poor)',
    header: ['class', 'flows', 'refused', 'met SLA', 'MOS mean', 'p5', 'p50', 'p95', 'poor'],
    rows: entries.map(([name, e]) => [
      name,
      String(e.flows),
      String(e.refused),
      pct(e.slaMetShare),
      mos(e.mos?.mean),
      mos(e.mos?.p5),
      mos(e.mos?.p50),
      mos(e.mos?.p95),
      pct(e.poorShare),
    ]),
  };
}
