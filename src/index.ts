/**
 * netsim's library API: the functions the `netsim` command uses, for scripts and notebooks. Load
 * and validate a scenario, run it, compare variants and policies with confidence intervals, write
 * the reports; extend the scenario format with node kinds and routing policies through an explicit
 * {@link Registry}. test/library-api.test.ts pins these names: an addition is a decision.
 *
 * Building a network in code (a simulator, links, flows, a router) uses the layers' own modules
 * (dist/src/engine, net, routing, traffic, metrics); their names may change between versions.
 */

// Scenarios: parse and validate (every problem at once), variants, another seed, build.
export {
  parseScenario,
  loadScenarioFile,
  withSeed,
  variantNames,
  resolveVariant,
  buildSimulation,
  jsonSchema,
  ScenarioError,
  type Scenario,
  type ClassDef,
  type DeclaredDef,
  type NodeDef,
  type LinkDef,
  type FlowDef,
  type RoutingDef,
  type FailureDef,
  type Problem,
  type CompileOptions,
  type BuildOptions,
  type RunOptions,
  type Simulation,
} from './scenario/index.js';

// The registry of node kinds and routing policies, and what kinds are written with.
export { Registry, type Plugin } from './scenario/index.js';
export {
  defineKind,
  NodeType,
  schemas,
  type NodeKind,
  type NodeSpec,
  type ExpandContext,
  type BuildContext,
  type Declarations,
  type KeyPath,
} from './spec/index.js';
export type { RoutingPolicy, RouteRequest, PolicyContext } from './routing/policy.js';
export type { PolicyFactory, PolicyOptions } from './routing/factories.js';
export type { Path } from './routing/path.js';
export type { Topology, Edge } from './routing/topology.js';

// Runs and comparisons.
export { runScenario, type RunCell, type RunScenarioOptions } from './experiment/run.js';
export { compareScenario, type CompareOptions } from './experiment/compare.js';
export { mergeComparisons, type LoadedFile } from './experiment/merge.js';
export type { ComparisonFile } from './experiment/comparison.js';
export type { Summary } from './experiment/summary.js';
export type { RunResult, FlowResult } from './metrics/result.js';
export type { Stats } from './metrics/stats.js';
export type { LinkStats } from './metrics/link-stats.js';
export type { TimeseriesResult, ClassWindows, TimeseriesEvent, LinkWindows } from './metrics/timeseries/index.js';

// Reports: the terminal table, the HTML report, and results.json/csv/report.html written together.
export { comparisonTable, reportHtml, writeReports } from './report/index.js';

// Call quality from packet arrivals: E-model, codecs, jitter buffer, Teams' poor-call rule (docs/experience.md).
export { voice } from './metrics/index.js';
