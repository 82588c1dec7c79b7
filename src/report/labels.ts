import { policyLabel, variantLabel } from '../experiment/cells.js';
import type { ComparisonFile } from '../experiment/comparison.js';
import type { Delta } from '../experiment/delta.js';
import type { Verdict } from '../experiment/interval.js';

/** A cell's name: only the dimensions that vary ("after", "load-aware", or "after / load-aware"). */
export function cellLabel(c: ComparisonFile, variant: string | null, policy: string | null): string {
  const manyVariants = c.matrix.variants.length > 1,
    manyPolicies = c.matrix.policies.length > 1;
  if (manyVariants && manyPolicies) return `${variantLabel(variant)} / ${policyLabel(policy)}`;
  if (manyPolicies) return policyLabel(policy);
  return variantLabel(variant);
}

/** A delta's name: "after - before", and the fixed dimension when the other one also varies. */
export function deltaLabel(c: ComparisonFile, d: Delta): string {
  if (d.kind === 'variant') {
    const base = `${variantLabel(d.to.variant)} - ${variantLabel(d.from.variant)}`;
    return c.matrix.policies.length > 1 ? `${base} (policy ${policyLabel(d.to.policy)})` : base;
  }
  const base = `${policyLabel(d.to.policy)} - ${policyLabel(d.from.policy)}`;
  return c.matrix.variants.length > 1 ? `${base} (variant ${variantLabel(d.to.variant)})` : base;
}

export const VERDICT_MARK: Record<Verdict, string> = {
  better: '✓',
  worse: '✗',
  'no significant change': '·',
  'too few runs': '?',
};
