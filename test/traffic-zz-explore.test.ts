import { it } from 'vitest';
import { Mini } from './helpers/mini.js';
import { attach, dumbbell, jain } from './helpers/traffic.js';

it('mathis', () => {
  for (const p of [0.001, 0.005, 0.01, 0.02]) for (const seed of [1, 2, 3]) for (const jitter of [0, 1]) {
  const rate = 100e6;
  const rtt = 0.05;
  const m = new Mini({ start: 10, end: 210 }, seed);
  const d = dumbbell(m, 1, { rate, delay: rtt / 2, queue: { discipline: 'fifo', limit: { packets: 1000 } }, loss: p });
  const f = m.flow(`e`, 'bulk', d.forward[0]);
  const b = m.flow(`e~back`, 'bulk', d.back[0]);
  const src: any = attach(m, { model: 'elastic', jitter }, f, b);
  m.sim.run(10);
  const a0 = src.ackedBytes;
  const t0 = performance.now();
  m.sim.run(210);
  const good = ((src.ackedBytes - a0) * 8) / 200;
  const baseRtt = rtt + 1500 * 8 / rate + 40 * 8 / rate + 4 * (1540 * 8 / (rate * 100));
  const mathis = (1500 * 8 / baseRtt) * 1.22 / Math.sqrt(p);
  console.log('p', p, 'seed', seed, 'jit', jitter, 'goodput', (good / 1e6).toFixed(3), 'mathis', (mathis / 1e6).toFixed(3), 'ratio', (good / mathis).toFixed(3), 'srtt', src.srtt.toFixed(4), 'TO', src.timeouts, 'FR', src.fastRetransmits, ((performance.now() - t0) / 1000).toFixed(2) + 's');
  }
});
