import { catalogBuildStep } from '../catalog/kinds/build/index.js';
import { RegistryBase, builtinParts, type RegistryParts } from './registry-base.js';

export { type BuildStepResolver, type Plugin } from './registry-base.js';

/**
 * The node kinds and routing policies a scenario may name, and how their run-time parts are built
 * (registry-base.ts): {@link builtins} holds the contract's kinds, the catalog's with the catalog's build
 * steps, and the built-in policies. The build layer finds every step through the registry it is given.
 *
 * This module imports the catalog's build steps, and so the simulator's run-time parts: checking a file uses
 * `BUILTINS_FOR_CHECKING` (registry-base.ts) instead and never loads it.
 */
export class Registry extends RegistryBase {
  // A private member makes the type nominal: without it a RegistryBase (BUILTINS_FOR_CHECKING, with no build
  // steps) would type-check wherever a Registry is asked for, and fail only at build, for catalog kinds alone.
  declare private readonly canBuild: true;

  private constructor(parts: RegistryParts) {
    super(parts);
  }

  /** The built-ins: core kinds (router, host), the catalog's kinds and their build steps, the built-in policies. */
  static readonly builtins: Registry = new Registry(builtinParts(catalogBuildStep));
}
