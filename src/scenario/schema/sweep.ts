import { z } from 'zod';
import { formatPath, parseKeyPath } from '../../spec/key-path.js';
import { UNIT_NAMES, parseRatio, parseUnit, show, type UnitKind } from '../../spec/units.js';

/**
 * The `sweep:` block (SCENARIO-FORMAT.md, Sweeps): `{ name: { at: key path, values: [...] } }`.
 * This checks the block's own shape: names, key path syntax, non-empty lists of distinct scalar
 * values of one kind. Whether the key exists and accepts each value is checked by compiling the
 * scenario at each point (src/scenario/sweep-points.ts), which reports at `sweep.<name>.values[i]`.
 */

/**
 * A sweep's name: it heads a results.csv column (`sweep.<name>`), is given to `--sweep NAME=...`
 * and prints in key paths without quotes (`sweep.users.values[2]`), so it is a plain word.
 */
export const SWEEP_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export const SWEEP_LIMITS = {
  /** Sweeps in one grid. */
  sweeps: 8,
  /** Values of one sweep. */
  values: 1000,
  /** Points of the grid (the product of the sweeps' value counts). */
  points: 10_000,
  /**
   * Every point is compiled before any run (a value the key refuses is found up front): points x
   * the nodes, links and flows of a point x (1 + its variants). Compiling costs about 50 us per
   * element on the shared test machine (remote-work.yaml: 668 elements, 2 variants, 35 ms a
   * point), so this bounds the compiles to a few minutes.
   */
  compiledElements: 4_000_000,
} as const;

/** One swept value: a scalar as YAML writes it (`160`, `300Mbps`, `5%`, `true`). */
export type SweepValue = string | number | boolean;

/**
 * Top-level keys a sweep may not set: the experiment would no longer be one experiment (the same
 * keys a variant may not change, and the sweep block itself).
 */
export const UNSWEPT_KEYS: Readonly<Record<string, string>> = {
  name: "a sweep cannot change the scenario's name",
  seed: 'the seed is not swept: replications vary it (--replications, --seed)',
  variants:
    'a sweep applies to the base and to every variant alike, so it cannot point into variants: ' +
    'sweep the key itself (its path in the base), and each variant gets the swept value',
  sweep: 'a sweep cannot change the sweep block',
  $schema: '$schema is not a scenario key',
};

type ValueKind = UnitKind | 'number' | 'text' | 'boolean';

/**
 * What a value is, for comparing two values of a sweep: `{ kind, key }` where equal keys are the
 * same value in different spellings (`100Mbps` and `0.1Gbps`; `5%` and `0.05`).
 */
export function valueIdentity(v: SweepValue): { kind: ValueKind; key: string } {
  if (typeof v === 'number') return { kind: 'number', key: `n:${v}` };
  if (typeof v === 'boolean') return { kind: 'boolean', key: `b:${v}` };
  if (/%\s*$/.test(v)) {
    const r = parseRatio(v);
    if (r.ok) return { kind: 'number', key: `n:${r.value}` };
  }
  for (const kind of Object.keys(UNIT_NAMES) as UnitKind[]) {
    const r = parseUnit(kind, v);
    if (r.ok) return { kind, key: `${kind}:${r.value}` };
  }
  return { kind: 'text', key: `s:${v}` };
}

const KIND_NOUN: Record<ValueKind, string> = {
  time: 'a time',
  bitRate: 'a bit rate',
  packetRate: 'a packet rate',
  size: 'a size',
  number: 'a number',
  text: 'a word',
  boolean: 'a boolean',
};

const scalarError = (iss: { input?: unknown }) =>
  `expected one value as the key takes it, like 160, "300Mbps" or "5%", got ${show(iss.input)}` +
  (typeof iss.input === 'object' && iss.input !== null
    ? ' (a sweep value is one scalar: to sweep one direction of a rate, sweep its key, like links[wan].rate.forward)'
    : '');

const sweepValue = z.union([z.string().min(1), z.number(), z.boolean()], { error: scalarError });

/** Checks that a sweep's values are distinct and of one kind; issues at `values[i]`. */
function checkValues(values: readonly SweepValue[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  let first: { kind: ValueKind; index: number } | undefined;
  values.forEach((v, i) => {
    const id = valueIdentity(v);
    const earlier = seen.get(id.key);
    if (earlier !== undefined) {
      const same = values[earlier] === v ? '' : ` (${show(values[earlier])})`;
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: `${show(v)} repeats values[${earlier}]${same}: each value of a sweep is one point, run once`,
      });
      return;
    }
    seen.set(id.key, i);
    if (first === undefined) first = { kind: id.kind, index: i };
    else if (id.kind !== first.kind) {
      const unit = first.kind in UNIT_NAMES && id.kind === 'number' ? ': add a unit' : '';
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message:
          `${show(v)} is ${KIND_NOUN[id.kind]}, but values[${first.index}] is ${KIND_NOUN[first.kind]}: ` +
          `the values of one sweep are of one kind${unit}`,
      });
    }
  });
}

/** A key path (text) that parses and does not name a key sweeps may not set. */
export const sweepKeyPath = z
  .string({ error: (iss) => `expected a key path like "nodes[home].users", got ${show(iss.input)}` })
  .superRefine((text, ctx) => {
    const parsed = parseKeyPath(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return;
    }
    const head = parsed.path[0];
    if (typeof head === 'string' && Object.hasOwn(UNSWEPT_KEYS, head))
      ctx.addIssue({ code: 'custom', message: UNSWEPT_KEYS[head] });
  })
  .meta({ description: 'a key path: nodes[home].users, links[wan].rate, classes.realtime.sla.latency, duration' });

export const sweepValues = z
  .array(sweepValue, { error: (iss) => `expected a list of values like [40, 80, 160], got ${show(iss.input)}` })
  .min(1, { error: 'a sweep needs at least one value' })
  .max(SWEEP_LIMITS.values, { error: `more than ${SWEEP_LIMITS.values} values in one sweep` })
  .superRefine(checkValues)
  .meta({ description: 'the values the key takes, in the order they are run (lightest load first)' });

export const sweepEntrySchema = z
  .strictObject({ at: sweepKeyPath, values: sweepValues })
  .meta({ description: 'one swept key and its values' });

export const sweepSchema = z
  .record(
    z.string().regex(SWEEP_NAME, {
      error: (iss) =>
        'a sweep name is a letter or "_" then letters, digits, "_" or "-" (it heads a results.csv column), ' +
        `got ${show(iss.input)}`,
    }),
    sweepEntrySchema,
    { error: (iss) => `expected a map of sweep name -> { at, values }, got ${show(iss.input)}` },
  )
  .superRefine((block, ctx) => {
    const entries = Object.entries(block);
    const byPath = new Map<string, string>();
    for (const [name, s] of entries) {
      const parsed = parseKeyPath(s.at);
      if (!parsed.ok) continue;
      const key = formatPath(parsed.path);
      const other = byPath.get(key);
      if (other !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [name, 'at'],
          message: `sweep ${show(other)} already sweeps ${key}: one key, one sweep`,
        });
      else byPath.set(key, name);
    }
    if (entries.length > SWEEP_LIMITS.sweeps)
      ctx.addIssue({ code: 'custom', message: `${entries.length} sweeps: at most ${SWEEP_LIMITS.sweeps} form a grid` });
    const points = entries.reduce((n, [, s]) => n * s.values.length, 1);
    if (points > SWEEP_LIMITS.points)
      ctx.addIssue({
        code: 'custom',
        message:
          `the grid has ${points} points (${entries.map(([n, s]) => `${n}: ${s.values.length}`).join(' x ')}); ` +
          `at most ${SWEEP_LIMITS.points}`,
      });
  })
  .meta({
    description: 'swept keys for capacity studies: name -> { at: key path, values: [...] }; several form a grid',
  });
