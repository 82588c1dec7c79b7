import { dirname } from 'node:path';
import type { Command } from 'commander';
import { BUILTIN_POLICY_NAMES } from '../routing/policy-names.js';
import type { Registry } from '../scenario/registry.js';
import { action, collect, parseSeed, processIO, UsageError, writeWarnings, type CliIO } from './io.js';
import { registryOr } from './lazy.js';
import { limitOptions, parseLimits, type LimitFlags } from './limits.js';
import { prepareOutputDir, prepareOutputFile, writeFileAtomic, type Output } from './output.js';

interface RunFlags extends LimitFlags {
  variant?: string;
  policy?: string;
  seed?: string;
  json?: boolean;
  out?: string;
  set?: string[];
  timeseries?: string;
}

/** `netsim run FILE [--variant V] [--policy P] [--seed N] [--json] [--out FILE] [--max-events N] [--max-memory S]` */
export function register(program: Command, io: CliIO = processIO(), given?: Registry): void {
  const policyNames = given?.policyNames() ?? BUILTIN_POLICY_NAMES;
  const command = program
    .command('run')
    .description('run one scenario (one variant, one policy, one seed) and report its result')
    .argument('<file>', 'scenario file (.yaml, .yml or .json)')
    .option('--variant <name>', 'run this variant of the scenario (default: the base)')
    .option('--policy <name>', `routing policy for every class, replacing the file's (${policyNames.join(', ')})`)
    .option('--seed <n>', "master seed, replacing the file's")
    .option('--json', 'print the result JSON (format netsim-result/1) instead of the table')
    .option('--out <file>', 'also write the result JSON to this file (atomically)')
    .option(
      '--set <PATH=VALUE>',
      'set a key of the scenario for this run, like nodes[home].users=320 (repeatable)',
      collect,
    )
    .option(
      '--timeseries <window>',
      "record a time series with this window (e.g. 1s), replacing the file's record.timeseries window; writes " +
        'timeseries.csv and report.html beside --out (or into out/)',
    );
  limitOptions(command)
    .addHelpText(
      'after',
      `
Prints a table of per-class and per-flow statistics (latency and jitter in ms), or the result JSON with
--json. Exit codes: 0 success, 1 the run failed, 2 bad usage or an invalid scenario.

Examples:
  netsim run scenarios/mm1.yaml
  netsim run scenarios/remote-work.yaml --variant after --policy class-aware --seed 7 --json
  netsim run scenarios/priority.yaml --out out/priority.json
  netsim run scenarios/remote-work.yaml --variant after --set 'nodes[home].users=320'
  netsim run scenarios/region-failure.yaml --timeseries 1s`,
    )
    .action(
      action(io, async (file: string, flags: RunFlags) => {
        // Loaded here, not on import: declaring the command must stay cheap (docs/architecture.md, "Fast start").
        const registry = await registryOr(given);
        const { runScenario } = await import('../experiment/run.js');
        const { checkTimeseries, readSource, resolveVariant } = await import('../scenario/index.js');
        const { parseSource } = await import('../scenario/source.js');
        const { compileWithSets } = await import('../scenario/sweep-points.js');
        const { setFlags } = await import('./assignments.js');
        const { progressBar } = await import('./progress.js');
        const { summaryTable } = await import('./summary.js');
        const { parseWindow, phaseLines, SERIES_FILES } = await import('./timeseries.js');
        const policyProblem = flags.policy === undefined ? null : registry.policyProblem(flags.policy);
        if (policyProblem) throw new UsageError(`--policy: ${policyProblem}`);
        const seed = flags.seed === undefined ? undefined : parseSeed(flags.seed);
        const window = parseWindow(flags.timeseries);
        const limits = parseLimits(flags);
        // Another seed is another compile of the file: node kinds expand with the seed.
        // --set keys apply over the base and every variant (docs/capacity.md); a sweep block is not expanded.
        const sets = setFlags(flags.set, io);
        const text = readSource(file);
        const doc = parseSource(text, file);
        const scenario = compileWithSets(doc, sets, { registry, limits, ...(seed !== undefined ? { seed } : {}) });
        const variant = flags.variant ?? null;
        const resolved = resolveVariant(scenario, variant); // an unknown variant is a usage error, before any work
        writeWarnings(io, scenario.warnings);
        const tooLarge = window === undefined ? null : checkTimeseries(resolved, window);
        if (tooLarge) throw new UsageError(`--timeseries: ${tooLarge}`);
        const output: Output | null = flags.out !== undefined ? prepareOutputFile(flags.out) : null;
        // A time series (the flag or the file's record.timeseries) also writes timeseries.csv and report.html,
        // beside --out or in out/: checked before the run as well, so that one refused file does not leave the
        // others written.
        const seriesDir = flags.out !== undefined ? dirname(flags.out) : 'out';
        let series: Output | null = null;
        if (window !== undefined || resolved.record.timeseries !== null) {
          try {
            series = prepareOutputDir(
              seriesDir,
              Object.values(SERIES_FILES),
              window !== undefined ? '--timeseries' : 'record.timeseries',
            );
          } catch (e) {
            output?.abandon();
            throw e;
          }
        }
        const progress = progressBar(io, `${scenario.name}${variant ? ` (${variant})` : ''}`);
        let result;
        try {
          result = runScenario(
            scenario,
            { variant, ...(flags.policy ? { policy: flags.policy } : {}) },
            {
              registry,
              limits,
              ...(window !== undefined ? { timeseries: window } : {}),
              onProgress: (fraction) => progress.update(fraction, 1),
            },
          );
        } catch (e) {
          output?.abandon();
          series?.abandon();
          throw e;
        } finally {
          progress.stop();
        }
        // The JSON (about 0.75 MB for the flagship) only when it is written, the table only when it is printed.
        const json = flags.json || flags.out !== undefined ? `${JSON.stringify(result, null, 2)}\n` : '';
        if (flags.out !== undefined) {
          writeFileAtomic(flags.out, json);
          io.stderr.write(`result written to ${flags.out}\n`);
        }
        if (result.timeseries) {
          const { writeRunSeries } = await import('./run-series.js');
          const paths = writeRunSeries(result, text, seriesDir, writeFileAtomic);
          io.stderr.write(`time series written to ${paths.csv}, report to ${paths.html}\n`);
        }
        if (flags.json) io.stdout.write(json);
        else {
          const overTime = phaseLines(result);
          io.stdout.write(summaryTable(result) + (overTime.length > 0 ? overTime.join('\n') + '\n' : ''));
        }
      }),
    );
}
