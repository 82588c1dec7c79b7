import type { Command } from 'commander';
import type { LoadedFile } from '../experiment/merge.js';
import { asUsage } from './compare.js';
import { action, processIO, UsageError, type CliIO } from './io.js';
import { prepareOutputDir, writeFileAtomic } from './output.js';

/** A shard file holds every run of its slice; V8 cannot hold a string much larger than this. */
const MAX_SHARD_BYTES = 500e6;

function load(path: string, read: (path: string) => string): LoadedFile {
  const text = read(path);
  try {
    return { path, data: JSON.parse(text) };
  } catch (e) {
    throw new UsageError(`${path}: not JSON (${(e as Error).message})`);
  }
}

/** `netsim merge FILES... [--out DIR]` */
export function register(program: Command, io: CliIO = processIO()): void {
  program
    .command('merge')
    .description(
      'join the shard files of `netsim compare --shard` into the whole comparison: ' +
        'the same table and reports as one big run',
    )
    .argument('<files...>', 'shard results files (shard-i-of-n.json), one per shard')
    .option('--out <dir>', 'output directory', 'out')
    .addHelpText(
      'after',
      `
Each file is checked against the results schema (file: key path: what was expected, exit 2). Refuses
(exit 2) shards from another netsim version, scenario, scenario content or options, a shard given
twice and a missing shard, saying which key differs. Docs: docs/cluster.md.

Example:
  netsim merge results/shards/shard-*-of-8.json --out results/remote-work`,
    )
    .action(
      action(io, async (files: string[], flags: { out: string }) => {
        // Loaded here, not on import: declaring the command must stay cheap (docs/architecture.md, "Fast start").
        const { mergeComparisons } = await import('../experiment/merge.js');
        const { comparisonTable, REPORT_FILES, writeReports, writtenLines } = await import('../report/index.js');
        const { breakingPointSummary } = await import('../report/capacity-text.js');
        const { delaySummary } = await import('../report/delay-text.js');
        const { readRegularFile } = await import('../scenario/source.js');
        const output = prepareOutputDir(flags.out, REPORT_FILES);
        let merged;
        try {
          const read = (path: string) => readRegularFile(path, MAX_SHARD_BYTES, 'a results file');
          merged = await asUsage(() => mergeComparisons(files.map((f) => load(f, read))));
        } catch (e) {
          output.abandon();
          throw e;
        }
        const paths = writeReports(flags.out, merged, writeFileAtomic);
        io.stdout.write(comparisonTable(merged));
        io.stdout.write(delaySummary(merged));
        io.stdout.write(breakingPointSummary(merged));
        io.stdout.write(writtenLines(paths));
      }),
    );
}
