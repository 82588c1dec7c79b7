import { ScenarioError } from '../spec/problems.js';
import type { Scenario } from '../spec/model.js';

/** The scenario's variant names, in file order. */
export function variantNames(s: Scenario): string[] {
  return Object.keys(s.variants);
}

/**
 * The scenario as a variant makes it (null: the base). Variants are validated and normalized when
 * the file is loaded, so this only picks one; an unknown name is a usage error (exit code 2).
 */
export function resolveVariant(s: Scenario, name: string | null): Scenario {
  if (name === null || name === s.variant) return s;
  const v = Object.hasOwn(s.variants, name) ? s.variants[name] : undefined;
  if (!v) {
    const known = variantNames(s);
    throw new ScenarioError([
      {
        file: s.file,
        path: 'variants',
        message:
          `unknown variant ${JSON.stringify(name)} ` +
          `(${known.length ? `known: ${known.join(', ')}` : 'the scenario has no variants'})`,
      },
    ]);
  }
  return v;
}
