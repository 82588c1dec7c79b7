import { it } from 'vitest';
import { Mini } from './helpers/mini.js';
import { attach, dumbbell, jain } from './helpers/traffic.js';

it('trace', () => {
  const n = 4, seed = 1;
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
  const src = srcs[2];
  const log = (what: string) => console.log(m.sim.now.toFixed(4), what, 'una', src.una, 'nxt', src.nxt, 'max', src.max, 'cwnd', src.cwnd.toFixed(2), 'ssth', src.ssthresh, 'rto', src.rtt.rto.toFixed(3), 'rec', src.recover, src.inRecovery, 'retx', src.retransmissions);
  const oT = src.onTimeout; src.rto.expire = () => { log('TIMEOUT'); oT(); };
  const oD = src.onDuplicateAck.bind(src); src.onDuplicateAck = () => { const before = src.fastRetransmits; oD(); if (src.fastRetransmits > before) log('FR'); };
  const oN = src.onNewAck.bind(src); src.onNewAck = (a: number, r: number, now: number) => { const w = src.inRecovery; oN(a, r, now); if (w && !src.inRecovery) log('EXIT'); };
  m.sim.run(2.94);
  const oTr = src.transmit.bind(src); src.transmit = (seq: number) => { console.log(m.sim.now.toFixed(5), 'TX', seq, seq < src.max ? 'RETX' : '', 'cwnd', src.cwnd.toFixed(2), 'una', src.una); oTr(seq); };
  const oA = src.arrive.bind(src); src.arrive = (p: any) => { console.log(m.sim.now.toFixed(5), 'ACK', p.ack, 'dup', src.dupacks); oA(p); };
  m.sim.run(2.975);
});
