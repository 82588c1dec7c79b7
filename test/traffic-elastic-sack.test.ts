import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Endpoint, Packet } from '../src/net/index.js';
import { ElasticReceiver } from '../src/traffic/elastic-receiver.js';
import { Scoreboard } from '../src/traffic/scoreboard.js';
import { SackOptions } from '../src/traffic/sack-option.js';
import type { ElasticSource, TrafficSpec } from '../src/traffic/index.js';
import { Mini } from './helpers/mini.js';
import { attach, backRoute, Dropper, routed } from './helpers/traffic.js';

/**
 * RFC 6675's definitions computed the slow way, segment by segment: the reference the scoreboard's
 * incremental counters and pointers are checked against.
 */
class NaiveBoard {
  una = 0;
  high = 0;
  sacked = new Set<number>();
  retransmitted = new Set<number>();
  /** Every un-SACKed segment below this was marked lost by a timeout. */
  timeoutMark = 0;
  highRxt = -1;

  isLost(s: number): boolean {
    if (this.sacked.has(s)) return false;
    if (s < this.timeoutMark) return true;
    let above = 0;
    for (const x of this.sacked) if (x > s) above++;
    return above >= 3;
  }

  get pipe(): number {
    let pipe = 0;
    for (let s = this.una; s < this.high; s++) {
      if (this.sacked.has(s)) continue;
      if (!this.isLost(s)) pipe++;
      if (this.retransmitted.has(s)) pipe++;
    }
    return pipe;
  }

  nextLost(): number {
    for (let s = Math.max(this.una, this.highRxt + 1); s < this.high; s++) {
      if (this.isLost(s) && !this.retransmitted.has(s)) return s;
    }
    return -1;
  }

  advance(ack: number): void {
    for (let s = this.una; s < ack; s++) {
      this.sacked.delete(s);
      this.retransmitted.delete(s);
    }
    this.una = ack;
  }

  sack(start: number, end: number): void {
    for (let s = Math.max(start, this.una); s < Math.min(end, this.high); s++) {
      this.sacked.add(s);
      this.retransmitted.delete(s);
    }
  }
}

type Op =
  | { op: 'send'; n: number }
  | { op: 'sack'; from: number; len: number }
  | { op: 'ack'; by: number }
  | { op: 'rxt' }
  | { op: 'timeout' }
  | { op: 'recovery' };

const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('send' as const), n: fc.integer({ min: 1, max: 40 }) }),
    fc.record({
      op: fc.constant('sack' as const),
      from: fc.integer({ min: 0, max: 200 }),
      len: fc.integer({ min: 1, max: 12 }),
    }),
    fc.record({ op: fc.constant('ack' as const), by: fc.integer({ min: 1, max: 30 }) }),
    fc.record({ op: fc.constant('rxt' as const) }),
    fc.record({ op: fc.constant('timeout' as const) }),
    fc.record({ op: fc.constant('recovery' as const) }),
  ),
  { maxLength: 120 },
);

describe('SACK scoreboard (RFC 6675)', () => {
  it('a small case by hand: IsLost, pipe, NextSeg rule 1', () => {
    const b = new Scoreboard();
    for (let i = 0; i < 10; i++) b.sentNew();
    b.sack(5, 7);
    expect([b.sacked, b.lost, b.pipe]).toEqual([2, 0, 8]);
    b.sack(8, 9); // three SACKed above 0..4: they are lost
    expect([b.sacked, b.lost, b.pipe]).toEqual([3, 5, 2]);
    expect(b.isLost(4) && !b.isLost(7)).toBe(true);
    b.startRecovery();
    expect(b.nextLost()).toBe(0);
    b.markRetransmitted(0, true);
    expect([b.nextLost(), b.pipe]).toEqual([1, 3]);
    b.sack(5, 7); // the same blocks again change nothing
    b.sack(8, 9);
    expect([b.sacked, b.lost, b.pipe]).toEqual([3, 5, 3]);
    b.sack(7, 8); // 7 was in flight, not lost
    expect([b.sacked, b.lost, b.pipe]).toEqual([4, 5, 2]);
    b.advance(1);
    expect([b.sacked, b.lost, b.retransmitted, b.pipe]).toEqual([4, 4, 0, 1]);
    b.markAllLost();
    expect([b.lost, b.pipe, b.nextLost()]).toEqual([5, 0, 1]);
  });

  it('matches the definitions segment by segment under any sequence of events (property)', () => {
    fc.assert(
      fc.property(ops, (list: Op[]) => {
        const b = new Scoreboard(16); // small, so growth is exercised
        const n = new NaiveBoard();
        for (const o of list) {
          if (o.op === 'send') {
            for (let i = 0; i < o.n; i++) b.sentNew();
            n.high += o.n;
          } else if (o.op === 'sack') {
            // A block is a run of segments the receiver holds: above una, below high.
            const start = n.una + 1 + (o.from % Math.max(n.high - n.una, 1));
            b.sack(start, start + o.len);
            n.sack(start, start + o.len);
          } else if (o.op === 'ack') {
            // The cumulative ACK lands on a segment the receiver does not hold.
            let ack = Math.min(n.una + o.by, n.high);
            while (ack < n.high && n.sacked.has(ack)) ack++;
            b.advance(ack);
            n.advance(ack);
          } else if (o.op === 'rxt') {
            const s = b.nextLost();
            if (s >= 0) {
              b.markRetransmitted(s, true);
              n.retransmitted.add(s);
              n.highRxt = s;
            }
          } else if (o.op === 'timeout') {
            b.markAllLost();
            n.retransmitted.clear();
            n.timeoutMark = n.high;
            n.highRxt = n.una - 1;
          } else {
            b.startRecovery();
            n.highRxt = n.una - 1;
          }
          expect(b.pipe).toBe(n.pipe);
          expect(b.sacked).toBe(n.sacked.size);
          expect(b.nextLost()).toBe(n.nextLost());
          for (let s = n.una; s < n.high; s++) expect(b.isLost(s)).toBe(n.isLost(s));
        }
      }),
      { numRuns: process.env.CI ? 150 : 400 },
    );
  });
});

/** Captures the ACKs a receiver sends: cumulative ACK, echo, duplicate tag, SACK blocks. */
class AckLog implements Endpoint {
  readonly acks: { at: number; ack: number; echo: number; dup: boolean; blocks: number[][] }[] = [];
  options: SackOptions | null = null;

  constructor(private readonly m: Mini) {}

  arrive(pkt: Packet): void {
    const blocks: number[][] = [];
    if (pkt.seq > 0 && this.options) {
      const at = this.options.read(pkt.seq);
      for (let i = 0; i < this.options.count(at); i++)
        blocks.push([this.options.start(at, i), this.options.end(at, i)]);
    }
    this.acks.push({ at: this.m.sim.now, ack: pkt.ack, echo: pkt.echo, dup: pkt.tag === 1, blocks });
    this.m.net.release(pkt);
  }
}

function receiverRig(sack: boolean, delayed: { count: number; timeout: number } | null = null) {
  const m = new Mini({ start: 0, end: 10 });
  const data = m.flow('d', 'bulk', []);
  const back = m.flow('d~back', 'bulk', []);
  const rx = new ElasticReceiver(m.net, back, 40, 1000, sack, delayed);
  const log = new AckLog(m);
  log.options = rx.options;
  back.receiver = log;
  const deliver = (seq: number) => {
    const p = m.net.packet(data, 1500);
    p.seq = seq;
    p.echo = m.sim.now;
    rx.arrive(p);
  };
  return { m, rx, log, deliver };
}

describe('elastic receiver: SACK blocks (RFC 2018) and delayed ACKs (RFC 5681)', () => {
  it('reports the run holding the newest segment first, then earlier runs, at most three', () => {
    const { log, deliver } = receiverRig(true);
    const last = () => log.acks[log.acks.length - 1];
    for (const s of [0, 1, 3]) deliver(s);
    expect(last()).toMatchObject({ ack: 2, blocks: [[3, 4]] });
    deliver(5);
    expect(last().blocks).toEqual([
      [5, 6],
      [3, 4],
    ]);
    deliver(4); // joins [3, 4) and [5, 6)
    expect(last().blocks).toEqual([[3, 6]]);
    for (const s of [7, 9, 11]) deliver(s);
    expect(last().blocks).toEqual([
      [11, 12],
      [9, 10],
      [7, 8],
    ]);
    deliver(2); // fills the first hole: the cumulative ACK jumps over [3, 6)
    expect(last()).toMatchObject({
      ack: 6,
      blocks: [
        [11, 12],
        [9, 10],
        [7, 8],
      ],
    });
    deliver(3); // a copy of a segment it has
    expect(last()).toMatchObject({ ack: 6, dup: true });
    for (const s of [6, 8, 10, 12]) deliver(s);
    expect(last()).toMatchObject({ ack: 13, blocks: [] });
    expect(log.acks.length).toBe(14); // one per segment
  });

  it('without SACK, ACKs carry no blocks', () => {
    const { log, deliver } = receiverRig(false);
    for (const s of [0, 2, 3]) deliver(s);
    expect(log.acks.map((a) => [a.ack, a.blocks.length])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
  });

  it('delayed ACKs: every second in-order segment, the timer for a lone one, at once when out of order', () => {
    const { m, log, deliver } = receiverRig(true, { count: 2, timeout: 0.2 });
    m.sim.at(1, () => deliver(0));
    m.sim.at(1.01, () => deliver(1));
    m.sim.at(2, () => deliver(2));
    m.sim.at(3, () => deliver(3));
    m.sim.at(3.01, () => deliver(5));
    m.sim.run(5);
    expect(log.acks.map((a) => [a.at, a.ack, a.echo])).toEqual([
      [1.01, 2, 1], // the pair, echoing the first segment's time
      [2.2, 3, 2], // the timer: 200 ms after the lone segment
      [3.01, 4, 3], // out of order: at once, acknowledging the pending one too
    ]);
    expect(log.acks[2].blocks).toEqual([[5, 6]]);
  });
});

/**
 *   n0 --10 Mbps, 10 ms-- n1      data n0 -> n1 through a Dropper (first hop), ACKs back.
 * jitter 0: exactly ACK-clocked.
 */
function transfer(
  spec: Partial<Extract<TrafficSpec, { model: 'elastic' }>>,
  doom: (pkt: Packet) => boolean,
  rate = 10e6,
  watch?: (src: ElasticSource, now: number) => void,
) {
  const m = new Mini({ start: 0, end: 100 });
  const [link] = m.chain(1, rate, 0.01, { discipline: 'fifo', limit: {} });
  const dropper = new Dropper(m.net, doom);
  const data = routed(m, 't', 'bulk', [dropper, link.forward]);
  const acks = m.flow('t~back', 'bulk', backRoute([link]));
  const src = attach(m, { model: 'elastic', jitter: 0, ...spec }, data, acks) as ElasticSource;
  if (watch) for (let t = 0; t < 2; t += 0.001) m.sim.at(t, () => watch(src, m.sim.now));
  m.run(20);
  return src;
}

const firstCopyOf = (seqs: number[]) => {
  const left = new Set(seqs);
  return (pkt: Packet) => left.delete(pkt.seq);
};

describe('loss recovery with SACK (RFC 6675)', () => {
  const losses = [60, 63, 66, 69, 72];

  it('five losses in one window: one fast retransmit, each lost segment resent once, no timeout', () => {
    const src = transfer({ bytes: 300 * 1500 }, firstCopyOf(losses));
    expect(src.results()).toMatchObject({ retransmissions: 5, fastRetransmits: 1, timeouts: 0 });
  });

  it('repairs them in one round trip; NewReno without SACK finds one hole per round trip', () => {
    // On a 1 Gb/s path the transfer is window-limited, so round trips show (20 ms each).
    const repaired = (sack: boolean, cc: 'newreno' | 'cubic') => {
      let at = -1;
      const src = transfer({ bytes: 300 * 1500, congestionControl: cc, sack }, firstCopyOf(losses), 1e9, (s, now) => {
        if (at < 0 && s.ackedBytes > 72 * 1500) at = now;
      });
      expect(src.results()).toMatchObject({ retransmissions: 5, fastRetransmits: 1, timeouts: 0 });
      return at;
    };
    for (const cc of ['newreno', 'cubic'] as const) {
      const withSack = repaired(true, cc);
      const without = repaired(false, cc);
      // The first retransmission leaves at the same moment. With SACK the other four follow within
      // the round trip (once pipe falls below the halved cwnd); without, one per partial ACK, a
      // round trip each: measured 3 round trips (60 ms) later.
      expect(without - withSack).toBeGreaterThan(2.5 * 0.02);
    }
  });

  it('a lost retransmission is left to the timer (no RACK); SACKed data is not sent again', () => {
    let copies = 0;
    const src = transfer({ bytes: 300 * 1500 }, (pkt) => pkt.seq === 60 && copies++ < 2);
    expect(src.results()).toMatchObject({ fastRetransmits: 1, timeouts: 1, retransmissions: 2 });
  });

  it('a loss at the tail is resent by the rescue retransmission, without a timeout', () => {
    // 21..28 SACKed make 20 lost; nothing above 29 is SACKed, so 29 is never "lost": one rescue.
    const src = transfer({ bytes: 30 * 1500, initialWindow: 30 }, firstCopyOf([20, 29]));
    expect(src.results()).toMatchObject({ retransmissions: 2, fastRetransmits: 1, timeouts: 0 });
  });

  it('delayed ACKs halve the ACKs and still complete', () => {
    const m = new Mini({ start: 0, end: 100 });
    const [link] = m.chain(1, 10e6, 0.01, { discipline: 'fifo', limit: {} });
    const data = m.flow('t', 'bulk', [link.forward]);
    const acks = m.flow('t~back', 'bulk', backRoute([link]));
    const src = attach(
      m,
      { model: 'elastic', jitter: 0, bytes: 200 * 1500, delayedAck: { count: 2, timeout: 0.2 } },
      data,
      acks,
    ) as ElasticSource;
    const r = m.run(20);
    expect(src.completionSeconds).not.toBeNull();
    expect(r.flows['t~back'].sent).toBeGreaterThanOrEqual(100);
    expect(r.flows['t~back'].sent).toBeLessThanOrEqual(105);
  });
});

describe('SACK options ring', () => {
  it('keeps records the sender has not read, and grows rather than overwrite them', () => {
    const o = new SackOptions(8);
    const blocks = new Float64Array([5, 6, 0, 0, 0, 0]);
    const ids: number[] = [];
    for (let i = 0; i < 100; i++) {
      blocks[0] = i;
      ids.push(o.write(blocks, 1));
    }
    for (let i = 0; i < 100; i++) expect(o.start(o.read(ids[i]), 0)).toBe(i);
    // Once read, a record's slot is reused.
    for (let i = 0; i < 200; i++) o.write(blocks, 1);
    expect(o.read(ids[0])).toBe(-1);
  });
});
