import { describe, expect, it } from 'vitest';
import { Simulator } from '../src/engine/index.js';
import type { Packet } from '../src/net/index.js';
import { LazyDeadline, RttEstimator, type ElasticSource, type TrafficSpec } from '../src/traffic/index.js';
import { Mini } from './helpers/mini.js';
import { attach, backRoute, Dropper, routed } from './helpers/traffic.js';

/**
 *   n0 --10 Mbps, 10 ms-- n1      data n0 -> n1 through a Dropper (first hop), ACKs back.
 * With jitter 0 the transfer is exactly ACK-clocked, so the mechanics can be checked exactly.
 */
function transfer(
  spec: Partial<Extract<TrafficSpec, { model: 'elastic' }>>,
  doom: (pkt: Packet) => boolean = () => false,
  stop = 100,
) {
  const m = new Mini({ start: 0, end: stop });
  const [link] = m.chain(1, 10e6, 0.01, { discipline: 'fifo', limit: {} });
  const dropper = new Dropper(m.net, doom);
  const data = routed(m, 't', 'bulk', [dropper, link.forward]);
  const acks = m.flow('t~back', 'bulk', backRoute([link]));
  const src = attach(m, { model: 'elastic', jitter: 0, ...spec }, data, acks) as ElasticSource;
  const result = m.run(20);
  return { m, src, dropper, result };
}

const firstCopyOf = (seqs: number[]) => {
  const left = new Set(seqs);
  return (pkt: Packet) => left.delete(pkt.seq);
};

describe('elastic mechanics', () => {
  it('a transfer the window never limits completes in N serializations plus one round trip', () => {
    const { src, result } = transfer({ bytes: 20 * 1500, initialWindow: 20 });
    const s = 1500 * (8 / 10e6);
    const ack = 40 * (8 / 10e6);
    expect(src.completionSeconds).toBeCloseTo(20 * s + 0.01 + ack + 0.01, 12);
    expect(src.results()).toMatchObject({
      transferredBytes: 30000,
      retransmissions: 0,
      timeouts: 0,
      fastRetransmits: 0,
    });
    expect(result.flows.t.sent).toBe(20);
    expect(result.flows['t~back'].sent).toBe(20);
  });

  it('the last segment of a finite transfer carries the remainder', () => {
    const { result, src } = transfer({ bytes: 10 * 1500 + 700, initialWindow: 20 });
    expect(result.flows.t.sent).toBe(11);
    expect(result.flows.t.throughputBps * 100).toBeCloseTo((10 * 1500 + 700) * 8, 6);
    expect(src.ackedBytes).toBe(15700);
  });

  it('one loss: one fast retransmit, no timeout, the transfer completes (with and without SACK)', () => {
    for (const sack of [true, false]) {
      for (const congestionControl of ['cubic', 'newreno'] as const) {
        const { src, dropper } = transfer({ bytes: 200 * 1500, sack, congestionControl }, firstCopyOf([60]));
        expect(dropper.dropped).toBe(1);
        expect(src.results()).toMatchObject({
          retransmissions: 1,
          fastRetransmits: 1,
          timeouts: 0,
          transferredBytes: 300000,
        });
        expect(src.ssthresh).toBeGreaterThan(2);
      }
    }
  });

  it('two losses in one window: a partial ACK retransmits the second without a timeout (NewReno, no SACK)', () => {
    const { src } = transfer({ bytes: 200 * 1500, congestionControl: 'newreno', sack: false }, firstCopyOf([60, 64]));
    expect(src.results()).toMatchObject({ retransmissions: 2, fastRetransmits: 1, timeouts: 0 });
    expect(src.completionSeconds).not.toBeNull();
  });

  it('losing the last segment leaves no duplicate ACKs: the retransmission timer recovers it', () => {
    const { src } = transfer({ bytes: 30 * 1500, initialWindow: 30 }, firstCopyOf([29]));
    expect(src.results()).toMatchObject({ retransmissions: 1, fastRetransmits: 0, timeouts: 1 });
    // The timer was armed at the first send with the initial RTO (1 s), then re-armed by each ACK
    // with an RTO of at least minRto (200 ms): completion comes after that, plus one round trip.
    expect(src.completionSeconds!).toBeGreaterThan(0.2 + 0.02);
    expect(src.completionSeconds!).toBeLessThan(1.1);
  });

  it('a retransmission that is lost again doubles the timeout (back-off)', () => {
    let copies = 0;
    const { src } = transfer({ bytes: 10 * 1500, initialWindow: 10 }, (pkt) => pkt.seq === 9 && copies++ < 3);
    expect(src.results()).toMatchObject({ timeouts: 3, retransmissions: 3, fastRetransmits: 0 });
    // RTO r, then 2r, 4r before the fourth copy gets through: at least 7 * minRto.
    expect(src.completionSeconds!).toBeGreaterThan(7 * 0.2);
  });

  it('the receive window caps what is unacknowledged: 5 segments per round trip', () => {
    const { src } = transfer({ bytes: 50 * 1500, receiveWindow: 5 * 1500, initialWindow: 10 });
    const rtt = 0.02 + 1500 * (8 / 10e6) + 40 * (8 / 10e6);
    // 50 segments in windows of 5: 10 round trips, the last ending with its final ACK.
    expect(src.completionSeconds!).toBeGreaterThan(9 * rtt);
    expect(src.completionSeconds!).toBeLessThan(10 * rtt + 5 * 1500 * (8 / 10e6) + 1e-9);
  });

  it('an unbounded transfer sends nothing at or after stop', () => {
    const m = new Mini({ start: 0, end: 5 });
    const [link] = m.chain(1, 10e6, 0.01, { discipline: 'fifo', limit: {} });
    let last = -1;
    const watch = new Dropper(m.net, (pkt) => {
      last = Math.max(last, pkt.created);
      return false;
    });
    const data = routed(m, 'u', 'bulk', [watch, link.forward]);
    const acks = m.flow('u~back', 'bulk', backRoute([link]));
    const src = attach(m, { model: 'elastic' }, data, acks, 1, 3) as ElasticSource;
    const r = m.run(10);
    expect(last).toBeLessThan(3);
    expect(last).toBeGreaterThan(2.9);
    expect(src.completionSeconds).toBeNull();
    expect(r.flows.u.sent).toBe(r.flows.u.received + r.flows.u.lost + r.flows.u.inFlight);
    expect(m.net.pool.live).toBe(0);
  });

  it('needs a reverse flow', () => {
    const m = new Mini({ start: 0, end: 1 });
    const f = m.flow('x', 'bulk', []);
    expect(() => attach(m, { model: 'elastic' }, f)).toThrow(/elastic flow 'x' needs a reverse flow/);
  });
});

describe('RttEstimator (RFC 6298)', () => {
  it('first sample: SRTT = R, RTTVAR = R/2; then alpha 1/8, beta 1/4; RTO clamped and backed off', () => {
    const e = new RttEstimator(1, 0.2, 60);
    expect(e.rto).toBe(1);
    e.sample(0.1);
    expect(e.srtt).toBe(0.1);
    expect(e.rttvar).toBe(0.05);
    expect(e.rto).toBeCloseTo(0.3, 15);
    e.sample(0.2);
    expect(e.rttvar).toBeCloseTo(0.75 * 0.05 + 0.25 * 0.1, 15);
    expect(e.srtt).toBeCloseTo(0.875 * 0.1 + 0.125 * 0.2, 15);
    expect(e.rto).toBeCloseTo(e.srtt + 4 * e.rttvar, 15);
    for (let i = 0; i < 50; i++) e.sample(0.01);
    expect(e.rto).toBe(0.2); // minRto
    for (let i = 0; i < 20; i++) e.backoff();
    expect(e.rto).toBe(60); // maxRto
  });
});

describe('LazyDeadline', () => {
  it('fires once at the last deadline set; moving it later schedules nothing new', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const d = new LazyDeadline(sim, () => fired.push(sim.now));
    d.set(1);
    for (let i = 1; i <= 100; i++) sim.at(i * 0.01, () => d.set(sim.now + 1));
    sim.run(0.5);
    expect(sim.pending).toBe(1 + 50); // one deadline event, 50 re-arming events left
    sim.run();
    expect(fired).toEqual([2]);
  });

  it('moving it earlier fires at the earlier time; clearing it fires nothing', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const d = new LazyDeadline(sim, () => fired.push(sim.now));
    d.set(5);
    d.set(2);
    sim.run();
    expect(fired).toEqual([2]);
    expect(sim.now).toBe(5); // the superseded event still surfaced, and did nothing
    d.set(6);
    d.clear();
    sim.run();
    expect(fired).toEqual([2]);
    expect(d.armed).toBe(false);
  });
});
