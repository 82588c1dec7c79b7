/**
 * netsim's library API, for programmatic use: the same functions the `netsim` command uses.
 * Layers are re-exported whole; the scenario and experiment layers as namespaces-free helpers
 * (load a file, build and run a simulation, run a comparison matrix).
 */
export * from './engine/index.js';
export * from './net/index.js';
export * from './routing/index.js';
export * from './traffic/index.js';
export * from './metrics/index.js';
export * as catalog from './catalog/index.js';
export * as scenario from './scenario/index.js';
export * as experiment from './experiment/index.js';
export {
  loadScenarioFile,
  parseScenario,
  resolveVariant,
  variantNames,
  buildSimulation,
  ScenarioError,
  type Scenario,
} from './scenario/index.js';
export { runScenario } from './experiment/run.js';
