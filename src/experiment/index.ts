export { matrixCells, seedsOf, checkMatrix, variantLabel, policyLabel, type Cell, type MatrixSpec } from './cells.js';
export { parseShard, shardCells, shardFileName, type Shard } from './shard.js';
export { ExperimentError } from './errors.js';
export { CONFIDENCE, estimate, pairedDifference, verdict, tCritical, type Estimate, type Verdict } from './interval.js';
export { tCdf, tQuantile, incompleteBeta, logGamma } from './student-t.js';
export { METRICS, type Metric, type MetricKey } from './metrics.js';
export {
  summarizeMatrix,
  groupRuns,
  type Summary,
  type CellSummary,
  type ClassSummary,
  type SlaRate,
} from './summary.js';
export { delta, type Delta, type DeltaMetric, type CellRuns } from './delta.js';
export {
  summarizeExperience,
  experienceDelta,
  empiricalCdf,
  EXPERIENCE_METRICS,
  MOS_CDF_POINTS,
  type ExperienceKey,
  type ExperienceMetric,
  type ExperienceSummary,
} from './experience.js';
export { rankPolicies, RANKING_CRITERION, type PolicyRanking, type RankedPolicy } from './ranking.js';
export {
  comparisonFile,
  scenarioHash,
  COMPARISON_FORMAT,
  type ComparisonFile,
  type ScenarioIdentity,
} from './comparison.js';
export { mergeComparisons, type LoadedFile } from './merge.js';
export { netsimVersion } from './version.js';
export { runScenario, type RunCell } from './run.js';
export { runCells, defaultJobs, type ScenarioSource, type RunCellsOptions } from './run-cells.js';
export { compareScenario, planMatrix, DEFAULT_REPLICATIONS, type CompareOptions } from './compare.js';
