export { Topology, type Edge } from './topology.js';
export { shortestPath, pathOver, concatPaths, HOP_EPSILON, type Path, type SearchOptions } from './path.js';
export { shortest, type RoutingPolicy, type RouteRequest, type PolicyContext, type ClassRouting } from './policy.js';
export { Router, hopsOf } from './router.js';
export { registerPolicy, createPolicy, policyNames, type PolicyOptions } from './registry.js';
