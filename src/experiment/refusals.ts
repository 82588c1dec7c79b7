import type { RunResult } from '../metrics/index.js';
import { estimate, type Estimate } from './interval.js';

/**
 * Admission is not loss (SCENARIO-FORMAT.md, Admission): the users a component refused, apart from
 * what the connected users lost. Components report their admission in result sections of their
 * own: `tunnels.<gateway>` (VPN concentrators and gateways, Virtual WAN hubs) and
 * `sessions.<component>` (Bastion, Application Gateway), each with `requested` and `rejected`.
 */

/** The result sections that count admissions, and what one admission is in words. */
export const ADMISSION_SECTIONS: Readonly<Record<string, { one: string; many: string }>> = {
  tunnels: { one: 'tunnel', many: 'tunnels' },
  sessions: { one: 'session', many: 'sessions' },
};

/** Per component (`tunnels.onprem-vpn`), the mean over replications of what was asked for and refused. */
export type Refusals = Record<string, { section: string; id: string; requested: Estimate; rejected: Estimate }>;

const count = (v: unknown, key: string): number | null => {
  if (typeof v !== 'object' || v === null) return null;
  const n = (v as Record<string, unknown>)[key];
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

/** The admission counts of one run: `[section, component id, requested, rejected]`, in section then file order. */
export function admissionsOf(run: RunResult): { section: string; id: string; requested: number; rejected: number }[] {
  const out: { section: string; id: string; requested: number; rejected: number }[] = [];
  for (const section of Object.keys(ADMISSION_SECTIONS)) {
    const entries = run[section];
    if (typeof entries !== 'object' || entries === null) continue;
    for (const [id, v] of Object.entries(entries as Record<string, unknown>)) {
      const requested = count(v, 'requested');
      const rejected = count(v, 'rejected');
      if (requested !== null && rejected !== null) out.push({ section, id, requested, rejected });
    }
  }
  return out;
}

/** The refusals of one cell's runs, per component; null when no run has an admission-limited component. */
export function refusalsOf(runs: readonly RunResult[]): Refusals | null {
  const keys = new Map<string, { section: string; id: string }>();
  const per = runs.map((r) => new Map(admissionsOf(r).map((a) => [`${a.section}.${a.id}`, a])));
  for (const m of per) for (const [k, a] of m) if (!keys.has(k)) keys.set(k, { section: a.section, id: a.id });
  if (keys.size === 0) return null;
  const out: Refusals = {};
  for (const [k, { section, id }] of keys) {
    out[k] = {
      section,
      id,
      requested: estimate(per.map((m) => m.get(k)?.requested ?? null)),
      rejected: estimate(per.map((m) => m.get(k)?.rejected ?? null)),
    };
  }
  return out;
}
