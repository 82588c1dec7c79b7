import type { RandomStreams } from '../../engine/random.js';
import type { Simulator } from '../../engine/simulator.js';
import { buildResult, type MeasuredFlow, type RunResult } from '../../metrics/result.js';
import type { TimeseriesRecorder } from '../../metrics/timeseries/index.js';
import type { MeasurementWindow } from '../../metrics/window.js';
import type { Network } from '../../net/index.js';
import type { Router } from '../../routing/router.js';
import type { RunEstimate, RunLimits } from '../../spec/estimate.js';
import type { Scenario } from '../../spec/model.js';
import { Watchdog, type WatchdogMargins } from './watchdog.js';

export interface RunOptions {
  /** Called as the run advances (simulated time), with the fraction done in (0, 1]. */
  onProgress?: (fraction: number) => void;
  /**
   * Stop the run (a RunawayError) when its events or memory go far past the scenario's estimate
   * (default true; margins as in WATCHDOG, watchdog.ts, unless given here).
   */
  watchdog?: boolean | Partial<WatchdogMargins>;
  /** Events and memory the user allows (`--max-events`, `--max-memory`): the watchdog lets the run go that far. */
  limits?: RunLimits;
}

/** Extra top-level result sections: section -> key -> entry, computed when the run ends. */
export type ResultSections = Map<string, Map<string, () => unknown>>;

/** Everything a built simulation needs to produce its result. */
export interface SimulationParts {
  scenario: Scenario;
  policy: string;
  seed: number;
  sim: Simulator;
  net: Network;
  random: RandomStreams;
  router: Router;
  window: MeasurementWindow;
  /** The flows to report, in scenario order; computed after the run (paths, extras). */
  measured: () => MeasuredFlow[];
  /** Sections node kinds add to the result, each with one entry per node that writes to it. */
  sections: ResultSections;
  /** The time series being recorded, or null. */
  timeseries: TimeseriesRecorder | null;
}

/** Progress is reported this many times per run: often enough for a smooth bar, rare enough to cost nothing. */
const PROGRESS_STEPS = 200;

/**
 * A scenario built into a network, ready to run once. `run()` runs through the measured window and
 * the drain, then assembles the result (its `wall.seconds` is 0: timing is the caller's, outside
 * the simulation). Running in slices for progress gives the same result as one `sim.run(until)`.
 */
export class Simulation {
  readonly scenario: Scenario;
  readonly policy: string;
  readonly seed: number;
  readonly sim: Simulator;
  readonly net: Network;
  readonly router: Router;
  readonly window: MeasurementWindow;
  private ran = false;

  constructor(private readonly parts: SimulationParts) {
    this.scenario = parts.scenario;
    this.policy = parts.policy;
    this.seed = parts.seed;
    this.sim = parts.sim;
    this.net = parts.net;
    this.router = parts.router;
    this.window = parts.window;
  }

  /** Simulated seconds the run covers: warmup, duration and drain. */
  get until(): number {
    return this.window.end + this.scenario.drain;
  }

  run(opts: RunOptions = {}): RunResult {
    if (this.ran) throw new Error('a Simulation runs once; build another for another run');
    this.ran = true;
    const until = this.until;
    const estimate = this.scenario.estimate as RunEstimate | undefined; // absent in a scenario made by hand
    const margins = typeof opts.watchdog === 'object' ? opts.watchdog : {};
    const dog = opts.watchdog !== false && estimate ? new Watchdog(estimate, opts.limits ?? {}, until, margins) : null;
    const runTo = (t: number) => {
      if (!dog) return void this.sim.run(t);
      while (this.sim.run(t, dog.next(this.sim.events)) === 'limit') dog.check(this.sim.events, this.sim.now);
    };
    if (opts.onProgress) {
      for (let i = 1; i <= PROGRESS_STEPS; i++) {
        runTo(i === PROGRESS_STEPS ? until : (until * i) / PROGRESS_STEPS);
        opts.onProgress(i / PROGRESS_STEPS);
      }
    } else runTo(until);
    const s = this.scenario;
    const result = buildResult({
      scenario: s.name,
      variant: s.variant,
      policy: this.policy,
      seed: this.seed,
      window: this.window,
      simulatedSeconds: this.sim.now,
      events: this.sim.events,
      fingerprint: this.sim.fingerprint,
      wallSeconds: 0,
      classes: s.classes.map((c) => c.name),
      sla: Object.fromEntries(s.classes.map((c) => [c.name, c.sla])),
      flows: this.parts.measured(),
      links: this.net.links.values(),
    });
    if (this.parts.timeseries !== null) result.timeseries = this.parts.timeseries.result(this.sim.now);
    for (const [name, entries] of this.parts.sections)
      result[name] = Object.fromEntries([...entries].map(([key, compute]) => [key, compute()]));
    return result;
  }
}
