import type { RegistryBase } from '../scenario/registry-base.js';
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

/**
 * {@link registryOr} for a command that checks files and builds nothing (`validate`, `schema`): the built-in
 * kinds and policies without the catalog's build steps, which import the simulator's run-time parts.
 */
export async function checkingRegistryOr(given: Registry | undefined): Promise<RegistryBase> {
  return given ?? (await import('../scenario/registry-base.js')).BUILTINS_FOR_CHECKING;
}
