import type { BreakingPoint } from '../experiment/breaking-points.js';
import { parseKeyPath } from '../spec/key-path.js';
import type { SweepValue } from '../scenario/schema/sweep.js';

/**
 * Breaking points in words, one line per class (and, in a grid, per combination of the other
 * sweeps), for the terminal and the report:
 *
 *   realtime: before holds up to 120 users, breaks at 160 (loss); after holds up to 640
 *
 * A value with a unit is printed as the sweep gives it (`300Mbps`); a bare number gets the
 * sweep's unit word once per line, after the first number (see {@link unitWord}).
 */

/** A sweep as the lines need it: its name and the key path it sets. */
export interface SweepLabel {
  readonly name: string;
  readonly at: string;
}

/**
 * What the numbers of a sweep count: its name when the name is a word (`users`), else the last
 * key of its path (`--sweep nodes[home].users=...` counts `users`).
 */
export function unitWord(sweep: SweepLabel): string {
  if (/^[A-Za-z][A-Za-z_-]*$/.test(sweep.name)) return sweep.name;
  const parsed = parseKeyPath(sweep.at);
  const keys = parsed.ok ? parsed.path.filter((k): k is string => typeof k === 'string') : [];
  return keys.length > 0 ? keys[keys.length - 1] : '';
}

const show = (v: SweepValue): string => String(v);

/** The labels of the series: the variant, the policy when several are compared, or both. */
function seriesLabels(points: readonly BreakingPoint[]): (p: BreakingPoint) => string {
  const variants = new Set(points.map((p) => p.variant));
  const policies = new Set(points.map((p) => p.policy));
  const variant = (p: BreakingPoint) => p.variant ?? 'base';
  const policy = (p: BreakingPoint) => p.policy ?? 'scenario policy';
  if (policies.size <= 1) return variant;
  if (variants.size <= 1) return policy;
  return (p) => `${variant(p)}/${policy(p)}`;
}

/** One line per (sweep, other sweeps' values, class), in the order of `points`. */
export function breakingPointLines(points: readonly BreakingPoint[], sweeps: readonly SweepLabel[]): string[] {
  const label = seriesLabels(points);
  const several = sweeps.length > 1;
  const groups: { head: string; sweep: string; items: BreakingPoint[] }[] = [];
  for (const p of points) {
    const at = p.at ? Object.entries(p.at).map(([k, v]) => `${k} = ${show(v)}`) : [];
    const head = several ? `${p.class} along ${p.sweep}${at.length ? ` (${at.join(', ')})` : ''}` : p.class;
    const last = groups[groups.length - 1];
    if (last && last.head === head && last.sweep === p.sweep) last.items.push(p);
    else groups.push({ head, sweep: p.sweep, items: [p] });
  }
  return groups.map((g) => {
    const sweep = sweeps.find((s) => s.name === g.sweep);
    const word = sweep ? unitWord(sweep) : '';
    let worded = false;
    /** The value, with the unit word after the first bare number of the line. */
    const value = (v: SweepValue): string => {
      if (typeof v !== 'number' || worded || word === '') return show(v);
      worded = true;
      return `${show(v)} ${word}`;
    };
    const parts = g.items.map((p) => {
      const name = label(p);
      const failing = p.failing.length > 0 ? ` (${p.failing.join(', ')})` : '';
      if (p.breaksAt === null) return `${name} holds up to ${value(p.holdsUpTo as SweepValue)}`;
      if (p.holdsUpTo === null) return `${name} breaks already at ${value(p.breaksAt)}${failing}`;
      const holds = value(p.holdsUpTo);
      return `${name} holds up to ${holds}, breaks at ${value(p.breaksAt)}${failing}`;
    });
    return `${g.head}: ${parts.join('; ')}`;
  });
}
