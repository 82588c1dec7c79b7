import { describe, expect, it } from 'vitest';
import { Mini } from './helpers/mini.js';

describe('M/M/1', () => {
  it('mean and p95 sojourn time match 1/(mu-lambda) and -ln(0.05)/(mu-lambda)', () => {
    const rate = 10e6; // 10 Mbps
    const meanSize = 1250; // bytes: mean service 1 ms, mu = 1000/s
    const lambda = 700; // rho = 0.7
    const m = new Mini({ start: 20, end: 620 }, 7);
    m.chain(1, rate, 0, { discipline: 'fifo', limit: {} });
    const f = m.flow('f', 'business');
    m.poissonExpSize(f, lambda, meanSize);
    const r = m.run();
    const mu = rate / 8 / meanSize;
    const W = 1 / (mu - lambda);
    const s = r.flows.f;
    console.log(s.latencyMs, W * 1000, -Math.log(0.05) * W * 1000, s.sent, r.links['n0-n1'].forward);
    expect(s.sent).toBe(s.received + s.lost + s.inFlight);
    expect(s.latencyMs.mean! / 1000).toBeCloseTo(W, 3);
  });
});
