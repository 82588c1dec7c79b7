import { describe, expect, it } from 'vitest';
import { RandomStreams, Simulator } from '../src/engine/index.js';
import { buildResult, FlowRecorder, type MeasurementWindow } from '../src/metrics/index.js';
import { ClassTable, Network, type ClassSpec, type Flow } from '../src/net/index.js';
import { Router, shortest, Topology } from '../src/routing/index.js';
import { createSource, type TrafficSpec } from '../src/traffic/index.js';

/**
 * The layers from TypeScript, through their entry points only (engine, net, routing, traffic,
 * metrics): build a network in code, route it, attach traffic and recorders, run, and assemble the
 * result.
 *
 *            r1                    h1-r1, r1-h2: 1 Gb/s, 1 ms (cost 1)
 *          /    \
 *        h1      h2
 *          \    /
 *            r2                    h1-r2, r2-h2: 100 Mb/s, 10 ms (cost 10)
 *
 * Voice (cbr, 200 B every 20 ms) and a bulk transfer (poisson) from h1 to h2; the link h1-r1
 * fails at 12 s, so the router moves both flows to the path over r2.
 */
describe('library API (end to end)', () => {
  it('builds, routes, runs and reports a small network', () => {
    const classes: ClassSpec[] = [
      { name: 'realtime', priority: 0, weight: 4, dscp: 46 },
      { name: 'bulk', priority: 1, weight: 1, dscp: 8 },
    ];
    const window: MeasurementWindow = { start: 0, end: 20 };
    const sim = new Simulator();
    const random = new RandomStreams(2026);
    const net = new Network(sim, new ClassTable(classes), random);
    for (const id of ['h1', 'r1', 'r2', 'h2']) net.addNode(id, id.startsWith('h') ? 'host' : 'router');
    const fast = { rate: 1e9, delay: 0.001, queue: { discipline: 'priority' as const, limit: { packets: 1000 } } };
    const slow = { rate: 100e6, delay: 0.01, queue: { discipline: 'priority' as const, limit: { packets: 1000 } } };
    net.addLink({ from: 'h1', to: 'r1', forward: fast, reverse: fast });
    net.addLink({ from: 'r1', to: 'h2', forward: fast, reverse: fast });
    net.addLink({ from: 'h1', to: 'r2', forward: slow, reverse: slow });
    net.addLink({ from: 'r2', to: 'h2', forward: slow, reverse: slow });
    const router = new Router(net, new Topology(net), shortest);

    const traffic: Array<{ id: string; cls: string; spec: TrafficSpec }> = [
      { id: 'voice', cls: 'realtime', spec: { model: 'cbr', interval: 0.02, size: 200 } },
      {
        id: 'backup',
        cls: 'bulk',
        spec: { model: 'poisson', rate: 2000, size: { dist: 'uniform', min: 500, max: 1500 } },
      },
    ];
    const flows: Array<{ flow: Flow; recorder: FlowRecorder }> = [];
    for (const t of traffic) {
      const flow = net.addFlow(t.id, net.classes.get(t.cls));
      const recorder = new FlowRecorder(window);
      flow.observer = recorder;
      router.add({ flow, from: 'h1', to: 'h2', via: [], classRouting: 'any' });
      createSource(t.spec, {
        net,
        flow,
        rng: random.stream(`flow:${t.id}`),
        start: window.start,
        stop: window.end,
      }).start();
      flows.push({ flow, recorder });
    }
    expect(flows.map((f) => f.flow.path)).toEqual([
      ['h1', 'r1', 'h2'],
      ['h1', 'r1', 'h2'],
    ]);

    sim.at(window.start, () => net.openCounters());
    sim.at(12, () => net.setLinkUp('h1-r1', false));
    sim.at(window.end, () => net.closeCounters());
    sim.run(window.end + 1);

    const result = buildResult({
      scenario: 'api',
      variant: null,
      policy: shortest.name,
      seed: random.seed,
      window,
      simulatedSeconds: sim.now,
      events: sim.events,
      fingerprint: sim.fingerprint,
      wallSeconds: 0,
      classes: classes.map((c) => c.name),
      sla: { realtime: { latency: 0.05, loss: 0.01 } },
      flows: flows.map(({ flow, recorder }) => ({
        id: flow.id,
        className: flow.cls.name,
        recorder,
        path: router.pathOf(flow),
      })),
      links: net.links.values(),
    });

    expect(result.format).toBe('netsim-result/1');
    expect(result.simulated.seconds).toBe(21);
    const voice = result.flows.voice;
    expect(voice.sent).toBe(1000); // every 20 ms for 20 s
    expect(voice.sent).toBe(voice.received + voice.lost + voice.inFlight);
    expect(voice.inFlight).toBe(0);
    // An idle fast path (first packet) and the slow path after the failure, exactly as computed:
    // serialization + propagation per hop; voice overtakes bulk (priority), so its minimum is the
    // idle-path latency on each path.
    const fastPath = (200 * 8) / 1e9 + 0.001 + (200 * 8) / 1e9 + 0.001;
    const slowPath = (200 * 8) / 100e6 + 0.01 + (200 * 8) / 100e6 + 0.01;
    const v = flows[0].recorder;
    // Up to the rounding of the absolute clock (created at k * 20 ms, up to 12 s on this path: ulps of 1e-15 s).
    expect(v.latency.min).toBeCloseTo(fastPath, 12);
    expect(v.latency.max).toBeGreaterThanOrEqual(slowPath);
    expect(voice.latencyMs.p99! / 1000).toBeLessThan(slowPath * 1.05);
    // The router moved both flows once; each reports the path it used longest (12 s over r1,
    // then 9 s over r2 until the run's end at 21 s).
    expect(router.reroutes(flows[0].flow)).toBe(1);
    expect(flows[0].flow.path).toEqual(['h1', 'r2', 'h2']);
    expect(voice.path).toEqual(['h1', 'r1', 'h2']);
    // Both paths carried traffic; the bulk flow got through (~12 Mb/s offered, no bottleneck).
    expect(result.links['h1-r1'].forward.packets).toBeGreaterThan(0);
    expect(result.links['h1-r2'].forward.packets).toBeGreaterThan(0);
    expect(result.flows.backup.throughputBps).toBeGreaterThan(10e6);
    expect(result.classes.realtime.sent).toBe(voice.sent);
    expect(result.sla.realtime.met).toBe(true);
  });
});
