import { Command, CommanderError } from 'commander';
import { EXIT, processIO, type CliIO } from './io.js';
import { register as registerCompare } from './compare.js';
import { register as registerMerge } from './merge.js';
import { register as registerRun } from './run.js';
import { register as registerSchema } from './schema.js';
import { register as registerValidate } from './validate.js';
import { netsimVersion } from '../experiment/version.js';
import type { Registry } from '../scenario/registry.js';

/**
 * The `netsim` program with every command registered (each command lives in its own file), for the
 * node kinds and routing policies of `registry` (default: the built-ins). Declaring the program loads
 * only commander and the command files: each command imports what it needs when it runs, so
 * `netsim --help` starts fast (docs/architecture.md, "Fast start").
 */
export function program(io: CliIO, registry?: Registry): Command {
  const program = new Command('netsim')
    .description(
      'netsim: a discrete-event, packet-level network simulator for remote-work and cloud connectivity studies',
    )
    .version(netsimVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 success, 1 the run failed, 2 bad usage or an invalid scenario.
Docs: README.md, docs/scenario-format.md, docs/cli.md.

Example:
  netsim run scenarios/remote-work.yaml --variant after`,
    );
  registerRun(program, io, registry);
  registerCompare(program, io, registry);
  registerMerge(program, io);
  registerValidate(program, io, registry);
  registerSchema(program, io, registry);
  return program;
}

/** Runs the command line and returns the exit code (the bin shim sets process.exitCode from it). */
export async function main(argv: readonly string[], io: CliIO = processIO(), registry?: Registry): Promise<number> {
  try {
    await program(io, registry).parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw e;
  }
  return io.exitCode;
}
