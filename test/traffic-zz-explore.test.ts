import { it } from 'vitest';
import { Mini } from './helpers/mini.js';
import { attach, dumbbell, jain } from './helpers/traffic.js';

it('fair', () => {
  for (const n of [4]) for (const seed of [1, 2]) {
  const rate = 100e6;
  const rtt = 0.04;
  const bdpPackets = Math.ceil((rate * rtt) / 8 / 1500);
  const m = new Mini({ start: 10, end: 310 }, seed);
  const rng = m.random.stream('layout');
  const acc = Array.from({ length: n }, () => 0.002 * rng());
  const d = dumbbell(m, n, { rate, delay: rtt / 2, queue: { discipline: 'fifo', limit: { packets: bdpPackets } }, accessDelay: acc });
  const srcs: any[] = [];
  for (let i = 0; i < n; i++) {
    const f = m.flow(`e${i}`, 'bulk', d.forward[i]);
    const b = m.flow(`e${i}~back`, 'bulk', d.back[i]);
    srcs.push(attach(m, { model: 'elastic' }, f, b, rng()));
  }
  let last = srcs.map(() => 0);
  for (let t = 10; t <= 310; t += 60) {
    m.sim.run(t);
    const now = srcs.map((s) => s.ackedBytes);
    const rates = now.map((x, i) => ((x - last[i]) * 8) / 20 / 1e6);
    console.log(t, 'jain', jain(rates).toFixed(3), rates.map((x) => x.toFixed(1)).join(' '), 'TO', srcs.map((s) => s.timeouts).join(','), 'FR', srcs.map((s) => s.fastRetransmits).join(','), 'cwnd', srcs.map((s) => s.cwnd.toFixed(0)).join(','));
    last = now;
  }
  }
});
