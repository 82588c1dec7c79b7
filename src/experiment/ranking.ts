import { delta, type CellRuns } from './delta.js';
import { confidenceLabel } from './interval.js';
import type { PointLabels } from './grid.js';
import type { CellSummary } from './summary.js';

export interface RankedPolicy {
  policy: string | null;
  /** 1 is best; equal keys share a rank. */
  rank: number;
  /** Share of (class, replication) SLA verdicts met; null when no class has SLA targets. */
  slaPassRate: number | null;
  /** Significant paired differences (class x metric x other policy) in this policy's favour ... */
  wins: number;
  /** ... and against it. */
  losses: number;
}

export interface PolicyRanking {
  variant: string | null;
  /** The sweep point (a sweep only: policies are ranked at each point). */
  sweep?: PointLabels;
  policies: RankedPolicy[];
}

export const RANKING_CRITERION =
  'higher SLA pass rate first; then more significant wins minus losses in paired comparisons with every other ' +
  `policy (each class x metric whose ${confidenceLabel()} interval excludes zero counts one); ties keep the order ` +
  `given.`;

/**
 * Ranks the policies of one variant (see RANKING_CRITERION). SLA pass rate comes first because
 * the targets are what the scenario's author said matters; the win count then weighs every class
 * and metric equally, and counts only differences the replications can tell apart from noise.
 */
export function rankPolicies(
  variant: string | null,
  groups: readonly CellRuns[],
  cells: readonly CellSummary[],
  classes: readonly string[],
): PolicyRanking {
  const entries: RankedPolicy[] = groups.map((g) => ({
    policy: g.policy,
    rank: 0,
    slaPassRate: cells.find((c) => c.policy === g.policy)?.sla?.rate ?? null,
    wins: 0,
    losses: 0,
  }));
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      const d = delta('policy', groups[i], groups[j], classes);
      for (const metrics of Object.values(d.classes)) {
        for (const m of Object.values(metrics)) {
          if (m.verdict === 'better') {
            entries[j].wins++;
            entries[i].losses++;
          } else if (m.verdict === 'worse') {
            entries[i].wins++;
            entries[j].losses++;
          }
        }
      }
    }
  }
  const key = (e: RankedPolicy): [number, number] => [e.slaPassRate ?? -1, e.wins - e.losses];
  const order = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      const ka = key(a.e),
        kb = key(b.e);
      return kb[0] - ka[0] || kb[1] - ka[1] || a.i - b.i;
    });
  order.forEach(({ e }, pos) => {
    const prev = pos > 0 ? order[pos - 1].e : null;
    const same = prev !== null && key(prev)[0] === key(e)[0] && key(prev)[1] === key(e)[1];
    e.rank = same ? prev.rank : pos + 1;
  });
  const sweep = groups[0]?.sweep;
  return { variant, ...(sweep !== undefined ? { sweep } : {}), policies: order.map(({ e }) => e) };
}
