import { describe, expect, it } from 'vitest';
import type { TrafficSpec } from '../src/traffic/index.js';
import { Mini } from './helpers/mini.js';
import { attach, backRoute } from './helpers/traffic.js';

type RR = Extract<TrafficSpec, { model: 'request-response' }>;

/**
 *   client n0 --a-- n1 --b-- n2 server      requests forward, responses back
 */
function session(
  spec: Omit<RR, 'model'>,
  o: { rates: [number, number]; delays: [number, number]; loss?: number; end?: number },
) {
  const end = o.end ?? 20;
  const m = new Mini({ start: 0, end });
  for (const id of ['n0', 'n1', 'n2']) m.net.addNode(id);
  const queue = { discipline: 'fifo' as const, limit: {} };
  const links = [0, 1].map((i) =>
    m.net.addLink({
      from: `n${i}`,
      to: `n${i + 1}`,
      forward: { rate: o.rates[i], delay: o.delays[i], queue, loss: o.loss },
      reverse: { rate: o.rates[i], delay: o.delays[i], queue, loss: o.loss },
    }),
  );
  const req = m.flow(
    'rdp',
    'interactive',
    links.map((l) => l.forward),
  );
  const resp = m.flow('rdp~back', 'interactive', backRoute(links));
  const src = attach(m, { model: 'request-response', ...spec }, req, resp);
  const r = m.run(20);
  return {
    r,
    results: src.results!() as { responses: number; timeouts: number; responseTimeMs: Record<string, number | null> },
  };
}

describe('request-response', () => {
  it('on an idle path the response time is both one-way delays plus serialization, exactly', () => {
    const rates: [number, number] = [10e6, 2e6];
    const delays: [number, number] = [0.004, 0.011];
    const { results, r } = session({ request: 300, response: 1200, think: 1 }, { rates, delays });
    const oneWay = (size: number) => size * (8 / rates[0]) + delays[0] + size * (8 / rates[1]) + delays[1];
    const expected = oneWay(300) + oneWay(1200);
    // An exchange takes `expected`, then the client thinks 1 s: exchanges start every 1 + expected.
    expect(results.responses).toBe(Math.ceil(20 / (1 + expected)));
    expect(results.timeouts).toBe(0);
    expect(results.responseTimeMs.mean! / 1000).toBeCloseTo(expected, 12);
    expect(results.responseTimeMs.max! / 1000).toBeCloseTo(expected, 12);
    expect(Math.abs(results.responseTimeMs.p99! / 1000 / expected - 1)).toBeLessThanOrEqual(0.005);
    expect(r.flows.rdp.sent).toBe(results.responses);
    expect(r.flows['rdp~back'].sent).toBe(results.responses);
  });

  it('a multi-packet response leaves back to back: its last packet arrives after all of their serializations', () => {
    // One hop in each direction carries everything (the second hop is 100x faster and has no delay
    // except what we account for): 5000 B in MTU 1500 is 3 x 1500 + 500.
    const rates: [number, number] = [8e6, 800e6];
    const delays: [number, number] = [0.01, 0];
    const { results, r } = session({ request: 100, response: 5000, think: 2, mtu: 1500 }, { rates, delays });
    const request = 100 * (8 / 8e6) + 0.01 + 100 * (8 / 800e6);
    // Response: on the fast hop the packets queue back to back; on the slow one each is serialized
    // once the previous one is done, so the last finishes after 5000 B of slow serialization
    // counted from the first packet's arrival at the slow hop.
    const response = 1500 * (8 / 800e6) + 5000 * (8 / 8e6) + 0.01;
    expect(results.responseTimeMs.mean! / 1000).toBeCloseTo(request + response, 12);
    expect(r.flows['rdp~back'].sent).toBe(4 * results.responses);
  });

  it('drawn sizes and think times; losses end exchanges by timeout, and the client goes on', () => {
    const { results, r } = session(
      {
        request: { dist: 'uniform', min: 100, max: 400 },
        response: { dist: 'lognormal', mean: 20000, stddev: 10000 },
        think: { dist: 'exponential', mean: 0.5 },
        timeout: 1,
      },
      { rates: [20e6, 50e6], delays: [0.005, 0.015], loss: 0.01, end: 300 },
    );
    const started = r.flows.rdp.sent > 0 ? results.responses + results.timeouts : 0;
    // An exchange survives when its ~1 request and ~14 response packets each cross two links
    // with 1% loss: about 0.99^30 = 0.74 of them.
    const survived = results.responses / (results.responses + results.timeouts);
    expect(survived).toBeGreaterThan(0.64);
    expect(survived).toBeLessThan(0.84);
    // Every exchange ends one way or the other; the requests sent are at least that many.
    expect(r.flows.rdp.sent).toBeGreaterThanOrEqual(started);
    const t = results.responseTimeMs;
    expect(t.p50!).toBeLessThanOrEqual(t.p95!);
    expect(t.p95!).toBeLessThanOrEqual(t.p99!);
    expect(t.p99!).toBeLessThanOrEqual(t.max! * 1.005);
    expect(t.p50!).toBeGreaterThan(2 * 20); // at least two round trips of propagation, in ms
  });

  it('needs a reverse flow', () => {
    const m = new Mini({ start: 0, end: 1 });
    const f = m.flow('x', 'interactive', []);
    expect(() => attach(m, { model: 'request-response', request: 1, response: 1, think: 1 }, f)).toThrow(
      /needs a reverse flow/,
    );
  });
});
