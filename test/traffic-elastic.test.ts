import { describe, expect, it } from 'vitest';
import { Mini } from './helpers/mini.js';
import { attach, dumbbell } from './helpers/traffic.js';
import type { ElasticSource } from '../src/traffic/index.js';

describe('elastic', () => {
  it('a single flow fills a bottleneck whose queue is one bandwidth-delay product', () => {
    const rate = 10e6;
    const rtt = 0.04;
    const bdpPackets = Math.ceil((rate * rtt) / 8 / 1500);
    const m = new Mini({ start: 10, end: 70 });
    const d = dumbbell(m, 1, { rate, delay: rtt / 2, queue: { discipline: 'fifo', limit: { packets: bdpPackets } } });
    const f = m.flow('bulk', 'bulk', d.forward[0]);
    const b = m.flow('bulk~back', 'bulk', d.back[0]);
    const src = attach(m, { model: 'elastic' }, f, b) as ElasticSource;
    const r = m.run(5);
    console.log(r.links.bottleneck.forward, src.results(), r.flows.bulk);
    expect(r.links.bottleneck.forward.utilization).toBeGreaterThanOrEqual(0.9);
  });
});
