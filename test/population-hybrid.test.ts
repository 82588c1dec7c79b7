/**
 * Hybrid populations (`fidelity: { packetUsers }`, issue 13 direction 3): the schema's errors, the
 * result's `fidelity` section, and a hybrid run against the full packet-level run of the same
 * scenario. The reference is the full run itself (no closed form covers a population's mix).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { constant } from '../src/engine/distributions.js';
import { RandomStreams } from '../src/engine/random.js';
import { Simulator } from '../src/engine/simulator.js';
import { BackgroundTraffic } from '../src/net/background.js';
import type { Channel, Flow, Network } from '../src/net/index.js';
import { PoissonWork, type WorkSource } from '../src/net/work.js';
import { ScenarioError, buildSimulation, parseScenario } from '../src/scenario/index.js';
import { sampleFigures, type SampleRun } from '../bench/sample-figures.js';
import { tempFile } from './helpers/scenario.js';

function scenario(users: number, packetUsers: number | null, extra = '', duration = '2s'): string {
  return `name: hybrid
seed: 1
warmup: 2s
duration: ${duration}
drain: 1s
nodes:
  - id: city
    kind: population
    users: ${users}
    profile: cable
    location: seattle
${packetUsers === null ? '' : `    fidelity: { packetUsers: ${packetUsers} }\n`}${extra}    apps:
      - { app: web, to: web-server }
      - { app: teams-audio, share: 10%, to: relay }
  - { id: msnet, kind: microsoft-network, regions: [westus2] }
  - { id: app-vnet, kind: vnet, region: westus2, servers: [web-server] }
  - { id: relay, kind: site, location: seattle }
links:
  - { id: relay-edge, from: relay, to: pop-seattle, rate: 100Gbps, delay: 0.1ms }
flows: []
`;
}

function problems(text: string): string[] {
  try {
    parseScenario(text, 'test.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('population fidelity: errors', () => {
  it('names the key path of packetUsers above users, not an integer, or below 1', () => {
    expect(problems(scenario(10, 11))).toEqual([
      'nodes[0].fidelity.packetUsers: packetUsers (11) must be at most users (10)',
    ]);
    expect(problems(scenario(10, 2.5))[0]).toMatch(/^nodes\[0\]\.fidelity\.packetUsers: .*integer/);
    expect(problems(scenario(10, 0))[0]).toMatch(/^nodes\[0\]\.fidelity\.packetUsers: /);
    expect(problems(scenario(10, 5).replace('packetUsers: 5', 'packetUser: 5'))).toContain(
      'nodes[0].fidelity.packetUsers: missing: a number is required',
    );
  });

  it('refuses what a hybrid population cannot carry as load, at fidelity.packetUsers', () => {
    const elastic = scenario(10, 5).replace(
      '      - { app: web, to: web-server }\n',
      '      - { app: web, to: web-server }\n      - { app: storage-replication, to: web-server }\n',
    );
    expect(problems(elastic)).toContain(
      'nodes[0].fidelity.packetUsers: app storage-replication: its data component is elastic (TCP) and has no ' +
        'mean rate to carry as load',
    );
    // One audio user of 10, not among the first 5: it has no packet user's route to follow.
    expect(problems(scenario(10, 5))).toEqual([
      'nodes[0].fidelity.packetUsers: no packet user at city runs app teams-audio, so its 1 other users there ' +
        'have no route to follow: raise packetUsers',
    ]);
  });
});

describe('population fidelity: results', () => {
  it('states who was simulated how, and the packet users behind each app', () => {
    const r = buildSimulation(parseScenario(scenario(300, 60, '', '1s'), 't.yaml')).run() as unknown as {
      fidelity: Record<string, unknown>;
      apps: Record<string, Record<string, { count: number; sampled: number }>>;
      flows: Record<string, unknown>;
    };
    expect(r.fidelity.city).toMatchObject({ users: 300, packetUsers: 60, fluidUsers: 240 });
    expect(r.apps.city.web).toMatchObject({ count: 300, sampled: 60 });
    expect(r.apps.city['teams-audio'].count).toBe(30);
    expect(r.apps.city['teams-audio'].sampled).toBeGreaterThan(0);
    expect(Object.keys(r.flows).some((id) => id.startsWith('city-61.'))).toBe(false);
    expect(Object.keys(r.flows).some((id) => id.startsWith('city-60.'))).toBe(true);
  });

  it('without fidelity, every user is packets and there is no fidelity section', () => {
    const r = buildSimulation(parseScenario(scenario(20, null, '', '1s'), 't.yaml')).run() as unknown as Record<
      string,
      unknown
    >;
    expect(r.fidelity).toBeUndefined();
  });
});

type Run = SampleRun & { links: Record<string, Record<string, { utilization: number }>> };

describe('population fidelity: hybrid against the full packet run', () => {
  // 2,000 users, 200 by packets, 6 measured seconds after a 2 s warm-up (the first exchanges of
  // every user fall in the first second). The same 200 users, flows and streams exist in both runs,
  // so their figures differ only by how the other 1,800 users load the shared links: that is what
  // this compares, free of the sampling noise between a sample and the whole population.
  // Tolerances are the issue's: latency percentiles within 5%, link utilization within 2 points.
  // The percentiles are the sampled users' per-flow percentiles averaged per class (the runs hold no
  // per-packet record to pool them): the same users in both runs, so no sampling error between them.
  // A segment the users load (about 20% of 1 Gb/s down, 11% of 200 Mb/s up, over 10% background):
  // without the fluid users' load its utilization would be some 18 points lower and the test fail.
  const busy = '    peakLoad: 10%\n    segment: { up: 200Mbps, down: 1Gbps }\n';
  it('gives the packet users the same latency and loss, and the shared links the same utilization', () => {
    const run = (k: number | null) =>
      buildSimulation(parseScenario(scenario(2000, k, busy, '6s'), 't.yaml')).run() as unknown as Run;
    const full = run(null);
    const hybrid = run(200);
    const a = sampleFigures(full, 200);
    const b = sampleFigures(hybrid, 200);
    expect(Object.keys(b).sort()).toEqual(['business', 'realtime']);
    for (const cls of Object.keys(b)) {
      for (const q of ['p50', 'p95', 'p99'])
        expect(Math.abs(b[cls][q] / a[cls][q] - 1), `${cls} ${q}`).toBeLessThan(0.05);
      // Nothing is lost here in the full run: the fluid load must not create loss either. Loss agreement
      // where there is loss (0.28% against 0.28% at 10,000 users) is measured in bench/hybrid.ts.
      expect([a[cls].loss, b[cls].loss], cls).toEqual([0, 0]);
    }
    for (const dir of ['forward', 'reverse']) {
      const u = (r: Run) => r.links['segment:city'][dir].utilization;
      expect(Math.abs(u(hybrid) - u(full)), dir).toBeLessThan(0.02);
    }
  });
});

describe('population fidelity: the users start', () => {
  // Every request-response user sends its first request as it starts, all within the start spread (1 s): with no
  // warm-up the window holds that burst, about five times the steady rate (think time 5 s). 2,000 users' first
  // pages are about 1 Gb of responses in that second, 9.6% of the 10 Gb/s segment (half busy with background),
  // against 1.9% at the steady rate. Measured: full run 60.9% down, hybrid 60.7%; carried at the steady rate
  // alone (before the burst was modelled), 51.9%. Tolerance: the issue's 2 points of utilization.
  it('the fluid users make the burst of first exchanges the full run makes', () => {
    const run = (k: number | null) =>
      buildSimulation(
        parseScenario(scenario(2000, k, '', '1s').replace('warmup: 2s', 'warmup: 0s'), 't.yaml'),
      ).run() as unknown as Run;
    const full = run(null);
    const hybrid = run(200);
    const down = (r: Run) => r.links['segment:city'].reverse.utilization;
    expect(Math.abs(down(hybrid) - down(full))).toBeLessThan(0.02);
  });
});

describe('population fidelity: from a scenario file (the CLI, needs dist/)', () => {
  const netsim = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/netsim.js', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NETSIM_DEBUG: '' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('runs a hybrid population and reports its fidelity; a bad packetUsers exits 2 at its key path', () => {
    const ok = netsim('run', tempFile(scenario(200, 40, '', '1s')), '--json');
    expect(ok.stderr).not.toMatch(/\n\s+at /);
    expect(ok.code).toBe(0);
    const r = JSON.parse(ok.stdout);
    expect(r.fidelity.city).toMatchObject({ users: 200, packetUsers: 40, fluidUsers: 160 });
    expect(r.apps.city.web).toMatchObject({ count: 200, sampled: 40 });
    const bad = netsim('validate', tempFile(scenario(200, 201)));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/:\d+: nodes\[0\]\.fidelity\.packetUsers: packetUsers \(201\) must be at most users/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

/**
 * The next arrival of `w`, taken as FifoChannel.takeWork takes it: from the batch's arrays at `at`,
 * drawing the next batch when `at` reaches `end`.
 */
function take(w: WorkSource): { time: number; size: number } {
  const i = w.at;
  const arrival = { time: w.times[i], size: w.sizes[i] };
  if (++w.at === w.end) w.refill();
  return arrival;
}

describe('PoissonWork: joined sources (superposition)', () => {
  // Three Poisson sources told apart by their constant sizes, joined into one: the superposition is
  // Poisson at the summed rate and each arrival is of source k with probability rate_k / total,
  // independently; a source that stops is thinned out from then on. Checked against those laws:
  // counts within 4 standard deviations of their Poisson means, gaps of the joined stream with the
  // exponential's mean and coefficient of variation 1 (within 3%: 20,000 gaps give about 0.7%).
  it('gives each source its rate, exponential gaps, and thins out a stopped source', () => {
    const streams = new RandomStreams(7);
    const make = (name: string, rate: number, size: number) =>
      new PoissonWork(rate, constant(size), streams.stream(name), 0);
    const [a, b, c] = [make('a', 1000, 100), make('b', 300, 200), make('c', 50, 300)];
    a.join(b, 0);
    a.join(c, 0);
    b.stop(0.5);
    const T = 20;
    const count = new Map<number, number>();
    const gaps: number[] = [];
    let last = 0;
    let lateB = 0;
    let backwards = 0;
    while (a.times[a.at] < T) {
      const { time, size } = take(a);
      count.set(size, (count.get(size) ?? 0) + 1);
      if (size === 200 && time >= 0.5) lateB++;
      if (last >= 0.5) gaps.push(time - last);
      if (!(time > last)) backwards++;
      last = time;
    }
    const near = (got: number | undefined, mean: number) =>
      expect(Math.abs(got! - mean)).toBeLessThan(4 * Math.sqrt(mean));
    near(count.get(100), 1000 * T);
    near(count.get(200), 300 * 0.5);
    near(count.get(300), 50 * T);
    expect([lateB, backwards]).toEqual([0, 0]);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
    expect(Math.abs(mean * 1050 - 1)).toBeLessThan(0.03);
    expect(Math.abs(sd / mean - 1)).toBeLessThan(0.03);
    // Every source stopped: no arrival any more.
    a.stop(T);
    c.stop(T);
    expect(a.times[a.at]).toBe(Infinity);
  });

  // A hybrid population's first exchanges run from the users' start for a second, their steady load from half a
  // second on (population-fluid.ts): joined on one channel, each source must start when it says, whichever is
  // joined into which. Poisson counts within 4 standard deviations of their means, as above.
  it('thins out a joined source before its start, whether it joins or is joined into', () => {
    const streams = new RandomStreams(11);
    const late = new PoissonWork(2000, constant(100), streams.stream('late'), 0.5);
    const early = new PoissonWork(1000, constant(200), streams.stream('early'), 0);
    const burst = new PoissonWork(4000, constant(300), streams.stream('burst'), 0);
    late.join(early, 0);
    late.join(burst, 0);
    burst.stop(1);
    const first = new Map<number, number>();
    const count = new Map<number, number>();
    let backwards = 0;
    let last = 0;
    while (late.times[late.at] < 10) {
      const { time, size } = take(late);
      if (!first.has(size)) first.set(size, time);
      count.set(size, (count.get(size) ?? 0) + 1);
      if (!(time > last)) backwards++;
      last = time;
    }
    expect(first.get(100)).toBeGreaterThanOrEqual(0.5);
    expect(first.get(200)).toBeLessThan(0.01);
    expect(first.get(300)).toBeLessThan(0.01);
    const near = (got: number | undefined, mean: number) =>
      expect(Math.abs(got! - mean)).toBeLessThan(4 * Math.sqrt(mean));
    near(count.get(100), 2000 * 9.5);
    near(count.get(200), 1000 * 10);
    near(count.get(300), 4000 * 1);
    expect(backwards).toBe(0);
  });

  it("alone, keeps the packet-level background's streams: the arrivals BackgroundTraffic sends", () => {
    const streams = new RandomStreams(3);
    const w = new PoissonWork(500, constant(100), streams.stream('s'), 1);
    // BackgroundTraffic itself, on the same stream, started at 1 s: 50% of 800 kbps in 100-byte packets is 500
    // packets/s. On a channel that is not FIFO it sends a packet per arrival: the channel notes when.
    const sim = new Simulator();
    const sent: number[] = [];
    const channel = { spec: { rate: 800e3 }, send: () => sent.push(sim.now) } as unknown as Channel;
    const net = { sim, packet: () => null } as unknown as Network;
    const packetLevel = new BackgroundTraffic(net, channel, {} as Flow, 0.5, constant(100), streams.stream('s'));
    sim.at(1, () => packetLevel.start());
    sim.run(1.5);
    expect(sent.length).toBeGreaterThan(200); // about 250 in half a second
    for (const t of sent) {
      expect(take(w)).toEqual({ time: t, size: 100 });
    }
  });
});
