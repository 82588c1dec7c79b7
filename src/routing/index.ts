export { Topology, type Edge } from './topology.js';
export {
  shortestPath,
  concatPaths,
  comparePaths,
  sameRoute,
  isUsable,
  pathKey,
  HOP_EPSILON,
  type Path,
  type SearchOptions,
} from './path.js';
export { kShortestPaths, kShortestVia, MAX_EXTRA_TIES } from './yen.js';
export { RouteCache } from './cache.js';
export { LoadMonitor, type LoadView } from './load.js';
export { hash32 } from './hash.js';
export { shortest, type RoutingPolicy, type RouteRequest, type PolicyContext, type ClassRouting } from './policy.js';
export { ClassAwarePolicy } from './policies/class-aware.js';
export { EcmpPolicy, ECMP_TOLERANCE } from './policies/ecmp.js';
export { LoadAwarePolicy } from './policies/load-aware.js';
export { Router, hopsOf, SAMPLES_PER_INTERVAL } from './router.js';
export { BUILTIN_POLICIES, createPolicy, MAX_K, type PolicyOptions, type PolicyFactory } from './factories.js';
