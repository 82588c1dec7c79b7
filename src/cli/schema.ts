import type { Command } from 'commander';
import type { Registry } from '../scenario/registry.js';
import { action, processIO, type CliIO } from './io.js';
import { checkingRegistryOr } from './lazy.js';

/** `netsim schema` */
export function register(program: Command, io: CliIO = processIO(), given?: Registry): void {
  program
    .command('schema')
    .description('print the JSON Schema of the scenario format (for editors and other tools)')
    .addHelpText(
      'after',
      `
The schema is generated from the validator's own, so it lists every key, node kind, traffic model and
routing policy this version knows. Editors validate and complete scenario files with it.

Examples:
  netsim schema > netsim.schema.json
  # then, first line of a scenario file (VS Code with the YAML extension):
  # yaml-language-server: $schema=./netsim.schema.json`,
    )
    .action(
      action(io, async () => {
        // Loaded here, not on import: declaring the command must stay cheap (docs/architecture.md, "Fast start").
        const registry = await checkingRegistryOr(given);
        const { jsonSchema } = await import('../scenario/schema/scenario.js');
        io.stdout.write(`${JSON.stringify(jsonSchema(registry), null, 2)}\n`);
      }),
    );
}
