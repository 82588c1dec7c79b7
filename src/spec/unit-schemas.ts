import { z } from 'zod';
import type { DistributionSpec } from '../engine/distributions.js';
import {
  UNIT_NAMES,
  parseAnyRate,
  parseRatio,
  parseUnit,
  show,
  unitPattern,
  type AnyRate,
  type UnitKind,
} from './units.js';

/**
 * zod schemas for quantities with units. Each takes the text as written, reports the parser's
 * message when it is wrong, and outputs base units; the JSON Schema shows a pattern and an example.
 */

export interface Bounds {
  /** Reject 0 (a rate, a serialization interval). */
  positive?: boolean;
  /** Largest accepted value in base units, with the reason shown when it is exceeded. */
  max?: { value: number; why: string };
}

const custom = (ctx: z.RefinementCtx, message: string): void => ctx.addIssue({ code: 'custom', message });

function checkBounds(kind: UnitKind, value: number, input: unknown, b: Bounds, ctx: z.RefinementCtx): void {
  if (b.positive && !(value > 0)) custom(ctx, `expected ${UNIT_NAMES[kind].noun} greater than 0, got ${show(input)}`);
  else if (b.max && value > b.max.value) custom(ctx, `${show(input)} is too large: ${b.max.why}`);
}

/** A time, bit rate, packet rate or size, as a string with a unit (a bare number is an error). */
export function quantity(kind: UnitKind, bounds: Bounds = {}, description?: string) {
  const n = UNIT_NAMES[kind];
  return z
    .string({ error: (iss) => (parseUnit(kind, iss.input) as { error: string }).error })
    .transform((text, ctx) => {
      const r = parseUnit(kind, text);
      if (!r.ok) {
        custom(ctx, r.error);
        return z.NEVER;
      }
      checkBounds(kind, r.value, text, bounds, ctx);
      return r.value;
    })
    .meta({
      pattern: unitPattern(kind),
      description: description ?? `${n.noun} (${n.units}), e.g. ${n.example}`,
      examples: [n.example],
    });
}

export const time = (bounds?: Bounds, description?: string) => quantity('time', bounds, description);
export const bitRate = (bounds?: Bounds, description?: string) =>
  quantity('bitRate', { positive: true, ...bounds }, description);
export const size = (bounds?: Bounds, description?: string) => quantity('size', bounds, description);

/** A packet rate or a bit rate (`rate` of cbr and poisson); output says which. */
export function anyRate(description = 'a packet rate (e.g. 50pps) or a bit rate (e.g. 64kbps)') {
  return z
    .string({ error: (iss) => (parseAnyRate(iss.input) as { error: string }).error })
    .transform((text, ctx): AnyRate => {
      const r = parseAnyRate(text);
      if (!r.ok) {
        custom(ctx, r.error);
        return z.NEVER;
      }
      if (!(r.value.value > 0)) custom(ctx, `expected a rate greater than 0, got ${show(text)}`);
      return r.value;
    })
    .meta({ pattern: unitPattern('anyRate'), description, examples: ['50pps', '64kbps'] });
}

/** A ratio: a number in [0, 1] or a percentage string. */
export function ratio(description = 'a ratio: a number in [0, 1] or a percentage like "1%"') {
  const message = (iss: { input?: unknown }) =>
    (parseRatio(iss.input) as { error?: string }).error ?? 'expected a ratio';
  return z
    .union([z.number({ error: message }), z.string({ error: message })], { error: message })
    .transform((v, ctx) => {
      const r = parseRatio(v);
      if (!r.ok) {
        custom(ctx, r.error);
        return z.NEVER;
      }
      return r.value;
    })
    .meta({ description, examples: ['1%', 0.01] });
}

/** `value` or `{ forward, reverse }` (forward = from -> to). */
export function directional<T extends z.ZodType>(one: T, what: string) {
  return z.union([one, z.strictObject({ forward: one, reverse: one })], {
    error: (iss) =>
      `expected ${what}, or { forward, reverse } with one for each direction, got ` +
      `${show(iss.input)}${typeof iss.input === 'number' ? ': add a unit' : ''}`,
  });
}

// Defined with the samplers (the traffic sources need them too, without loading zod); offered here beside the
// schemas because kind authors get both through the library's `schemas`.
export { distributionMean, quantityMean } from '../engine/distributions.js';

/**
 * A distribution (SCENARIO-FORMAT.md: exponential, uniform, normal, lognormal, pareto, constant)
 * whose parameters are in the unit of what it replaces. Every draw must be positive where it is
 * a size or a time, so parameters that can draw <= 0 are rejected with the reason.
 */
export function distribution(kind: UnitKind, opts: { allowZero?: boolean } = {}) {
  const q = () => quantity(kind);
  const noun = UNIT_NAMES[kind].noun.replace(/^an? /, '');
  const ex = UNIT_NAMES[kind].example;
  return z
    .discriminatedUnion('dist', [
      z.strictObject({ dist: z.literal('constant'), value: q() }),
      z.strictObject({ dist: z.literal('exponential'), mean: q() }),
      z.strictObject({ dist: z.literal('uniform'), min: q(), max: q() }),
      z.strictObject({ dist: z.literal('normal'), mean: q(), stddev: q() }),
      z.strictObject({ dist: z.literal('lognormal'), mean: q(), stddev: q() }),
      z.strictObject({ dist: z.literal('pareto'), scale: q(), shape: z.number().positive().finite() }),
    ])
    .superRefine((d, ctx) => {
      const bad = (message: string, path: string[] = []) => ctx.addIssue({ code: 'custom', message, path });
      switch (d.dist) {
        case 'constant':
          if (!(d.value > 0) && !(opts.allowZero && d.value === 0))
            bad(`a constant ${noun} must be greater than 0`, ['value']);
          break;
        case 'exponential':
          if (!(d.mean > 0)) bad('the mean must be greater than 0', ['mean']);
          break;
        case 'uniform':
          if (!(d.max > 0)) bad('max must be greater than 0', ['max']);
          else if (d.min > d.max) bad(`min must not exceed max`, ['min']);
          break;
        case 'normal':
          // mean >= 6 sd: a draw <= 0 has probability below 1e-9; it would be a negative size or time.
          if (!(d.mean > 0) || d.mean < 6 * d.stddev) {
            bad(
              'a normal distribution of a size or time must have mean >= 6 x stddev (otherwise it draws values <= ' +
                '0); use lognormal for skewed values',
              ['stddev'],
            );
          }
          break;
        case 'lognormal':
          if (!(d.mean > 0)) bad('the mean must be greater than 0', ['mean']);
          break;
        case 'pareto':
          if (!(d.scale > 0)) bad('the scale must be greater than 0', ['scale']);
          break;
      }
    })
    .transform((d) => d as DistributionSpec)
    .meta({
      description: `a distribution of ${noun}s, parameters in ${noun} units, e.g. { dist: exponential, mean: ${ex} }`,
    });
}

/** A fixed quantity or a distribution of it. */
export function quantityOrDistribution(kind: UnitKind, bounds: Bounds = {}) {
  const n = UNIT_NAMES[kind];
  return z.union([quantity(kind, bounds), distribution(kind, { allowZero: !bounds.positive })], {
    error: (iss) =>
      `expected ${n.noun} like "${n.example}" or a distribution like { dist: exponential, mean: ${n.example} }, got ` +
      `${show(iss.input)}${typeof iss.input === 'number' ? ': add a unit' : ''}`,
  });
}

/** Ids of nodes, links, flows: non-empty, printable, no whitespace at the ends. */
export const id = (what: string) =>
  z
    .string({ error: (iss) => `expected ${what} (a string), got ${show(iss.input)}` })
    .min(1, { error: `expected ${what}, got an empty string` })
    .max(200, { error: `${what} is longer than 200 characters` })
    // eslint-disable-next-line no-control-regex -- the point is to reject control characters
    .regex(/^[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$/, {
      error: (iss) =>
        `${what} must not contain control characters or start or end with a space, got ${show(iss.input)}`,
    });
