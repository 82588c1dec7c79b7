import { compile } from './compile.js';
import type { Scenario } from '../spec/model.js';
import type { SourceDocument } from './source.js';

/**
 * The document each parsed scenario came from. Node kinds expand with the seed (which users run
 * which app, their start offsets), so a run with another seed (`--seed`, the replications of
 * `compare`) re-expands the document with that seed: replications then vary the assignment of
 * users to apps as well as the traffic. A WeakMap rather than a field: a scenario copied or
 * changed in code (`{ ...s, duration }`) is not in it and builds as it stands.
 */
const SOURCES = new WeakMap<Scenario, SourceDocument>();
/** The last re-expansion per scenario: a comparison builds every variant and policy of one seed in turn. */
const LAST = new WeakMap<Scenario, Scenario>();

export function rememberSource(s: Scenario, doc: SourceDocument): Scenario {
  SOURCES.set(s, doc);
  return s;
}

/** The scenario as its file gives it with `seed` in place of its own (itself when the seed is its own or its source is unknown). */
export function withSeed(s: Scenario, seed: number): Scenario {
  if (seed === s.seed) return s;
  const doc = SOURCES.get(s);
  if (doc === undefined) return s;
  const last = LAST.get(s);
  if (last !== undefined && last.seed === seed) return last;
  const reseeded = compile({ ...doc, data: { ...(doc.data as Record<string, unknown>), seed } });
  LAST.set(s, reseeded);
  return reseeded;
}
