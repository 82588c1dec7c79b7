import { beforeAll, describe, expect, it } from 'vitest';
import { jainIndex, runBulk, type BulkCell, type BulkOutcome } from './helpers/bulk-dumbbell.js';
import { preparePeer, runPeerCells } from './helpers/ns3-peer.js';

/**
 * netsim's elastic model against ns-3.37 (Debian's libns3-dev) on the same scenario: bulk transfers
 * over one drop-tail bottleneck of 10 Mb/s with a 40 ms base RTT, 1448 B segments (1502 B on the
 * wire), SACK on, an ACK per segment, minimum RTO 200 ms, initial window 10, 4 MiB windows; flows
 * start spread over 1 s; measured over 30 s after a 5 s warm-up. ns-3's side is our own program,
 * test/peers/ns3-bulk.cc (how it is built and what it sets: its head comment); netsim's side is the
 * same setting as a scenario file (test/helpers/bulk-dumbbell.ts), defaults otherwise (send-time
 * jitter 1, HyStart++ with CUBIC).
 *
 * The matrix: queue of 0.5, 1 and 3 bandwidth-delay products (17, 34, 100 packets) x 1 and 4 flows
 * x NewReno and CUBIC. Tolerances (issue 15): bottleneck utilization within 0.03; drops within
 * 3x + 30 of each other (drops come in bursts at loss events whose timing differs between two
 * implementations of the same algorithms: PRR in ns-3, RFC 6675's pipe here; ns-3's original HyStart
 * against HyStart++ here); Jain's index of the 4 flows' goodputs within 0.1 (one 30 s run of a
 * deterministic peer: its spread between buffer sizes, 0.94 to 1.00, is the scale of what one run
 * tells).
 *
 * CUBIC on the ns-3 side is ns-3.37's TcpCubic with RFC 9438's Reno-friendly region added (which
 * ns-3.37 lacks and ns-3.41 added): without it, ns-3's CUBIC is another algorithm at this
 * bandwidth-delay product (docs/traffic.md gives both).
 *
 * Where ns-3 cannot be built (no libns3-dev, no g++) the comparison is skipped and the skip says
 * why. ns-3 runs once per cell, two at a time, and its results are cached beside the built program.
 */
const BUFFERS = [17, 34, 100];
const CELLS: BulkCell[] = [];
for (const cc of ['newreno', 'cubic'] as const)
  for (const flows of [1, 4]) for (const buffer of BUFFERS) CELLS.push({ cc, flows, buffer });

const peer = preparePeer();
if (!peer.ok) console.warn(`ns-3 comparison skipped: ${peer.reason}`);

const label = (c: BulkCell) => `${c.cc}, ${c.flows} flow${c.flows > 1 ? 's' : ''}, queue ${c.buffer} packets`;
const fmt = (o: BulkOutcome) =>
  `utilization ${o.utilization.toFixed(4)}, drops ${o.drops}, timeouts ${o.timeouts}` +
  (o.goodputBps.length > 1 ? `, Jain ${jainIndex(o.goodputBps).toFixed(3)}` : '');

describe.skipIf(!peer.ok)(`elastic vs ns-3.37${peer.ok ? '' : ` (skipped: ${peer.reason})`}`, () => {
  let ns3: BulkOutcome[] = [];

  beforeAll(async () => {
    if (peer.ok) ns3 = await runPeerCells(peer, CELLS);
  }, 900_000);

  CELLS.forEach((cell, i) => {
    it(label(cell), () => {
      const ours = runBulk(cell);
      const theirs = ns3[i];
      console.log(`${label(cell)}\n  netsim ${fmt(ours)}\n  ns-3   ${fmt(theirs)}`);
      expect(Math.abs(ours.utilization - theirs.utilization)).toBeLessThanOrEqual(0.03);
      expect(ours.drops).toBeLessThanOrEqual(3 * theirs.drops + 30);
      expect(theirs.drops).toBeLessThanOrEqual(3 * ours.drops + 30);
      if (cell.flows > 1) {
        expect(Math.abs(jainIndex(ours.goodputBps) - jainIndex(theirs.goodputBps))).toBeLessThanOrEqual(0.1);
      }
    });
  });
});
