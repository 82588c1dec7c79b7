import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runScenario } from '../src/experiment/run.js';
import {
  buildSimulation,
  jsonSchema,
  parseScenario,
  Registry,
  ScenarioError,
  withSeed,
  type Scenario,
} from '../src/scenario/index.js';
import { vpnConcentrator } from '../src/catalog/kinds/vpn.js';
import { BUILTINS_FOR_CHECKING } from '../src/scenario/registry-base.js';
import { defineKind } from '../src/spec/kind.js';
import { id } from '../src/spec/unit-schemas.js';
import { baseScenario } from './helpers/scenario.js';

const load = (s: object): Scenario => parseScenario(JSON.stringify(s), 'test.json');
const run = (s: object, opts = {}) => buildSimulation(load(s), opts).run();

/*
 *   a ---- r ---- b      10 Mbps, 1 ms each way; cbr 100 B every 10 ms from a to b
 */
describe('building a scenario', () => {
  it('an idle path: latency is serialization plus propagation, exactly; counts follow the window', () => {
    const r = run(baseScenario());
    const f = r.flows.f;
    const expected = 2 * ((100 * 8) / 10e6) + 2 * 0.001; // two hops: serialization + propagation
    expect(f.latencyMs.mean).toBeCloseTo(expected * 1000, 9);
    expect(f.latencyMs.max).toBeCloseTo(expected * 1000, 9);
    expect(f.sent).toBe(1000); // created in [1s, 11s): 100 per second for 10 s
    expect(f.received).toBe(1000);
    expect(f.path).toEqual(['a', 'r', 'b']);
    expect(f.reroutes).toBe(0);
    expect(f.class).toBe('business');
    expect(r.simulated.seconds).toBe(12); // warmup 1 + duration 10 + drain 1
    expect(Object.keys(r.classes)).toEqual(['realtime', 'interactive', 'business', 'bulk']);
    expect(r.links.ar.forward.packets).toBe(1000);
    expect(r.links.ar.reverse.packets).toBe(0);
    expect(r.links.ar.forward.utilization).toBeCloseTo((1000 * 100 * 8) / 10e6 / 10, 9);
  });

  it('uses each direction of a link at its own rate and delay', () => {
    const s = baseScenario();
    s.links[1] = {
      id: 'rb',
      from: 'r',
      to: 'b',
      rate: { forward: '10Mbps', reverse: '1Mbps' },
      delay: { forward: '1ms', reverse: '5ms' },
    };
    s.flows.push({ id: 'back', from: 'b', to: 'a', traffic: { model: 'cbr', interval: '10ms', size: '100B' } });
    const r = run(s);
    const back = 800 / 1e6 + 0.005 + 800 / 10e6 + 0.001; // b->r at 1 Mbps, 5 ms; r->a at 10 Mbps, 1 ms
    expect(r.flows.back.latencyMs.max).toBeCloseTo(back * 1000, 9);
    expect(r.flows.back.path).toEqual(['b', 'r', 'a']);
  });

  /*
   *   a -- r -- b         1 ms links
   *    \       /
   *     +- s -+           10 ms links
   */
  const diamond = () => {
    const s = baseScenario();
    s.nodes.push({ id: 's' });
    s.links.push(
      { id: 'as', from: 'a', to: 's', rate: '10Mbps', delay: '10ms' },
      { id: 'sb', from: 's', to: 'b', rate: '10Mbps', delay: '10ms' },
    );
    return s;
  };

  it('routes on propagation delay by default; `cost` overrides it in both directions', () => {
    expect(run(diamond()).flows.f.path).toEqual(['a', 'r', 'b']);
    const s = diamond();
    s.links[0].cost = 100;
    s.flows.push({ id: 'back', from: 'b', to: 'a', traffic: { model: 'cbr', interval: '10ms', size: '100B' } });
    const r = run(s);
    expect(r.flows.f.path).toEqual(['a', 's', 'b']);
    expect(r.flows.back.path).toEqual(['b', 's', 'a']);
  });

  it('honours waypoints', () => {
    const s = diamond();
    s.flows[0].via = ['s'];
    expect(run(s).flows.f.path).toEqual(['a', 's', 'b']);
  });

  it('a link failure drops exactly the packets sent while it is down, then the flow comes back', () => {
    const s = baseScenario();
    s.failures = [{ at: '5s', link: 'rb', for: '2s' }];
    const f = run(s).flows.f;
    expect(f.lost).toBe(200); // created at 5.00 .. 6.99 s: no route while the only path is down
    expect(f.drops).toEqual({ 'no-route': 200 });
    expect(f.received).toBe(800);
    expect(f.reroutes).toBe(2);
    expect(f.sent).toBe(f.received + f.lost + f.inFlight);
  });

  it('a failure with an alternative path reroutes instead of dropping', () => {
    const s = diamond();
    s.failures = [{ at: '5s', node: 'r' }];
    const f = run(s).flows.f;
    expect(f.lost).toBe(0);
    expect(f.reroutes).toBe(1);
    expect(f.path).toEqual(['a', 's', 'b']); // used longest: 6 s of 10
  });

  it('background load occupies the link without appearing among the flows or classes', () => {
    const s = baseScenario();
    s.links[1].background = { load: '50%' };
    const r = run(s);
    const util = r.links.rb.forward.utilization;
    // ~8,300 background packets per direction in 10 s: the Poisson count's relative sd is ~1.1%, so 5% is generous.
    expect(util).toBeGreaterThan(0.5 * 0.95 + 0.008);
    expect(util).toBeLessThan(0.5 * 1.05 + 0.008);
    expect(r.links.rb.reverse.utilization).toBeGreaterThan(0.45);
    expect(Object.keys(r.flows)).toEqual(['f']);
    expect(r.classes.business.sent).toBe(1000);
    expect(r.flows.f.latencyMs.max!).toBeGreaterThan(r.flows.f.latencyMs.p50!); // it had to queue sometimes
  });

  it('two-way flows run both directions with their own streams', () => {
    const s = baseScenario();
    s.flows[0].twoWay = true;
    s.flows[0].traffic = { model: 'poisson', rate: '100pps', size: '100B' };
    const r = run(s);
    expect(Object.keys(r.flows)).toEqual(['f', 'f~back']);
    expect(r.flows['f~back'].path).toEqual(['b', 'r', 'a']);
    expect(r.flows['f~back'].sent).not.toBe(r.flows.f.sent);
    expect(r.classes.business.sent).toBe(r.flows.f.sent + r.flows['f~back'].sent);
  });

  it('judges SLA targets per class', () => {
    const s = baseScenario();
    s.classes = { business: { sla: { latency: '1ms', jitter: '1ms', loss: '1%' } } };
    const r = run(s);
    expect(r.sla).toEqual({ business: { latency: false, jitter: true, loss: true, met: false } });
  });

  it('--policy replaces the policy of every class; the result names it', () => {
    const s = baseScenario();
    s.routing = { policy: 'shortest', classes: { bulk: 'class-aware' } };
    const own = buildSimulation(load(s));
    expect(own.router.policyFor('bulk').name).toBe('class-aware');
    const forced = buildSimulation(withSeed(load(s), 9), { policy: 'ecmp' });
    expect(forced.router.policyFor('bulk').name).toBe('ecmp');
    expect(forced.router.policyFor('business').name).toBe('ecmp');
    const r = forced.run();
    expect([r.policy, r.seed]).toEqual(['ecmp', 9]);
    expect(() => buildSimulation(load(s), { policy: 'nope' })).toThrow(ScenarioError);
  });

  it('keeps sent = received + lost + inFlight for flows and classes under loss and congestion', () => {
    const s = baseScenario();
    s.links[1] = { id: 'rb', from: 'r', to: 'b', rate: '1Mbps', delay: '30ms', loss: '2%', queue: { limit: 10 } };
    s.flows.push({
      id: 'g',
      from: 'a',
      to: 'b',
      class: 'bulk',
      traffic: { model: 'poisson', rate: '1.2Mbps', size: { dist: 'exponential', mean: '500B' } },
    });
    const r = run(s);
    for (const st of [...Object.values(r.flows), ...Object.values(r.classes)])
      expect(st.sent).toBe(st.received + st.lost + st.inFlight);
    expect(r.flows.g.drops.queue).toBeGreaterThan(0);
    expect(r.flows.g.drops.wire).toBeGreaterThan(0);
  });

  it('reports progress in increasing fractions up to 1, with the same result as a plain run', () => {
    const fractions: number[] = [];
    const a = buildSimulation(load(baseScenario())).run({ onProgress: (f) => fractions.push(f) });
    const b = buildSimulation(load(baseScenario())).run();
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f > fractions[i - 1])).toBe(true);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('runScenario measures wall time, the only part that differs between identical runs', () => {
    const s = load(baseScenario());
    const a = runScenario(s, { variant: null });
    const b = runScenario(s, { variant: null });
    expect(a.wall.seconds).toBeGreaterThanOrEqual(0);
    expect({ ...a, wall: null }).toEqual({ ...b, wall: null });
    expect(a.format).toBe('netsim-result/1');
  });
});

describe('node kinds are pluggable', () => {
  // A toy kind: `{ id, kind: twin, rate }` expands into two routers joined by a link, and reports a section.
  const twin = defineKind({
    kind: 'twin',
    description: 'two routers <id>-1 and <id>-2 joined by a link (a test kind)',
    schema: z.strictObject({ id: id('a node id'), kind: z.literal('twin'), rate: z.number().positive() }),
    expand(node, ctx) {
      ctx.addNode({ id: `${node.id}-1`, kind: 'twin' });
      ctx.addNode({ id: `${node.id}-2`, kind: 'router' });
      if (node.rate > 1e9) ctx.problem('at most 1 Gbps for a twin', ['rate']);
      ctx.addLink({
        id: `${node.id}-inner`,
        from: `${node.id}-1`,
        to: `${node.id}-2`,
        forward: { rate: node.rate, delay: 0 },
        reverse: { rate: node.rate, delay: 0 },
        loss: 0,
        queue: { discipline: 'fifo', limit: { packets: 100 } },
        background: null,
        cost: null,
      });
    },
    build(node, ctx) {
      ctx.addResult('twins', node.id, () => ctx.net.link(`${node.id}-inner`).forward.counters.packets);
    },
  });
  const registry = Registry.builtins.with({ kinds: [twin] });
  const loadWith = (s: object): Scenario => parseScenario(JSON.stringify(s), 'test.json', { registry });

  const withTwin = (rate: number) => {
    const s = baseScenario();
    s.nodes.push({ id: 't', kind: 'twin', rate });
    s.links.push({ id: 'bt', from: 'b', to: 't-1', rate: '10Mbps' });
    s.flows.push({ id: 'g', from: 'a', to: 't-2', traffic: { model: 'cbr', interval: '100ms', size: '100B' } });
    return s;
  };

  it('a kind in a registry validates, expands, builds and adds its result section', () => {
    const r = buildSimulation(loadWith(withTwin(1e6)), { registry }).run();
    expect(r.flows.g.path).toEqual(['a', 'r', 'b', 't-1', 't-2']);
    expect(r.twins).toEqual({ t: 100 });
  });

  it("finds build steps through the registry: a kind's own, else the registry's resolver (the catalog's)", () => {
    // A copy keeps its class and its resolver: the catalog's kinds still build in a registry with plugins.
    expect(registry).toBeInstanceOf(Registry);
    expect(registry.buildStep(vpnConcentrator)).toBeTypeOf('function');
    expect(registry.buildStep(twin)).toBeTypeOf('function');
    // The resolver is keyed by the kind object: another kind under a catalog kind's name builds with its own
    // step, or not at all.
    const impostor = defineKind({ ...twin, kind: vpnConcentrator.kind, build: undefined });
    expect(Registry.builtins.with({ kinds: [impostor] }).buildStep(impostor)).toBeUndefined();
    // The built-ins made for checking files carry no build steps (so `validate` loads none): building refuses.
    expect(() => BUILTINS_FOR_CHECKING.buildStep(vpnConcentrator)).toThrow(/made for checking files/);
  });

  it('is unknown to the registries that do not list it', () => {
    expect(() => load(withTwin(1e6))).toThrow(/nodes\[3\]\.kind: unknown kind "twin"/);
    expect(() => buildSimulation(loadWith(withTwin(1e6)))).toThrow(/kind 'twin' is not in the registry/);
  });

  it("a kind's own problems name the node's keys; its schema rejects unknown keys", () => {
    expect(() => loadWith(withTwin(5e9))).toThrow(/nodes\[3\]\.rate: at most 1 Gbps/);
    const s = withTwin(1e6);
    s.nodes[3].colour = 'red';
    expect(() => loadWith(s)).toThrow(/nodes\[3\]\.colour: unknown key/);
  });

  it('the JSON Schema lists it beside the built-in kinds, models and keys', () => {
    const text = JSON.stringify(jsonSchema(registry));
    for (const word of [
      '"twin"',
      '"router"',
      '"host"',
      '"cbr"',
      '"elastic"',
      '"exponential"',
      '"background"',
      '"variants"',
    ])
      expect(text).toContain(word);
    expect(JSON.stringify(jsonSchema(Registry.builtins))).not.toContain('"twin"');
  });
});
