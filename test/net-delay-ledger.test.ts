import { describe, expect, it } from 'vitest';
import { ClassTable, DelayLedger, Flow, Packet, PacketPool } from '../src/net/index.js';
import { DEFAULT_CLASSES, Mini } from './helpers/mini.js';

const classes = new ClassTable(DEFAULT_CLASSES);
/** 1000-byte packets at 8 Mb/s: 1 ms of serialization on every direction. */
const SER = 0.001;
const dirs = Array.from({ length: 12 }, (_, i) => ({
  name: i < 10 ? `l${i}/forward` : 'gw/stage',
  delay: 0.001,
  stage: i >= 10,
}));

function packet(flow: Flow, created: number, size = 1000): Packet {
  const p = new Packet();
  p.flow = flow;
  p.cls = flow.cls.index;
  p.created = created;
  p.size = size;
  return p;
}

describe('DelayLedger', () => {
  it('adds each hop to the packet: links as serialization and propagation, stages as processing', () => {
    const ledger = new DelayLedger(dirs, 4, 0, 10);
    const p = packet(new Flow(0, 'f', classes.get('business')), 1);
    ledger.ports[0].depart(p, 0, SER);
    ledger.ports[10].depart(p, 0, SER);
    expect(p.serialization).toBe(0.001); // 1000 B at 8 Mb/s
    expect(p.propagation).toBe(0.001);
    expect(p.processing).toBe(0.002); // the stage's serialization and its delay
  });

  it('sums waits and drops per (class, direction) and per flow; a route longer than the first list grows it', () => {
    const ledger = new DelayLedger(dirs, 4, 0, 10);
    const f = new Flow(0, 'f', classes.get('realtime'));
    const g = new Flow(1, 'g', classes.get('realtime'));
    for (let d = 0; d < 12; d++) ledger.ports[d].depart(packet(f, 1), (d + 1) * 1e-3, SER);
    ledger.ports[3].depart(packet(g, 1), 0.5, SER);
    ledger.ports[3].drop(packet(g, 2));
    ledger.ports[3].drop(packet(g, 2));
    const flowPlaces = ledger.flowPlaces(f);
    // The two stage directions are one place: the node's stage.
    expect(flowPlaces.map((p) => p.at)).toEqual([...dirs.slice(0, 10).map((d) => d.name), 'gw/stage']);
    expect(flowPlaces[10].wait).toBeCloseTo(0.011 + 0.012, 12);
    expect(ledger.flowPlaces(g)).toEqual([{ at: 'l3/forward', wait: 0.5, drops: 2 }]);
    const l3 = ledger.classPlaces(classes.get('realtime').index).find((p) => p.at === 'l3/forward')!;
    expect(l3.wait).toBeCloseTo(0.504, 12);
    expect(l3.drops).toBe(2);
    expect(ledger.classPlaces(classes.get('bulk').index)).toEqual([]);
  });

  it('counts only packets sent in the window, never background traffic; unpooled flows count for themselves', () => {
    const ledger = new DelayLedger(dirs, 4, 5, 10);
    const cls = classes.get('business');
    const f = new Flow(0, 'f', cls);
    ledger.ports[0].depart(packet(f, 4.9), 1, SER);
    ledger.ports[0].depart(packet(f, 10), 1, SER);
    ledger.ports[0].drop(packet(f, 4));
    expect(ledger.flowPlaces(f)).toEqual([]);
    const bg = new Flow(1, 'bg', cls, true);
    ledger.ports[0].depart(packet(bg, 6), 1, SER);
    expect(ledger.flowPlaces(bg)).toEqual([]);
    const ack = new Flow(2, 'ack', cls);
    ack.pooled = false;
    ledger.ports[0].depart(packet(ack, 6), 1, SER);
    expect(ledger.flowPlaces(ack)).toEqual([{ at: 'l0/forward', wait: 1, drops: 0 }]);
    expect(ledger.classPlaces(cls.index)).toEqual([]);
  });

  it('decides per packet whether it counts, again for a pooled packet reused for another flow or time', () => {
    const ledger = new DelayLedger(dirs, 4, 5, 10);
    const cls = classes.get('business');
    const f = new Flow(0, 'f', cls);
    const g = new Flow(1, 'g', cls);
    const pool = new PacketPool();
    const reuse = (flow: Flow, created: number): Packet => {
      const p = pool.alloc();
      p.flow = flow;
      p.cls = flow.cls.index;
      p.created = created;
      p.size = 1000;
      return p;
    };
    const p = reuse(f, 6);
    ledger.ports[0].depart(p, 1, SER);
    p.hop = 1;
    ledger.ports[1].depart(p, 2, SER); // the decision kept for its next hop
    pool.release(p);
    const q = reuse(f, 11); // the same object, now sent after the window: not counted
    expect(q).toBe(p);
    ledger.ports[0].drop(q);
    pool.release(q);
    const r = reuse(g, 7); // and again, for another flow in the window
    ledger.ports[2].drop(r);
    expect(ledger.flowPlaces(f)).toEqual([
      { at: 'l0/forward', wait: 1, drops: 0 },
      { at: 'l1/forward', wait: 2, drops: 0 },
    ]);
    expect(ledger.flowPlaces(g)).toEqual([{ at: 'l2/forward', wait: 0, drops: 1 }]);
  });

  it('a network attaches it once, after its last channel, naming link directions and stages', () => {
    const m = new Mini({ start: 0, end: 1 });
    m.chain(1, 1e6, 0);
    m.net.addStage('n1:crypto', 'n1', { rate: 0.5e6, delay: 0 });
    const ledger = m.net.attachLedger(0, 1);
    expect(m.net.channels.map((c) => c.ledger?.dir)).toEqual([0, 1, 2]);
    expect(m.net.channels.every((c) => c.ledger?.ledger === ledger)).toBe(true);
    expect(() => m.net.attachLedger(0, 1)).toThrow(/once/);
    expect(() => m.net.addStage('n0:late', 'n0', { rate: 1e6, delay: 0 })).toThrow(/after the delay ledger/);
    const f = m.flow('f', 'business', [m.net.channels[0], m.net.channels[2]]);
    // Two packets at once: the second waits one serialization (8 ms) on n0-n1, then 16 - 8 ms at the
    // slower stage.
    m.cbr(f, 1, 1000);
    m.cbr(m.flow('g', 'business', [m.net.channels[0], m.net.channels[2]]), 1, 1000);
    m.run(1);
    const places = ledger.flowPlaces(f).concat(ledger.flowPlaces(m.net.flows[1]));
    expect(places.map((p) => p.at).sort()).toEqual(['n0-n1/forward', 'n1/stage']);
    expect(places.reduce((a, p) => a + p.wait, 0)).toBeCloseTo(0.016, 12);
  });
});
