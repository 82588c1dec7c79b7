import { describe, expect, it } from 'vitest';
import { accessProfile, accessQueue } from '../src/catalog/index.js';
import { createSource } from '../src/traffic/index.js';
import { Mini } from './helpers/mini.js';

/**
 * A cable upstream (15 Mbps, a 250 ms buffer) carrying two TCP-like uploads, with a voice-like
 * probe sharing its single queue. Without AQM the uploads fill the buffer and the probe waits its
 * full depth (bufferbloat); with CoDel the uploads back off on its early drops and the standing
 * queue stays near CoDel's 5 ms target.
 */
function bloat(aqm: boolean) {
  const cable = accessProfile('cable');
  const queue = accessQueue(cable.up, cable.upBuffer, aqm);
  const m = new Mini({ start: 10, end: 30 }, 3);
  const [link] = m.chain(1, cable.up, 0.009, queue);
  for (const id of ['up1', 'up2']) {
    const data = m.flow(id, 'bulk', [link.forward]);
    const acks = m.flow(`${id}~back`, 'bulk', [link.reverse]);
    createSource(
      { model: 'elastic' },
      { net: m.net, flow: data, reverse: acks, rng: m.random.stream(id), start: 0, stop: 30 },
    ).start();
  }
  const probe = m.flow('probe', 'realtime', [link.forward]);
  m.cbr(probe, 0.02, 200);
  return m.run(2);
}

describe('bufferbloat and AQM on a cable upstream', () => {
  const fifo = bloat(false);
  const codel = bloat(true);

  // Measured (seed 3): probe p50 191 ms without AQM, 17.2 ms with CoDel (9 ms of it propagation).
  it('without AQM the probe waits for most of the 250 ms buffer', () => {
    expect(fifo.flows.probe.latencyMs.p50!).toBeGreaterThan(9 + 150);
    expect(fifo.flows.up1.drops.aqm).toBeUndefined();
  });

  it('with CoDel the standing queue stays near its 5 ms target, and the uploads still fill the link', () => {
    expect(codel.flows.probe.latencyMs.p50!).toBeLessThan(9 + 15);
    expect(codel.flows.up1.drops.aqm! + codel.flows.up2.drops.aqm!).toBeGreaterThan(0);
    expect(codel.links['n0-n1'].forward.utilization).toBeGreaterThan(0.9);
    for (const r of [fifo, codel])
      for (const f of Object.values(r.flows)) expect(f.sent).toBe(f.received + f.lost + f.inFlight);
  });
});
