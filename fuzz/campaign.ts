import fc from 'fast-check';
import { parse } from 'yaml';
import { caseArb, declaredIds, render, type FuzzCase } from './case.js';
import { loadCorpus, type Corpus } from './corpus.js';
import type { Doc } from './doc.js';
import type { Profile } from './mutations.js';
import { shape, type Failure } from './oracle.js';
import { FuzzPool, type Budget, type Outcome } from './pool.js';
import type { WorkerTask } from './protocol.js';

/**
 * A fuzz campaign: case i is generated from its own seed (so any case replays alone, and the run
 * is the same whatever the number of workers), run in the worker pool, checked, and grouped by
 * failure class. For each class, the first case is shrunk (fast-check's shrinking from that very
 * case, preserving the class) to a minimal one, which can be saved as a regression.
 */
export interface CampaignOptions {
  cases: number;
  seed: number;
  profile: Profile;
  jobs: number;
  budget: Budget;
  /** Re-run one in this many successful runs in another worker process and compare the bytes. */
  determinismEvery: number;
  /** Time given to shrinking each class (0: no shrinking). */
  shrinkMs: number;
  /** The first case index (to continue a campaign). */
  from?: number;
  onProgress?: (done: number, total: number, failing: number) => void;
}

export interface ClassReport {
  key: string;
  cls: string;
  count: number;
  first: { index: number; case: FuzzCase; outcome: Outcome; failure: Failure };
  minimal?: { case: FuzzCase; outcome: Outcome; shrinks: number };
}

export interface CampaignReport {
  cases: number;
  seconds: number;
  classes: ClassReport[];
  codes: Record<string, number>;
  /** Per command: cases and total worker milliseconds. */
  commands: Record<string, { cases: number; ms: number }>;
  slowest: { index: number; ms: number; origin: string }[];
}

/** The failure's class with its detail's shape: one key per distinct misbehaviour. */
export function keyOf(f: Failure): string {
  return f.cls === 'timeout' || f.cls === 'memory' || f.cls === 'crash' ? f.cls : `${f.cls}: ${shape(f.detail)}`;
}

export function caseSeed(seed: number, index: number): number {
  return (seed * 1_000_003 + index) % 2 ** 31;
}

/** The task a worker runs for a scenario text and a command line. */
export function taskOf(id: number, file: string, text: string, argv: string[]): WorkerTask {
  let doc: unknown = null;
  try {
    doc = file.endsWith('.json') ? JSON.parse(text) : parse(text, { maxAliasCount: -1, logLevel: 'silent' });
  } catch {
    doc = null;
  }
  const declared = doc && typeof doc === 'object' && !Array.isArray(doc) ? declaredIds(doc as Doc) : null;
  return { id, files: [[file, text]], file, argv, declared };
}

let nextId = 1;

export function taskOfCase(c: FuzzCase): WorkerTask {
  return { ...taskOf(nextId++, c.file, render(c), c.argv), declared: declaredIds(c.doc) };
}

const RECHECKED = (argv: string[]) => (argv[0] === 'run' && argv.includes('--json')) || argv[0] === 'compare';

/** Runs a case; with `recheck`, runs it again in another process and flags different bytes. */
export async function evaluate(pool: FuzzPool, task: WorkerTask, recheck: boolean): Promise<Outcome> {
  const first = await pool.run(task);
  if (!recheck || first.failures.length > 0 || first.code !== 0 || !RECHECKED(task.argv)) return first;
  const again = await pool.run({ ...task, id: nextId++ }, first.worker);
  const failures = again.failures.filter((f) => f.cls !== 'timeout' && f.cls !== 'memory');
  if (failures.length === 0 && again.code === first.code && again.digest !== first.digest)
    failures.push({ cls: 'nondeterminism', detail: `different output in workers ${first.worker} and ${again.worker}` });
  return { ...first, failures: [...first.failures, ...failures] };
}

export async function campaign(opts: CampaignOptions, pool?: FuzzPool): Promise<CampaignReport> {
  const corpus = await corpusFromCli();
  const own = pool ?? new FuzzPool(opts.jobs, opts.budget);
  const started = performance.now();
  const arb = caseArb(corpus, opts.profile);
  const classes = new Map<string, ClassReport>();
  const codes: Record<string, number> = {};
  const commands: Record<string, { cases: number; ms: number }> = {};
  const timings: { index: number; ms: number; origin: string }[] = [];
  const from = opts.from ?? 0;
  let next = from;
  let done = 0;
  const generate = (i: number) => fc.sample(arb, { seed: caseSeed(opts.seed, i), numRuns: 1 })[0];
  const one = async (): Promise<void> => {
    while (next < from + opts.cases) {
      const index = next++;
      const c = generate(index);
      const recheck = opts.determinismEvery > 0 && index % opts.determinismEvery === 0;
      const outcome = await evaluate(own, taskOfCase(c), recheck);
      codes[outcome.code] = (codes[outcome.code] ?? 0) + 1;
      const command = c.argv[0] ?? '(none)';
      commands[command] ??= { cases: 0, ms: 0 };
      commands[command].cases++;
      commands[command].ms += outcome.ms;
      timings.push({ index, ms: outcome.ms, origin: c.origin });
      for (const f of outcome.failures) {
        const key = keyOf(f);
        const known = classes.get(key);
        if (known) known.count++;
        else classes.set(key, { key, cls: f.cls, count: 1, first: { index, case: c, outcome, failure: f } });
      }
      done++;
      opts.onProgress?.(done, opts.cases, classes.size);
    }
  };
  try {
    await Promise.all(Array.from({ length: own.size }, one));
    if (opts.shrinkMs > 0) for (const report of classes.values()) await shrink(own, arb, opts, report);
  } finally {
    if (!pool) await own.close();
  }
  return {
    cases: opts.cases,
    seconds: (performance.now() - started) / 1000,
    classes: [...classes.values()].sort((a, b) => b.count - a.count),
    codes,
    commands,
    slowest: timings.sort((a, b) => b.ms - a.ms).slice(0, 10),
  };
}

/** Shrinks a class's first case with fast-check, keeping the same failure class, within the time given. */
async function shrink(
  pool: FuzzPool,
  arb: fc.Arbitrary<FuzzCase>,
  opts: CampaignOptions,
  report: ClassReport,
): Promise<void> {
  let best: { case: FuzzCase; outcome: Outcome } | null = null;
  const recheck = report.cls === 'nondeterminism';
  const property = fc.asyncProperty(arb, async (c) => {
    const outcome = await evaluate(pool, taskOfCase(c), recheck);
    const still = outcome.failures.some((f) => keyOf(f) === report.key);
    if (still) best = { case: c, outcome };
    return !still;
  });
  const run = await fc.check(property, {
    seed: caseSeed(opts.seed, report.first.index),
    path: '0',
    numRuns: 1,
    endOnFailure: false,
    plugins: [fc.interruptAfterTimeLimit(opts.shrinkMs)],
  });
  if (best) report.minimal = { ...(best as { case: FuzzCase; outcome: Outcome }), shrinks: run.numShrinks };
}

/** The corpus, with the schema as the CLI prints it (`netsim schema`). */
export async function corpusFromCli(): Promise<Corpus> {
  const { jsonSchema, Registry } = await import('../src/scenario/index.js');
  return loadCorpus(JSON.parse(JSON.stringify(jsonSchema(Registry.builtins))) as Doc);
}

/** A human summary: classes by count, with the first (or minimal) case of each. */
export function summary(r: CampaignReport, opts: CampaignOptions): string {
  const lines: string[] = [];
  lines.push(
    `netsim fuzz: ${r.cases} cases (profile ${opts.profile}, seed ${opts.seed}, ${opts.jobs} workers) in ` +
      `${r.seconds.toFixed(0)} s`,
  );
  lines.push(
    `exit codes: ${Object.entries(r.codes)
      .map(([c, n]) => `${c === '-1' ? 'stopped' : c}: ${n}`)
      .join(', ')}`,
  );
  lines.push(
    `commands: ${Object.entries(r.commands)
      .map(([c, s]) => `${c} ${s.cases} (${(s.ms / s.cases).toFixed(0)} ms each)`)
      .join(', ')}`,
  );
  if (r.classes.length === 0) lines.push('no failure');
  else lines.push(`${r.classes.length} failure class(es):`);
  for (const c of r.classes) {
    const ex = c.minimal ?? c.first;
    lines.push(`  ${String(c.count).padStart(5)}  ${c.key}`);
    lines.push(
      `         first: case ${c.first.index} (${c.first.case.origin}): ${c.first.failure.detail.slice(0, 200)}`,
    );
    lines.push(
      `         argv: netsim ${ex.case.argv.join(' ')}${c.minimal ? ` (shrunk ${c.minimal.shrinks} times)` : ''}`,
    );
  }
  lines.push(
    `slowest: ${r.slowest
      .slice(0, 5)
      .map((s) => `case ${s.index} ${(s.ms / 1000).toFixed(1)} s (${s.origin.slice(0, 60)})`)
      .join(', ')}`,
  );
  return lines.join('\n');
}
