import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { MATRIX_LIMITS } from '../experiment/defaults.js';
import { confidenceLabel, DEFAULT_REPLICATIONS, JOURNAL_DIR } from '../experiment/defaults.js';
import { ExperimentError } from '../experiment/errors.js';
import { BUILTIN_POLICY_NAMES } from '../routing/policy-names.js';
import type { Registry } from '../scenario/registry.js';
import { action, collect, integerFlag, parseSeed, processIO, UsageError, writeWarnings, type CliIO } from './io.js';
import { registryOr } from './lazy.js';
import { limitOptions, parseLimits, type LimitFlags } from './limits.js';
import { prepareOutputDir, prepareOutputFile, writeFileAtomic } from './output.js';

interface CompareFlags extends LimitFlags {
  variants?: string;
  policies?: string;
  replications: string;
  seed?: string;
  jobs?: string;
  shard?: string;
  out: string;
  sweep?: string[];
  set?: string[];
  resume?: boolean;
  timeseries?: string;
}

/** A t interval needs far fewer; the bound keeps a typo (1000000000) from exhausting memory before the first run. */
export const MAX_REPLICATIONS = MATRIX_LIMITS.replications;
/** More worker threads than cores gain nothing and cost a scenario's memory each. */
const MAX_JOBS = 1024;

/**
 * `--jobs`: an integer from 1 to 1024; more than the cores this process may use (its CPU affinity,
 * which a cluster's task binding sets) is lowered to that number, with a note.
 */
export function parseJobs(text: string, io: CliIO): number {
  const jobs = integerFlag('--jobs', text, 1, MAX_JOBS);
  const cores = availableParallelism();
  if (jobs <= cores) return jobs;
  io.stderr.write(
    `netsim: --jobs ${jobs}: this process can use ${cores} core(s); running at most ${cores} worker thread(s)\n`,
  );
  return cores;
}

function names(flag: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const list = text.split(',').map((s) => s.trim());
  if (list.some((s) => s === ''))
    throw new UsageError(`${flag} expects comma-separated names, got ${JSON.stringify(text)}`);
  return list;
}

/** Runs `fn`, turning the experiment layer's usage errors (bad shard, unknown variant) into the CLI's (exit 2). */
export async function asUsage<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ExperimentError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * `netsim compare FILE [--variants a,b] [--policies p,q] [--replications N] [--seed N] [--jobs N]
 * [--shard i/n] [--out DIR]`
 */
export function register(program: Command, io: CliIO = processIO(), given?: Registry): void {
  const policyNames = given?.policyNames() ?? BUILTIN_POLICY_NAMES;
  const command = program
    .command('compare')
    .description(
      `run variants x policies x seeds; print per-class means, paired deltas and ${confidenceLabel()} confidence ` +
        'intervals; write results.json, results.csv and report.html',
    )
    .argument('<file>', 'scenario file (.yaml, .yml or .json)')
    .option(
      '--variants <a,b>',
      'variants to compare; the first is the baseline of the deltas (default: all, in file order)',
    )
    .option(
      '--policies <p,q>',
      `routing policies to compare; the first is the baseline (default: the scenario's; known: ` +
        `${policyNames.join(', ')})`,
    )
    .option(
      '--replications <n>',
      `seeds per variant and policy: seed, seed+1, ... (1 to ${MAX_REPLICATIONS})`,
      String(DEFAULT_REPLICATIONS),
    )
    .option('--seed <n>', "first seed (default: the scenario's)")
    .option('--jobs <n>', 'worker threads (default: one per core; at most the cores this process may use)')
    .option('--shard <i/n>', 'run only shard i of n (1-based) and write DIR/shard-i-of-n.json, for `netsim merge`')
    .option('--out <dir>', 'output directory', 'out')
    .option(
      '--sweep <KEY=v1,v2,...>',
      'sweep KEY over the values (repeatable; a grid): KEY is a sweep of the file (its values replaced) or a key ' +
        'path like nodes[home].users',
      collect,
    )
    .option('--set <PATH=VALUE>', 'set a key of the scenario in every cell, like duration=30s (repeatable)', collect)
    .option(
      '--timeseries <window>',
      "every run records a time series with this window (e.g. 1s), replacing the file's; adds timeseries.csv " +
        'and the report section over time',
    )
    .option(
      '--resume',
      `reuse the runs an interrupted comparison with the same file and options saved in DIR/${JOURNAL_DIR}`,
    );
  limitOptions(command)
    .addHelpText(
      'after',
      `
Every cell is an ordinary run result; replication k uses seed+k in every variant and policy (common
random numbers), so deltas are paired by seed. A sweep runs every variant and policy at every point
with the same seeds, and prints where each class stops meeting its SLA (breaking points). Docs:
docs/experiments.md, docs/capacity.md, docs/cluster.md.

Examples:
  netsim compare scenarios/remote-work.yaml --replications 20
  netsim compare scenarios/remote-work.yaml --policies shortest,class-aware,load-aware --out out/policies
  netsim compare scenarios/remote-work.yaml --shard 2/8 --out results/shards && netsim merge results/shards/*.json
  netsim compare scenarios/remote-work-capacity.yaml --sweep users=40,80,160,320 --set duration=10s`,
    )
    .action(
      action(io, async (file: string, flags: CompareFlags) => {
        // Loaded here, not on import: declaring the command must stay cheap (docs/architecture.md, "Fast start").
        const registry = await registryOr(given);
        const { clearJournal, compareScenario } = await import('../experiment/compare.js');
        const { parseShard, shardFileName } = await import('../experiment/shard.js');
        const { comparisonTable, REPORT_FILES, writeReports, writtenLines } = await import('../report/index.js');
        const { breakingPointSummary } = await import('../report/capacity-text.js');
        const { delaySummary } = await import('../report/delay-text.js');
        const { setFlags, sweepFlags } = await import('./assignments.js');
        const { progressBar } = await import('./progress.js');
        const { parseWindow } = await import('./timeseries.js');
        const shard = await asUsage(() => (flags.shard !== undefined ? parseShard(flags.shard) : null));
        const timeseries = parseWindow(flags.timeseries);
        const options = {
          variants: names('--variants', flags.variants),
          policies: names('--policies', flags.policies),
          replications: integerFlag('--replications', flags.replications, 1, MAX_REPLICATIONS),
          seed: flags.seed === undefined ? undefined : parseSeed(flags.seed),
          jobs: flags.jobs === undefined ? undefined : parseJobs(flags.jobs, io),
          shard,
          sweeps: sweepFlags(flags.sweep, io),
          sets: setFlags(flags.set, io),
          ...(timeseries !== undefined ? { timeseries } : {}),
          registry,
          limits: parseLimits(flags),
        };
        // Where the files go is checked (and made) before any run.
        const output = shard
          ? prepareOutputFile(join(flags.out, shardFileName(shard)))
          : prepareOutputDir(flags.out, REPORT_FILES);
        try {
          const progress = progressBar(io, 'runs', 'runs');
          // Every finished run is saved at once, so a killed comparison resumes (docs/cli.md#resume).
          const journal = join(flags.out, JOURNAL_DIR);
          const result = await asUsage(() =>
            compareScenario(file, {
              ...options,
              journal,
              resume: flags.resume === true,
              onResumed: (reused, total) => {
                if (flags.resume)
                  io.stderr.write(`netsim: --resume: ${reused} of ${total} run(s) reused from ${journal}\n`);
              },
              onWarnings: (warnings) => writeWarnings(io, warnings),
              onJournalProblem: (problem) => io.stderr.write(`netsim: ${problem}; --resume will not find them\n`),
              onProgress: (done, total) => progress.update(done, total),
            }),
          ).finally(() => progress.stop());
          if (shard) {
            const path = join(flags.out, shardFileName(shard));
            writeFileAtomic(path, JSON.stringify(result) + '\n');
            clearJournal(journal, result, registry);
            io.stdout.write(
              `shard ${shard.index}/${shard.count}: ${result.runs.length} run(s) written to ${path}; join the shards ` +
                `with \`netsim merge\`\n`,
            );
            return;
          }
          const paths = writeReports(flags.out, result, writeFileAtomic);
          clearJournal(journal, result, registry);
          io.stdout.write(comparisonTable(result));
          io.stdout.write(delaySummary(result));
          io.stdout.write(breakingPointSummary(result));
          io.stdout.write(writtenLines(paths));
        } catch (e) {
          output.abandon();
          throw e;
        }
      }),
    );
}
