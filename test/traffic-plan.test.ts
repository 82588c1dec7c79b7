import { describe, expect, it } from 'vitest';
import { planFlow, createSource, type FlowPlan } from '../src/traffic/index.js';
import type { Flow } from '../src/net/index.js';
import { Mini } from './helpers/mini.js';
import { Arrivals } from './helpers/traffic.js';

describe('planFlow: declared flows become directed flows and sources', () => {
  it('a one-way model is one flow and one source on the stream named after it', () => {
    const plan = planFlow({
      id: 'call',
      from: 'a',
      to: 'b',
      via: ['g'],
      traffic: { model: 'cbr', interval: 0.02, size: 200 },
    });
    expect(plan).toEqual({
      flows: [{ id: 'call', from: 'a', to: 'b', via: ['g'], pooled: true }],
      sources: [{ flow: 'call', spec: { model: 'cbr', interval: 0.02, size: 200 }, stream: 'flow:call' }],
    });
  });

  it('twoWay adds <id>~back, to -> from with the waypoints reversed, with its own source and stream', () => {
    const traffic = { model: 'video', rate: 1e6 } as const;
    const plan = planFlow({ id: 'call', from: 'a', to: 'b', via: ['g1', 'g2'], twoWay: true, traffic });
    expect(plan.flows).toEqual([
      { id: 'call', from: 'a', to: 'b', via: ['g1', 'g2'], pooled: true },
      { id: 'call~back', from: 'b', to: 'a', via: ['g2', 'g1'], pooled: true },
    ]);
    expect(plan.sources).toEqual([
      { flow: 'call', spec: traffic, stream: 'flow:call' },
      { flow: 'call~back', spec: traffic, stream: 'flow:call~back' },
    ]);
  });

  it('request-response and elastic answer on <id>~back; ACKs stay out of the class figures', () => {
    const rr = planFlow({
      id: 'vdi',
      from: 'u',
      to: 's',
      traffic: { model: 'request-response', request: 200, response: 20000, think: 1 },
    });
    expect(rr.flows.map((f) => [f.id, f.from, f.to, f.pooled])).toEqual([
      ['vdi', 'u', 's', true],
      ['vdi~back', 's', 'u', true],
    ]);
    expect(rr.sources).toEqual([expect.objectContaining({ flow: 'vdi', reverse: 'vdi~back', stream: 'flow:vdi' })]);
    const el = planFlow({ id: 'backup', from: 'u', to: 's', traffic: { model: 'elastic', bytes: 1e9 } });
    expect(el.flows.map((f) => [f.id, f.pooled])).toEqual([
      ['backup', true],
      ['backup~back', false],
    ]);
    expect(el.sources[0].reverse).toBe('backup~back');
  });

  it('twoWay on a model that already answers is an error naming the flow', () => {
    expect(() => planFlow({ id: 'b', from: 'u', to: 's', twoWay: true, traffic: { model: 'elastic' } })).toThrow(
      "flow 'b': twoWay does not apply to elastic, which already answers on 'b~back'",
    );
  });

  it('built in code, a two-way poisson call sends independently in both directions, each measured', () => {
    //   a --10 Mbps, 5 ms-- b
    const m = new Mini({ start: 0, end: 60 }, 9);
    const [link] = m.chain(1, 10e6, 0.005);
    const plan: FlowPlan = planFlow({
      id: 'call',
      from: 'n0',
      to: 'n1',
      twoWay: true,
      traffic: { model: 'poisson', rate: 50, size: 200 },
    });
    const flows = new Map<string, Flow>();
    const arrivals = new Map<string, Arrivals>();
    for (const p of plan.flows) {
      const f = m.flow(p.id, 'realtime', p.from === 'n0' ? [link.forward] : [link.reverse]);
      const rx = new Arrivals(m.net);
      f.receiver = rx;
      flows.set(p.id, f);
      arrivals.set(p.id, rx);
    }
    for (const s of plan.sources) {
      createSource(s.spec, {
        net: m.net,
        flow: flows.get(s.flow)!,
        rng: m.random.stream(s.stream),
        start: 0,
        stop: 60,
      }).start();
    }
    const r = m.run();
    const there = arrivals.get('call')!.created;
    const back = arrivals.get('call~back')!.created;
    expect(r.flows.call.received).toBe(there.length);
    expect(r.flows['call~back'].received).toBe(back.length);
    for (const n of [there.length, back.length]) expect(Math.abs(n - 3000) / Math.sqrt(3000)).toBeLessThan(3.29);
    expect(there.slice(0, 20)).not.toEqual(back.slice(0, 20));
    // Each direction has its own channel: no waiting behind the other side's packets, ever.
    const idleMs = (0.005 + 200 * (8 / 10e6)) * 1000;
    expect(r.flows['call~back'].latencyMs.p50).toBeCloseTo(r.flows.call.latencyMs.p50!, 9);
    expect(r.flows.call.latencyMs.p50! / idleMs).toBeGreaterThan(0.995);
  });
});
