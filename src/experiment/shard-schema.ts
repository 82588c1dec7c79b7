import { z } from 'zod';
import { RESULT_FORMAT } from '../metrics/index.js';
import { issuesToProblems } from '../scenario/issues.js';
import { SWEEP_LIMITS } from '../scenario/schema/sweep.js';
import { clip } from '../spec/clip.js';
import { formatPath } from '../spec/key-path.js';
import { LIMITS } from '../spec/limits.js';
import { MATRIX_LIMITS } from './cells.js';
import { COMPARISON_FORMAT } from './comparison.js';
import { ExperimentError } from './errors.js';
import { idRecord } from './id-record.js';
import { MAX_SHARDS } from './shard.js';
import { timeseriesSchema } from './timeseries-schema.js';

/**
 * A results file read by `netsim merge` is untrusted input (issue 14, item 5): it may be edited,
 * truncated or from elsewhere. This schema checks everything the merge, the summary and the
 * reports read, so a bad file is an exit 2 naming the file, the key and what was expected, never
 * an internal error, and its numbers are bounded before anything is built from them (a matrix
 * claiming 10^9 replications is refused, not allocated). Extension keys are allowed (a run's
 * `tunnels`): the readers of those check what they find.
 *
 * The parsed output is thrown away: the merge keeps the file's own objects (the schema adds nothing to
 * them). Id maps are idRecord's, so an id `__proto__` is checked like any other (id-record.ts).
 */

// Counts are not all integers (background traffic is fluid: a link carries fractional bytes): any figure >= 0.
const count = z.number().nonnegative();
const integer = z.number().int().nonnegative();
const figure = z.number().nonnegative();
const nullableFigure = figure.nullable();
/** A number JSON can hold (JSON has no NaN or Infinity), negative where a difference can be. */
const anyNumber = z.number();

/**
 * Where the delay comes from (metrics/stats.ts DelayMs): four means in ms, all null when nothing was
 * received. `queueing` is the mean minus the three fixed parts, a difference: any number.
 */
const delayMs = z.looseObject({
  propagation: nullableFigure,
  serialization: nullableFigure,
  processing: nullableFigure,
  queueing: anyNumber.nullable(),
});

/** One hot spot (metrics/stats.ts Hotspot): the summary's hurts, the report and the terminal read these. */
const hotspot = z.looseObject({
  at: z.string(),
  queueingMs: nullableFigure,
  share: nullableFigure,
  drops: count,
});

const stats = z.looseObject({
  sent: count,
  received: count,
  lost: count,
  inFlight: count,
  lossRatio: figure,
  throughputBps: figure,
  latencyMs: z.looseObject({
    mean: nullableFigure,
    p50: nullableFigure,
    p95: nullableFigure,
    p99: nullableFigure,
    max: nullableFigure,
  }),
  jitterMs: z.looseObject({ mean: nullableFigure, rfc3550: nullableFigure }),
  drops: idRecord(count),
  refusedFlows: count,
  connectedLossRatio: nullableFigure,
  latencyCdfMs: z.array(z.tuple([anyNumber, figure])).optional(),
  // Absent in results from before the delay decomposition (issue 11 item 3).
  delayMs: delayMs.optional(),
  hotspots: z.array(hotspot).optional(),
});

const linkDirection = z.looseObject({
  utilization: figure,
  packets: count,
  bytes: count,
  drops: count,
  meanQueuePackets: figure,
  maxQueuePackets: count,
});

const verdict = z.looseObject({
  latency: z.boolean().optional(),
  jitter: z.boolean().optional(),
  loss: z.boolean().optional(),
  met: z.boolean(),
});

/** A class's experience (metrics/voice/experience.ts), as the summary, the CSV and the report read it. */
const experience = z.looseObject({
  flows: count,
  slaMetShare: nullableFigure,
  mos: z.looseObject({ mean: anyNumber, p5: anyNumber, p50: anyNumber, p95: anyNumber }).nullable(),
  poorShare: nullableFigure,
  refused: count,
});

const sweepValue = z.union([z.string(), z.number(), z.boolean()]);
const name = z.string().min(1);

/** One run's result (netsim-result/1) as the summary and the reports read it. */
export const runResultSchema = z.looseObject({
  format: z.literal(RESULT_FORMAT),
  scenario: z.string(),
  variant: name.nullable(),
  policy: name,
  seed: integer.max(Number.MAX_SAFE_INTEGER),
  sweep: z.record(z.string(), sweepValue).optional(),
  simulated: z.looseObject({ seconds: figure, events: count, fingerprint: z.string() }),
  wall: z.looseObject({ seconds: figure }),
  classes: idRecord(stats),
  flows: idRecord(stats.extend({ class: z.string(), path: z.array(z.string()) })),
  links: idRecord(z.looseObject({ forward: linkDirection, reverse: linkDirection })),
  sla: idRecord(verdict),
  experience: idRecord(experience).optional(),
  timeseries: timeseriesSchema.optional(),
});

const matrix = z.strictObject({
  variants: z
    .array(name.nullable())
    .min(1)
    .max(LIMITS.variants + 1),
  policies: z.array(name.nullable()).min(1).max(MATRIX_LIMITS.policies),
  seed: integer.max(Number.MAX_SAFE_INTEGER),
  replications: z.number().int().min(1).max(MATRIX_LIMITS.replications),
  sweeps: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        at: z.string().min(1),
        values: z.array(sweepValue).min(1).max(SWEEP_LIMITS.values),
      }),
    )
    .max(SWEEP_LIMITS.sweeps)
    .optional(),
  sets: z
    .array(z.strictObject({ at: z.string().min(1), value: sweepValue }))
    .max(MATRIX_LIMITS.sets)
    .optional(),
  timeseries: z.number().positive().optional(),
});

const topology = z.looseObject({
  declared: z.array(z.looseObject({ id: z.string(), kind: z.string(), users: count.optional() })),
  // Keyed by node ids, which may be "__proto__" like any id.
  owners: idRecord(z.string()),
  kinds: idRecord(z.string()),
  links: z.array(z.looseObject({ id: z.string(), from: z.string(), to: z.string() })),
  usersAt: z.array(idRecord(count)).optional(),
});

const shard = z.strictObject({
  index: z.number().int().min(1),
  count: z.number().int().min(1).max(MAX_SHARDS),
});

const comparisonFileSchema = z.looseObject({
  format: z.literal(COMPARISON_FORMAT),
  netsim: z.string().max(100),
  scenario: z.looseObject({ name: z.string(), hash: z.string() }),
  matrix,
  shard: shard.nullable(),
  runs: z.array(runResultSchema),
  // Recomputed by the merge from the runs: whatever the file says is not read.
  summary: z.unknown().optional(),
  // Keyed by variant label, which may be any name a scenario gives (`constructor`, `__proto__`): an idRecord.
  topology: idRecord(topology).optional(),
});

/** Problems a file shows at most: one edit usually breaks the same key in every run. */
const SHOWN = 10;

/**
 * Checks a parsed results file against the schema; throws {@link ExperimentError} listing (at
 * most ten of) its problems, each as `file: key path: what was expected, got what`.
 */
export function checkComparisonFile(path: string, data: unknown): void {
  const r = comparisonFileSchema.safeParse(data, { reportInput: true });
  if (r.success) return;
  const problems = issuesToProblems(r.error.issues, data);
  const lines = problems
    .slice(0, SHOWN)
    .map((p) => clip(`${path}: ${p.path.length > 0 ? formatPath(p.path) : '(the file)'}: ${p.message}`));
  const more = problems.length > SHOWN ? `\n... and ${problems.length - SHOWN} more problem(s) in ${path}` : '';
  throw new ExperimentError(`${lines.join('\n')}${more}`);
}
