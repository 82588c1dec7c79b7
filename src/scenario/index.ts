/**
 * Scenario files: parse (YAML/JSON), validate (every problem, with its key path), normalize
 * (defaults, units, variants, node kinds) and build a runnable simulation.
 */
import { compile } from './compile.js';
import type { Scenario } from '../spec/model.js';
import { rememberSource } from './reseed.js';
import { parseSource, readSource } from './source.js';

export type * from '../spec/model.js';
export { ScenarioError, formatProblem, formatPath, type Problem, type KeyPath } from '../spec/problems.js';
export { variantNames, resolveVariant } from './variants.js';
export { buildSimulation, type BuildOptions } from './build.js';
export { Simulation, type RunOptions } from './simulation.js';
export { jsonSchema, scenarioSchema } from './schema/scenario.js';
export {
  registerNodeKind,
  nodeKind,
  nodeKinds,
  type NodeKind,
  type ExpandContext,
  type BuildContext,
} from './kinds/index.js';
export { DEFAULT_CLASSES, DSCP } from '../spec/classes.js';
export { LIMITS } from '../spec/limits.js';
export * as units from '../spec/units.js';
export * as schemas from '../spec/unit-schemas.js';

/** Parses and validates scenario text; `file` names it in messages (and `.json` selects strict JSON). */
export function parseScenario(text: string, file: string): Scenario {
  const doc = parseSource(text, file);
  return rememberSource(compile(doc), doc);
}

/** Reads, parses and validates a scenario file. Throws {@link ScenarioError} listing every problem. */
export function loadScenarioFile(path: string): Scenario {
  return parseScenario(readSource(path), path);
}
