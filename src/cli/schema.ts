import type { Command } from 'commander';
import { jsonSchema, Registry } from '../scenario/index.js';
import { action, processIO, type CliIO } from './io.js';

/** `netsim schema` */
export function register(program: Command, io: CliIO = processIO(), registry = Registry.builtins): void {
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
      action(io, () => {
        io.stdout.write(`${JSON.stringify(jsonSchema(registry), null, 2)}\n`);
      }),
    );
}
