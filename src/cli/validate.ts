import type { Command } from 'commander';
import type { Registry } from '../scenario/registry.js';
import { ScenarioError } from '../spec/problems.js';
import { formatBytes, formatCount } from '../spec/estimate.js';
import { EXIT, action, clip, processIO, writeWarnings, type CliIO } from './io.js';
import { checkingRegistryOr } from './lazy.js';
import { limitOptions, parseLimits, type LimitFlags } from './limits.js';

/** `netsim validate FILE...` */
export function register(program: Command, io: CliIO = processIO(), given?: Registry): void {
  limitOptions(
    program
      .command('validate')
      .description('check scenario files without running them; print every problem')
      .argument('<files...>', 'scenario files (.yaml, .yml or .json)'),
  )
    .addHelpText(
      'after',
      `
Each problem is one line: file:line: key path: what was expected and what was found. Every variant is
checked too. A valid key that has no effect (a key another key leaves unused) is a warning on stderr,
"netsim: warning: " then the same line; the file stays valid. Exit codes: 0 all files are valid, 2 at
least one is not.

Examples:
  netsim validate scenarios/remote-work.yaml
  netsim validate scenarios/*.yaml`,
    )
    .action(
      action(io, async (files: string[], flags: LimitFlags) => {
        const limits = parseLimits(flags);
        // Loaded here, not on import, and only the scenario layer's parsing and validation: checking a
        // file loads the schemas and the catalog, never the simulator (docs/architecture.md, "Fast start").
        const registry = await checkingRegistryOr(given);
        const { parseSource, readSource } = await import('../scenario/source.js');
        const { compileSwept } = await import('../scenario/sweep-points.js');
        const { variantNames } = await import('../scenario/variants.js');
        let problems = 0;
        for (const file of files) {
          try {
            // Every sweep point is compiled: a swept value the key refuses is a problem of the file.
            const { plan, points } = compileSwept(parseSource(readSource(file), file), {}, { registry, limits });
            const s = points[0].scenario;
            const nodes = s.nodes.length;
            const variants = variantNames(s);
            const size = `${nodes} node${nodes === 1 ? '' : 's'}, ${s.links.length} links, ${s.flows.length} flows`;
            const more =
              (variants.length ? `; variants ${variants.join(', ')}` : '') +
              (plan.sweeps.length ? `; ${points.length} sweep point${points.length === 1 ? '' : 's'}` : '');
            // The largest run of the file: what --max-events and --max-memory would have to allow.
            const runs = points.flatMap((p) => [
              p.scenario,
              ...variantNames(p.scenario).map((v) => p.scenario.variants[v]),
            ]);
            const events = Math.max(...runs.map((r) => r.estimate.events));
            const memory = Math.max(...runs.map((r) => r.estimate.memoryBytes));
            const cost = `; a run: about ${formatCount(events)} events, ${formatBytes(memory)}`;
            io.stdout.write(clip(`${file}: ok (${s.name}: ${size}${more}${cost})`) + '\n');
            writeWarnings(
              io,
              points.flatMap((p) => p.scenario.warnings),
            );
          } catch (e) {
            if (!(e instanceof ScenarioError)) throw e;
            io.stdout.write(`${clip(e.format())}\n`);
            problems += e.problems.length;
          }
        }
        if (problems > 0) {
          io.stderr.write(`${problems} problem${problems === 1 ? '' : 's'} found\n`);
          io.exitCode = EXIT.usage;
        }
      }),
    );
}
