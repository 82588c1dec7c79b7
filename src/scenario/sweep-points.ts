import { formatPath, parseKeyPath, type KeyPath } from '../spec/key-path.js';
import type { Scenario } from '../spec/model.js';
import { ScenarioError, type Problem } from '../spec/problems.js';
import { show } from '../spec/units.js';
import { SWEEP_LIMITS } from './schema/sweep.js';
import { compile, type CompileOptions } from './compile.js';
import { applyAssignments, type AppliedDocument } from './overrides.js';
import type { SourceDocument } from './source.js';
import {
  combineSweeps,
  describePoint,
  placeProblem,
  pointAssignments,
  readSweeps,
  setAssignments,
  sweepGrid,
  type Assignment,
  type SetFlag,
  type Sweep,
  type SweepFlag,
  type SweepPoint,
  type SweepValue,
} from './sweep.js';

/**
 * From a scenario document and the command line's `--sweep`/`--set` flags to the scenario of each
 * sweep point, with every problem reported where the author wrote the offending key or value:
 * `sweep.users.at` for a key path that names nothing, `sweep.users.values[2]` for a value the key
 * does not accept (found by compiling the point), `--set PATH` / `--sweep KEY` for flags.
 */

/** The sweeps and `--set` keys of a run, and its grid of points. */
export interface SweepPlan {
  readonly sweeps: readonly Sweep[];
  readonly sets: readonly Assignment[];
  /** Grid order: the first sweep varies slowest. One point with no labels when nothing is swept. */
  readonly points: readonly SweepPoint[];
}

/**
 * Reads the file's sweep block and applies the flags (parsed with parseSweepFlag/parseSetFlag).
 * Throws {@link ScenarioError} with every problem of the block and the flags (key paths that do
 * not parse, empty or repeated values); whether each path names a key is checked per point.
 */
export function planSweeps(
  doc: SourceDocument,
  flags: { sweeps?: readonly SweepFlag[]; sets?: readonly SetFlag[] } = {},
): SweepPlan {
  const file = readSweeps(doc);
  const combined = combineSweeps(doc, file.sweeps, flags.sweeps ?? []);
  const problems = [...file.problems, ...combined.problems];
  if (problems.length > 0) throw new ScenarioError(problems);
  return { sweeps: combined.sweeps, sets: setAssignments(flags.sets ?? []), points: sweepGrid(combined.sweeps) };
}

/**
 * The plan a comparison recorded (its matrix's sweeps and `--set` keys, as plain data), rebuilt so
 * a worker thread or a later merge compiles the same points. The key paths were checked when the
 * plan was made; one that no longer parses is a corrupt results file.
 */
export function restorePlan(
  sweeps: readonly { name: string; at: string; values: readonly SweepValue[] }[],
  sets: readonly { at: string; value: SweepValue }[],
): SweepPlan {
  const path = (at: string) => {
    const parsed = parseKeyPath(at);
    if (!parsed.ok) throw new Error(`a recorded key path does not parse: ${parsed.error}`);
    return parsed.path;
  };
  const restored: Sweep[] = sweeps.map((s) => ({
    name: s.name,
    at: s.at,
    path: path(s.at),
    values: [...s.values],
    atPlace: { path: `sweep ${s.name}` },
    valuePlace: () => ({ path: `sweep ${s.name}` }),
  }));
  const assignments = setAssignments(sets.map((s) => ({ at: s.at, path: path(s.at), value: s.value })));
  return { sweeps: restored, sets: assignments, points: sweepGrid(restored) };
}

/** One point's document: `--set` keys and the point's values applied over the base and every variant. */
export function pointDocument(doc: SourceDocument, plan: SweepPlan, point: SweepPoint): AppliedDocument {
  return applyAssignments(doc.data, [...plan.sets, ...pointAssignments(plan.sweeps, point)]);
}

/**
 * Sorts the problems found compiling a point's document by where they came from. A problem at a
 * key a value was written to (in the base or in a variant) is the value's (`own`): it is reported
 * at the value's place (`sweep.users.values[2]`), naming the key path and the value; an unknown
 * key that the path itself added is the path's (`sweep.users.at`). Any other problem is the
 * scenario's at that point (`others`, unchanged).
 */
function explainPointProblems(
  doc: SourceDocument,
  applied: AppliedDocument,
  problems: readonly Problem[],
): { own: Problem[]; others: Problem[] } {
  const keys = applied.written.map((w) => ({ w, paths: w.paths.map((p) => formatPath(p)) }));
  const own: Problem[] = [];
  const others: Problem[] = [];
  for (const p of problems) {
    const hit = keys.find((k) => k.paths.some((path) => p.path === path || p.path.startsWith(`${path}.`)));
    if (!hit) {
      others.push(p);
      continue;
    }
    const a = hit.w.assignment;
    if (hit.w.created && /^unknown key/.test(p.message))
      own.push(placeProblem(doc, a.atPlace, `${a.at}: ${p.message.replace(/^unknown key/, 'no such key')}`));
    else own.push(placeProblem(doc, a.valuePlace, `${a.at} = ${show(a.value)}: ${stripVariant(p.message)}`));
  }
  return { own, others };
}

/** A variant repeats a problem of the value the base has too; the value's place says it once. */
function stripVariant(message: string): string {
  return message.replace(/^in variant "[^"]*": /, '');
}

/** The ordinary compile with the built-in registry (the scenario carries its document: replications recompile it). */
export function compileSource(source: SourceDocument, options: CompileOptions = {}): Scenario {
  return compile(source, options);
}

/**
 * The scenario at one point. Throws {@link ScenarioError} with the point's problems placed as
 * {@link explainPointProblems} says. `compileOne` is the compile to use (the ordinary one by
 * default); it receives the point's document with the file's name and line look-up.
 */
export function compilePoint(
  doc: SourceDocument,
  plan: SweepPlan,
  point: SweepPoint,
  compileOne: (source: SourceDocument) => Scenario = compileSource,
): Scenario {
  const r = tryPoint(doc, plan, point, compileOne);
  if ('scenario' in r) return r.scenario;
  if (r.own.length > 0) throw new ScenarioError(r.own); // what else breaks is mostly their consequence
  const context = describePoint(point);
  throw new ScenarioError(
    r.others.map((p) => (context === '' ? p : { ...p, message: `at sweep point ${context}: ${p.message}` })),
  );
}

function tryPoint(
  doc: SourceDocument,
  plan: SweepPlan,
  point: SweepPoint,
  compileOne: (source: SourceDocument) => Scenario,
): { scenario: Scenario } | { own: Problem[]; others: Problem[] } {
  const applied = pointDocument(doc, plan, point);
  const direct = applied.problems.map((p) => placeProblem(doc, p.place, p.message));
  if (direct.length > 0) return { own: direct, others: [] };
  try {
    return { scenario: compileOne({ file: doc.file, data: applied.data, locate: doc.locate }) };
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return explainPointProblems(doc, applied, e.problems);
  }
}

/**
 * The scenario of every point, in grid order; or one {@link ScenarioError} with the problems of
 * all points, each reported once: a path that names nothing or a bad value once, at its place.
 * Other problems are taken from the points whose own values are valid (where a value is not, what
 * else breaks is mostly its consequence: a node that fails validation is missing for the links
 * that name it): one that all those points have once as it is, one that some have once with the
 * points named.
 */
export function compilePoints(
  doc: SourceDocument,
  plan: SweepPlan,
  compileOne: (source: SourceDocument) => Scenario = compileSource,
): { point: SweepPoint; scenario: Scenario }[] {
  const out: { point: SweepPoint; scenario: Scenario }[] = [];
  const own = new Map<string, Problem>();
  const others = new Map<string, { problem: Problem; points: SweepPoint[] }>();
  const key = (p: Problem) => `${p.path}\u0000${p.message}`;
  let clean = 0;
  checkGridWork(doc, plan, declaredSize(doc.data)); // a lower bound, before the first compile (which may fail)
  for (const point of plan.points) {
    const r = tryPoint(doc, plan, point, compileOne);
    if ('scenario' in r) {
      out.push({ point, scenario: r.scenario });
      clean++;
      if (out.length === 1) checkGridWork(doc, plan, compiledSize(r.scenario));
      continue;
    }
    for (const p of r.own) if (!own.has(key(p))) own.set(key(p), p);
    if (r.own.length > 0) continue;
    clean++;
    for (const p of r.others) {
      const entry = others.get(key(p)) ?? { problem: p, points: [] };
      entry.points.push(point);
      others.set(key(p), entry);
    }
  }
  if (own.size === 0 && others.size === 0) return out;
  const problems = [...own.values()];
  for (const { problem, points } of others.values()) {
    if (points.length === clean) problems.push(problem);
    else {
      const named = points.slice(0, 3).map((p) => describePoint(p));
      const more = points.length > 3 ? ` and ${points.length - 3} more` : '';
      problems.push({
        ...problem,
        message: `at sweep point${points.length > 1 ? 's' : ''} ${named.join('; ')}${more}: ${problem.message}`,
      });
    }
  }
  throw new ScenarioError(problems);
}

/** The nodes, links and flows of a compiled point, and its variants. */
function compiledSize(s: Scenario): { size: number; variants: number } {
  return { size: s.nodes.length + s.links.length + s.flows.length, variants: Object.keys(s.variants).length };
}

/** The same as the file writes them (populations not expanded): a lower bound of the compiled size. */
function declaredSize(data: unknown): { size: number; variants: number } {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const length = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const variants = typeof d.variants === 'object' && d.variants !== null ? Object.keys(d.variants).length : 0;
  return { size: length(d.nodes) + length(d.links) + length(d.flows), variants };
}

/**
 * The grid is compiled point by point before any run: its points times the size of the first
 * compiled point must stay within SWEEP_LIMITS.compiledElements, or validation alone takes hours.
 */
function checkGridWork(doc: SourceDocument, plan: SweepPlan, at: { size: number; variants: number }): void {
  const { size, variants } = at;
  const work = size * (1 + variants) * plan.points.length;
  if (plan.points.length <= 1 || work <= SWEEP_LIMITS.compiledElements) return;
  const names = plan.sweeps.map((s) => `${s.name}: ${s.values.length}`).join(' x ');
  // At the values of the longest sweep (the file's sweep.<name>.values, or its --sweep flag).
  const longest = plan.sweeps.reduce((a, b) => (b.values.length > a.values.length ? b : a));
  const key = longest.atPlace.key;
  const values: KeyPath | undefined = key ? [...key.slice(0, -1), 'values'] : undefined;
  throw new ScenarioError([
    placeProblem(
      doc,
      values ? { path: formatPath(values), key: values } : longest.atPlace,
      `the sweep grid has ${plan.points.length} points (${names}) of a scenario of ${size} nodes, links and flows` +
        `${variants > 0 ? ` and ${variants} variant(s)` : ''}: ${work} elements to compile before the first run, ` +
        `more than ${SWEEP_LIMITS.compiledElements}; sweep fewer values, or split the grid into several comparisons`,
    ),
  ]);
}

/**
 * Every point of a document's sweeps (its sweep block, with `--sweep`/`--set` flags applied), each
 * compiled with `options`; one point, the file as written, when nothing is swept or set. Throws
 * {@link ScenarioError} with every problem of every point.
 */
export function compileSwept(
  doc: SourceDocument,
  flags: { sweeps?: readonly SweepFlag[]; sets?: readonly SetFlag[] } = {},
  options: CompileOptions = {},
): { plan: SweepPlan; points: { point: SweepPoint; scenario: Scenario }[] } {
  const plan = planSweeps(doc, flags);
  if (plan.sweeps.length === 0 && plan.sets.length === 0)
    return { plan, points: [{ point: plan.points[0], scenario: compile(doc, options) }] };
  return { plan, points: compilePoints(doc, plan, (d) => compile(d, options)) };
}

/**
 * The document with `--set` keys applied over the base and every variant, compiled (`netsim run`):
 * the file's sweep block is not expanded (a run is one point; its keys keep the file's values).
 */
export function compileWithSets(doc: SourceDocument, sets: readonly SetFlag[], options: CompileOptions = {}): Scenario {
  if (sets.length === 0) return compile(doc, options);
  const plan: SweepPlan = { sweeps: [], sets: setAssignments(sets), points: sweepGrid([]) };
  return compilePoint(doc, plan, plan.points[0], (d) => compile(d, options));
}
