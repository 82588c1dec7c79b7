import { join } from 'node:path';
import type { Command } from 'commander';
import { confidenceLabel, DEFAULT_REPLICATIONS } from '../experiment/defaults.js';
import { ExperimentError } from '../experiment/errors.js';
import { BUILTIN_POLICY_NAMES } from '../routing/policy-names.js';
import type { Registry } from '../scenario/registry.js';
import { action, collect, parseSeed, processIO, UsageError, writeFileAtomic, type CliIO } from './io.js';
import { registryOr } from './lazy.js';

interface CompareFlags {
  variants?: string;
  policies?: string;
  replications: string;
  seed?: string;
  jobs?: string;
  shard?: string;
  out: string;
  sweep?: string[];
  set?: string[];
}

function count(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`${flag} expects an integer >= 1, got ${JSON.stringify(text)}`);
  return n;
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
  program
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
    .option('--replications <n>', 'seeds per variant and policy: seed, seed+1, ...', String(DEFAULT_REPLICATIONS))
    .option('--seed <n>', "first seed (default: the scenario's)")
    .option('--jobs <n>', 'worker threads (default: one per core)')
    .option('--shard <i/n>', 'run only shard i of n (1-based) and write DIR/shard-i-of-n.json, for `netsim merge`')
    .option('--out <dir>', 'output directory', 'out')
    .option(
      '--sweep <KEY=v1,v2,...>',
      'sweep KEY over the values (repeatable; a grid): KEY is a sweep of the file (its values replaced) or a key ' +
        'path like nodes[home].users',
      collect,
    )
    .option('--set <PATH=VALUE>', 'set a key of the scenario in every cell, like duration=30s (repeatable)', collect)
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
        const { compareScenario } = await import('../experiment/compare.js');
        const { parseShard, shardFileName } = await import('../experiment/shard.js');
        const { comparisonTable, writeReports } = await import('../report/index.js');
        const { breakingPointSummary } = await import('../report/capacity-text.js');
        const { setFlags, sweepFlags } = await import('./assignments.js');
        const { progressBar } = await import('./progress.js');
        const shard = await asUsage(() => (flags.shard !== undefined ? parseShard(flags.shard) : null));
        const sweeps = sweepFlags(flags.sweep);
        const sets = setFlags(flags.set);
        const progress = progressBar(io, 'runs', 'runs');
        const result = await asUsage(() =>
          compareScenario(file, {
            variants: names('--variants', flags.variants),
            policies: names('--policies', flags.policies),
            replications: count('--replications', flags.replications),
            seed: flags.seed === undefined ? undefined : parseSeed(flags.seed),
            jobs: flags.jobs === undefined ? undefined : count('--jobs', flags.jobs),
            shard,
            sweeps,
            sets,
            onProgress: (done, total) => progress.update(done, total),
            registry,
          }),
        ).finally(() => progress.stop());
        if (shard) {
          const path = join(flags.out, shardFileName(shard));
          writeFileAtomic(path, JSON.stringify(result) + '\n');
          io.stdout.write(
            `shard ${shard.index}/${shard.count}: ${result.runs.length} run(s) written to ${path}; join the shards ` +
              `with \`netsim merge\`\n`,
          );
          return;
        }
        const paths = writeReports(flags.out, result, writeFileAtomic);
        io.stdout.write(comparisonTable(result));
        io.stdout.write(breakingPointSummary(result));
        io.stdout.write(`\nreport: ${paths.html}\nresults: ${paths.json}, ${paths.csv}\n`);
      }),
    );
}
