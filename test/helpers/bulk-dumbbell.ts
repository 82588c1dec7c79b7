import { parseScenario, runScenario } from '../../src/index.js';

/**
 * One cell of the ns-3 comparison: `flows` bulk transfers over one drop-tail bottleneck, the same
 * setting as test/peers/ns3-bulk.cc.
 *
 *   s0 ─┐                                  ┌─ d0
 *   s1 ─┼─ r1 ══ rate, rtt/2, N packets ══ r2 ─┼─ d1      access links 100x the rate, no delay
 *   ..  ┘                                  └─ ..
 */
export interface BulkCell {
  cc: 'cubic' | 'newreno';
  flows: number;
  /** Bottleneck queue limit, packets (waiting; the one in transmission is not counted). */
  buffer: number;
  rate?: number;
  rtt?: number;
  warmup?: number;
  duration?: number;
  /** Flow i starts at i * spread / flows seconds. */
  spread?: number;
  seed?: number;
  /** Extra keys of each flow's traffic block. */
  traffic?: Record<string, unknown>;
}

export interface BulkOutcome {
  utilization: number;
  drops: number;
  timeouts: number;
  goodputBps: number[];
}

/**
 * ns-3's wire sizes: 1448 B of payload + 32 B TCP header with timestamps + 20 B IPv4 + 2 B PPP per
 * data packet; an ACK 54 B (ns-3's grow by the SACK option, 12 to 28 B, when it carries blocks:
 * less than 0.3% of the bottleneck's reverse direction, which only ACKs use).
 */
export const NS3_WIRE = { mss: 1502, ack: 54 };

/** The scenario file of a cell, as a user would write it (YAML is JSON). */
export function bulkScenario(c: BulkCell): string {
  const rate = c.rate ?? 10e6;
  const rtt = c.rtt ?? 0.04;
  const spread = c.spread ?? 1;
  const nodes: object[] = [{ id: 'r1' }, { id: 'r2' }];
  const links: object[] = [
    {
      id: 'bottleneck',
      from: 'r1',
      to: 'r2',
      rate: `${rate}bps`,
      delay: `${(rtt / 2) * 1000}ms`,
      queue: { discipline: 'fifo', limit: c.buffer },
    },
  ];
  const flows: object[] = [];
  for (let i = 0; i < c.flows; i++) {
    nodes.push({ id: `s${i}`, kind: 'host' }, { id: `d${i}`, kind: 'host' });
    links.push(
      { id: `a${i}`, from: `s${i}`, to: 'r1', rate: `${rate * 100}bps`, delay: '0s' },
      { id: `b${i}`, from: 'r2', to: `d${i}`, rate: `${rate * 100}bps`, delay: '0s' },
    );
    flows.push({
      id: `f${i}`,
      from: `s${i}`,
      to: `d${i}`,
      class: 'bulk',
      start: `${c.flows > 1 ? (i * spread) / c.flows : 0}s`,
      traffic: {
        model: 'elastic',
        congestionControl: c.cc,
        mss: `${NS3_WIRE.mss}B`,
        ackSize: `${NS3_WIRE.ack}B`,
        ...c.traffic,
      },
    });
  }
  return JSON.stringify({
    name: `bulk-${c.cc}-${c.flows}x-${c.buffer}p`,
    seed: c.seed ?? 1,
    warmup: `${c.warmup ?? 5}s`,
    duration: `${c.duration ?? 30}s`,
    drain: '1s',
    nodes,
    links,
    flows,
  });
}

/** Runs a cell in netsim, end to end from its scenario text. */
export function runBulk(c: BulkCell): BulkOutcome {
  const s = parseScenario(bulkScenario(c), `bulk-${c.cc}-${c.flows}-${c.buffer}.json`);
  const r = runScenario(s, {});
  const bottleneck = r.links.bottleneck.forward;
  const goodputBps: number[] = [];
  let timeouts = 0;
  for (let i = 0; i < c.flows; i++) {
    const f = r.flows[`f${i}`] as unknown as { throughputBps: number; timeouts: number };
    goodputBps.push(f.throughputBps);
    timeouts += f.timeouts;
  }
  return { utilization: bottleneck.utilization, drops: bottleneck.drops, timeouts, goodputBps };
}

/** Jain's fairness index: (sum x)^2 / (n * sum x^2); 1 is perfectly fair. */
export function jainIndex(xs: readonly number[]): number {
  const sum = xs.reduce((a, b) => a + b, 0);
  const sq = xs.reduce((a, b) => a + b * b, 0);
  return (sum * sum) / (xs.length * sq);
}
