import { RandomStreams, Simulator, exponential, constant, type Sampler } from '../../src/engine/index.js';
import {
  ClassTable,
  Network,
  type ClassSpec,
  type Flow,
  type NetworkModel,
  type QueueSpec,
} from '../../src/net/index.js';
import { FlowRecorder, buildResult, type MeasurementWindow, type RunResult } from '../../src/metrics/index.js';
import { CbrSource } from '../../src/traffic/cbr.js';
import { PoissonSource } from '../../src/traffic/poisson.js';

/** The four default classes of the contract. */
export const DEFAULT_CLASSES: ClassSpec[] = [
  { name: 'realtime', priority: 0, weight: 4, dscp: 46 },
  { name: 'interactive', priority: 1, weight: 3, dscp: 34 },
  { name: 'business', priority: 2, weight: 2, dscp: 18 },
  { name: 'bulk', priority: 3, weight: 1, dscp: 8 },
];

/** A tiny harness for tests that build a network in code: sim, net, recorders, result. */
export class Mini {
  readonly sim = new Simulator();
  readonly random: RandomStreams;
  readonly net: Network;
  readonly recorders = new Map<Flow, FlowRecorder>();

  constructor(
    readonly window: MeasurementWindow,
    seed = 1,
    classes: ClassSpec[] = DEFAULT_CLASSES,
    model: NetworkModel = {},
  ) {
    this.random = new RandomStreams(seed);
    this.net = new Network(this.sim, new ClassTable(classes), this.random, model);
  }

  /** A chain of nodes n0 - n1 - ... joined by identical links; returns the forward channels. */
  chain(hops: number, rate: number, delay: number, queue?: QueueSpec, loss = 0) {
    for (let i = 0; i <= hops; i++) this.net.addNode(`n${i}`);
    const links = [];
    for (let i = 0; i < hops; i++) {
      links.push(
        this.net.addLink({
          from: `n${i}`,
          to: `n${i + 1}`,
          forward: { rate, delay, queue, loss },
          reverse: { rate, delay, queue },
        }),
      );
    }
    return links;
  }

  flow(
    id: string,
    cls: string,
    route = this.net.links.size > 0 ? [...this.net.links.values()].map((l) => l.forward) : [],
  ): Flow {
    const flow = this.net.addFlow(id, this.net.classes.get(cls));
    flow.route = route;
    const rec = new FlowRecorder(this.window);
    flow.observer = rec;
    this.recorders.set(flow, rec);
    return flow;
  }

  poisson(flow: Flow, rate: number, size: Sampler | number): void {
    const rng = this.random.stream(`flow:${flow.id}`);
    const s = typeof size === 'number' ? constant(size) : size;
    new PoissonSource({ net: this.net, flow, rng, start: 0, stop: this.window.end }, rate, s).start();
  }

  poissonExpSize(flow: Flow, rate: number, meanSize: number): void {
    const sizeRng = this.random.stream(`size:${flow.id}`);
    this.poisson(flow, rate, exponential(sizeRng, meanSize));
  }

  cbr(flow: Flow, interval: number, size: number, start = 0): void {
    const rng = this.random.stream(`flow:${flow.id}`);
    new CbrSource({ net: this.net, flow, rng, start, stop: this.window.end }, interval, constant(size)).start();
  }

  /**
   * Runs through the window plus `drain`, with counters gated to the window; `fuse` declares the
   * network fixed first (Network.fuse), as scenario runs without failures do.
   */
  run(drain = 10, fuse = false): RunResult {
    if (fuse) this.net.fuse(this.window, this.window.end + drain);
    this.sim.at(this.window.start, () => this.net.openCounters());
    this.sim.at(this.window.end, () => this.net.closeCounters());
    this.sim.run(this.window.end + drain);
    return buildResult({
      scenario: 'mini',
      variant: null,
      policy: 'static',
      seed: this.random.seed,
      window: this.window,
      simulatedSeconds: this.sim.now,
      events: this.sim.events,
      fingerprint: this.sim.fingerprint,
      wallSeconds: 0,
      classes: this.net.classes.list.map((c) => c.name),
      sla: {},
      flows: [...this.recorders].map(([f, r]) => ({ id: f.id, className: f.cls.name, recorder: r, path: f.path })),
      links: this.net.links.values(),
    });
  }
}
