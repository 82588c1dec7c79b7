import type { PolicyOptions } from './factories.js';

/**
 * Reads the options a scenario's `routing` block passes to a policy factory (`k`, `interval`,
 * `hysteresis`). Absent or undefined: the default. A wrong value throws a RangeError naming the
 * policy and the option; the scenario layer validates earlier, this guards programmatic use.
 */
export function intOption(
  policy: string,
  options: PolicyOptions,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = options[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(
      `routing policy '${policy}': ${key} must be an integer from ${min} to ${max}, got ${String(v)}`,
    );
  }
  return v;
}

/** A number in [min, max) (`max` excluded unless it is Infinity, which is excluded too). */
export function numberOption(
  policy: string,
  options: PolicyOptions,
  key: string,
  fallback: number,
  min: number,
  max: number,
  what: string,
): number {
  const v = options[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= min && v < max)) {
    throw new RangeError(`routing policy '${policy}': ${key} must be ${what}, got ${String(v)}`);
  }
  return v;
}
