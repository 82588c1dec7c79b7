/**
 * Scenario files: parse (YAML/JSON), validate (every problem, with its key path), normalize
 * (defaults, units, variants, node kinds) and build a runnable simulation, given an explicit
 * registry of node kinds and routing policies (the built-ins by default).
 */
import type { Scenario } from '../spec/model.js';
import { compile, type CompileOptions } from './compile.js';
import { resolveVariant } from './variants.js';
import { parseSource, readSource } from './source.js';
import { NO_LIMITS } from './estimate/limits.js';

export type * from '../spec/model.js';
export { ScenarioError, formatProblem, type Problem, type RawProblem } from '../spec/problems.js';
export type { KeyPath } from '../spec/key-path.js';
export { variantNames, resolveVariant } from './variants.js';
export {
  buildSimulation,
  checkTimeseries,
  Simulation,
  RunawayError,
  WATCHDOG,
  type BuildOptions,
  type RunOptions,
  type WatchdogMargins,
} from './build/index.js';
export { resolveLimits } from './estimate/limits.js';
export { jsonSchema, scenarioSchema } from './schema/scenario.js';
export { Registry, type Plugin } from './registry.js';
export type { CompileOptions } from './compile.js';
export { readSource, type SourceDocument } from './source.js';

/** Parses and validates scenario text; `file` names it in messages (and `.json` selects strict JSON). */
export function parseScenario(text: string, file: string, options: CompileOptions = {}): Scenario {
  return compile(parseSource(text, file), options);
}

/** Reads, parses and validates a scenario file. Throws {@link ScenarioError} listing every problem. */
export function loadScenarioFile(path: string, options: CompileOptions = {}): Scenario {
  return parseScenario(readSource(path), path, options);
}

/**
 * The scenario as its document gives it with another seed: node kinds expand with the seed (which
 * users run which app, their start offsets), so a run with another seed (`--seed`, the replications
 * of a comparison) compiles the document again. Itself when the seed is its own. The same variant
 * is returned for a variant.
 */
export function withSeed(s: Scenario, seed: number, options: Omit<CompileOptions, 'seed'> = {}): Scenario {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer >= 0, got ${seed}`);
  if (seed === s.seed) return s;
  // The limits were checked when the document was loaded; another seed changes which users run which app, not the load.
  const again = compile(
    { file: s.file, data: s.document, locate: () => undefined },
    { limits: NO_LIMITS, ...options, seed },
  );
  return resolveVariant(again, s.variant);
}
