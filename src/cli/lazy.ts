import type { Registry } from '../scenario/registry.js';

/**
 * The registry a command runs with: the caller's (tests, the library), else the built-ins. The
 * built-ins hold every catalog kind and their schemas, so they are imported when a command runs, never
 * when the program is declared: `netsim --help` and `--version` load neither zod nor the catalog
 * (docs/architecture.md, "Fast start"; test/cli-startup.test.ts checks it).
 */
export async function registryOr(given: Registry | undefined): Promise<Registry> {
  return given ?? (await import('../scenario/registry.js')).Registry.builtins;
}
