import type { Simulator } from '../../engine/simulator.js';
import type { Network } from '../../net/index.js';
import { idMap } from '../id-map.js';
import { round } from '../stats.js';
import type { MeasurementWindow } from '../window.js';
import { ClassSeries } from './class-series.js';
import { WindowGrid } from './grid.js';
import { LinkSeries, type Direction, type LinkWindows } from './link-series.js';
import type { TimeseriesDef } from './spec.js';

/** One class's windows: the contract's four series, then the counts they come from (an extension). */
export interface ClassWindows {
  throughputBps: number[];
  latencyMeanMs: Array<number | null>;
  latencyP99Ms: Array<number | null>;
  lost: number[];
  received: number[];
  bytes: number[];
}

/** A failure of the scenario as it happened: the element, and whether it went down or came back. */
export interface TimeseriesEvent {
  t: number;
  link?: string;
  node?: string;
  up: boolean;
}

/** `timeseries` of a run result (SCENARIO-FORMAT.md, Time series; extensions in docs/scenario-format.md). */
export interface TimeseriesResult {
  window: number;
  t: number[];
  /** End of the measured window (s): traffic stops there; later windows are the drain (an extension). */
  end: number;
  classes: Record<string, ClassWindows>;
  links: Record<string, LinkWindows>;
  events: TimeseriesEvent[];
}

/** A failure as the scenario declares it (spec FailureDef). */
interface Failure {
  at: number;
  target: 'link' | 'node';
  id: string;
  for: number | null;
}

const ms = (seconds: number): number => round(seconds * 1000);

/**
 * Records a run's time series: per class, windows keyed by each packet's delivery or drop time (fed
 * by {@link SeriesTap}s chained on the flows' recorders), settled one window behind the clock by one
 * event per window boundary; per link direction, counters that keep each change in its window
 * (LinkSeries). Create it before the network counts anything (it replaces the followed directions'
 * counters).
 */
export class TimeseriesRecorder {
  readonly grid: WindowGrid;
  private readonly classes = new Map<string, ClassSeries>();
  private readonly links: LinkSeries;
  private sim: Simulator | null = null;

  constructor(
    private readonly def: TimeseriesDef,
    window: MeasurementWindow,
    until: number,
    net: Network,
    private readonly classOrder: readonly string[],
    private readonly failures: readonly Failure[],
  ) {
    this.grid = new WindowGrid(window.start, def.window, until, window.end);
    this.links = new LinkSeries(directionsOf(net, def), this.grid);
  }

  /** The windows of class `name`, which its measured flows feed. */
  seriesOf(name: string): ClassSeries {
    let s = this.classes.get(name);
    if (!s) this.classes.set(name, (s = new ClassSeries(this.grid)));
    return s;
  }

  /** Schedules the first boundary; each boundary schedules the next. */
  start(sim: Simulator): void {
    this.sim = sim;
    if (this.grid.count > 1) sim.at(this.grid.at(1), this.tick, 1);
  }

  private readonly tick = (k: number): void => {
    const sim = this.sim!;
    for (const s of this.classes.values()) s.settle(k - 1);
    if (k + 1 < this.grid.count) sim.at(this.grid.at(k + 1), this.tick, k + 1);
  };

  /** The series, once the run is over (`now`: the end of the run). */
  result(now: number): TimeseriesResult {
    const g = this.grid;
    const t = Array.from({ length: g.count }, (_, k) => round(g.at(k)));
    const classes = idMap<ClassWindows>();
    for (const name of this.classOrder) {
      const s = this.classes.get(name);
      if (!s) continue;
      s.settle(g.count);
      const out: ClassWindows = {
        throughputBps: [],
        latencyMeanMs: [],
        latencyP99Ms: [],
        lost: [],
        received: [],
        bytes: [],
      };
      for (let k = 0; k < g.count; k++) {
        const n = s.received[k];
        out.throughputBps.push(round((s.bytes[k] * 8) / g.length(k)));
        out.latencyMeanMs.push(n > 0 ? ms(s.latencySum[k] / n) : null);
        out.latencyP99Ms.push(n > 0 ? ms(s.p99[k]) : null);
        out.lost.push(s.lost[k]);
        out.received.push(n);
        out.bytes.push(s.bytes[k]);
      }
      classes[name] = out;
    }
    const end = round(g.measuredEnd);
    return { window: g.window, t, end, classes, links: this.linkWindows(), events: this.events(now) };
  }

  /** The named directions, then the busiest others (by busy time over the measured window), busiest first. */
  private linkWindows(): Record<string, LinkWindows> {
    const dirs = this.links.directions;
    const named = new Set(namedKeys(this.def));
    const chosen = dirs.map((d, i) => i).filter((i) => named.has(dirs[i].key));
    const others = dirs
      .map((d, i) => i)
      .filter((i) => !named.has(dirs[i].key) && this.links.busySeconds(i) > 0)
      .sort((a, b) => this.links.busySeconds(b) - this.links.busySeconds(a) || a - b)
      .slice(0, this.def.busiest);
    const out = idMap<LinkWindows>();
    for (const i of [...chosen, ...others]) out[dirs[i].key] = this.links.windows(i, round);
    return out;
  }

  private events(now: number): TimeseriesEvent[] {
    const out: TimeseriesEvent[] = [];
    for (const f of this.failures) {
      const what = f.target === 'link' ? { link: f.id } : { node: f.id };
      if (f.at <= now) out.push({ t: round(f.at), ...what, up: false });
      if (f.for !== null && f.at + f.for <= now) out.push({ t: round(f.at + f.for), ...what, up: true });
    }
    return out.sort((a, b) => a.t - b.t);
  }
}

/** Named link directions as keys: `wan` names both of its directions. */
function namedKeys(def: TimeseriesDef): string[] {
  return def.links.flatMap((l) => (/\/(forward|reverse)$/.test(l) ? [l] : [`${l}/forward`, `${l}/reverse`]));
}

/** The directions to follow: every link's when the busiest are asked for, else the named ones (ids checked earlier). */
function directionsOf(net: Network, def: TimeseriesDef): Direction[] {
  const named = new Set(namedKeys(def));
  const out: Direction[] = [];
  for (const link of net.links.values()) {
    for (const [side, channel] of [
      ['forward', link.forward],
      ['reverse', link.reverse],
    ] as const) {
      const key = `${link.id}/${side}`;
      if (def.busiest > 0 || named.has(key)) out.push({ key, channel });
    }
  }
  return out;
}
