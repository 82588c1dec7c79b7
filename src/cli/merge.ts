import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { LoadedFile } from '../experiment/merge.js';
import { asUsage } from './compare.js';
import { action, processIO, UsageError, writeFileAtomic, type CliIO } from './io.js';

function load(path: string): LoadedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
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
Refuses (exit 2) shards from another netsim version, scenario, scenario content or options, a shard
given twice and a missing shard. Docs: docs/cluster.md.

Example:
  netsim merge results/shards/shard-*-of-8.json --out results/remote-work`,
    )
    .action(
      action(io, async (files: string[], flags: { out: string }) => {
        // Loaded here, not on import: declaring the command must stay cheap (docs/architecture.md, "Fast start").
        const { mergeComparisons } = await import('../experiment/merge.js');
        const { comparisonTable, writeReports } = await import('../report/index.js');
        const { breakingPointSummary } = await import('../report/capacity-text.js');
        const merged = await asUsage(() => mergeComparisons(files.map(load)));
        const paths = writeReports(flags.out, merged, writeFileAtomic);
        io.stdout.write(comparisonTable(merged));
        io.stdout.write(breakingPointSummary(merged));
        io.stdout.write(`\nreport: ${paths.html}\nresults: ${paths.json}, ${paths.csv}\n`);
      }),
    );
}
