import { policyLabel, variantLabel } from '../experiment/cells.js';
import type { ComparisonFile } from '../experiment/comparison.js';
import type { Delta } from '../experiment/delta.js';
import type { PointLabels } from '../experiment/grid.js';
import type { Verdict } from '../experiment/interval.js';

/** A sweep's name, short: a sweep named by its key path (`--sweep nodes[home].users=...`) by its last key. */
export function shortSweepName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return name;
  return /([A-Za-z_][A-Za-z0-9_-]*)$/.exec(name)?.[1] ?? name;
}

/** A sweep point in a label: `users=160` (`users=160, wan=300Mbps` in a grid); empty without sweeps. */
export function pointText(sweep: PointLabels | undefined): string {
  return Object.entries(sweep ?? {})
    .map(([k, v]) => `${shortSweepName(k)}=${String(v)}`)
    .join(', ');
}

/** A point for narrow tables: one sweep's value alone (`160`; its name heads the table), else {@link pointText}. */
export function compactPoint(sweep: PointLabels): string {
  const entries = Object.entries(sweep);
  return entries.length === 1 ? String(entries[0][1]) : pointText(sweep);
}

/**
 * The part of a point that varies in the comparison: a sweep of one value (a scenario naming its
 * knob, like remote-work.yaml's `users: [160]`) labels nothing.
 */
export function varying(c: ComparisonFile, sweep: PointLabels | undefined): PointLabels | undefined {
  if (sweep === undefined) return undefined;
  const many = new Set((c.matrix.sweeps ?? []).filter((s) => s.values.length > 1).map((s) => s.name));
  return Object.fromEntries(Object.entries(sweep).filter(([k]) => many.has(k)));
}

/**
 * A cell's name: only the dimensions that vary ("after", "load-aware", or "after / load-aware"),
 * then its sweep point when the matrix sweeps ("after @ users=160").
 */
export function cellLabel(
  c: ComparisonFile,
  variant: string | null,
  policy: string | null,
  sweep?: PointLabels,
  compact = false,
): string {
  const manyVariants = c.matrix.variants.length > 1,
    manyPolicies = c.matrix.policies.length > 1;
  const shown = varying(c, sweep);
  const at = shown && Object.keys(shown).length > 0 ? ` @ ${compact ? compactPoint(shown) : pointText(shown)}` : '';
  if (manyVariants && manyPolicies) return `${variantLabel(variant)} / ${policyLabel(policy)}${at}`;
  if (manyPolicies) return policyLabel(policy) + at;
  return variantLabel(variant) + at;
}

/** A delta's name: "after - before", and the fixed dimension when the other one also varies. */
export function deltaLabel(c: ComparisonFile, d: Delta): string {
  const shown = varying(c, d.sweep);
  const at = shown && Object.keys(shown).length > 0 ? ` @ ${pointText(shown)}` : '';
  if (d.kind === 'variant') {
    const base = `${variantLabel(d.to.variant)} - ${variantLabel(d.from.variant)}`;
    return (c.matrix.policies.length > 1 ? `${base} (policy ${policyLabel(d.to.policy)})` : base) + at;
  }
  const base = `${policyLabel(d.to.policy)} - ${policyLabel(d.from.policy)}`;
  return (c.matrix.variants.length > 1 ? `${base} (variant ${variantLabel(d.to.variant)})` : base) + at;
}

export const VERDICT_MARK: Record<Verdict, string> = {
  better: '✓',
  worse: '✗',
  'no significant change': '·',
  'too few runs': '?',
};
