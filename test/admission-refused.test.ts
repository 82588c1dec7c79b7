import { describe, expect, it } from 'vitest';
import { summaryTable } from '../src/cli/summary.js';
import { comparisonFile } from '../src/experiment/comparison.js';
import { FlowRecorder } from '../src/metrics/flow-recorder.js';
import { refused, summarize } from '../src/metrics/stats.js';
import { DropReason, type Packet } from '../src/net/index.js';
import { comparisonTable } from '../src/report/table.js';
import { runVariant, shortScenario } from './helpers/catalog-scenario.js';

/**
 * Admission is not loss (SCENARIO-FORMAT.md, Admission): users a tunnel limit refused are counted
 * as refused flows, apart from the loss of the users who connected.
 *
 * sstp-limit.yaml: 200 fiber users, one Teams-like audio call each (a flow each way, 50 packets/s),
 * through one Azure VPN Gateway. SSTP admits 128 concurrent tunnels on any SKU (docs/catalog.md), so
 * 72 users are refused: 144 flows (both directions) that carry nothing. On a 2 s window each flow
 * sends exactly 100 packets (cbr, 20 ms), so the refused flows lose 14,400 packets of 40,000 (36%),
 * and the connected users, on fiber at 20% peak load, lose none.
 */
describe('sstp-limit.yaml: refused users apart from the loss of the connected', () => {
  const s = shortScenario('scenarios/sstp-limit.yaml', { warmup: 1, duration: 2 });
  const sstp = runVariant(s, 'sstp');
  const ikev2 = runVariant(s, 'ikev2');

  it('counts 144 refused flows (72 users x 2 directions) and no loss among the connected', () => {
    const rt = sstp.classes.realtime;
    expect(rt.sent).toBe(40_000);
    expect(rt.refusedFlows).toBe(144);
    expect(rt.lost).toBe(14_400);
    expect(rt.drops).toEqual({ tunnel: 14_400 });
    expect(rt.lossRatio).toBe(0.36);
    expect(rt.connectedLossRatio).toBe(0);
    const flows = Object.values(sstp.flows);
    expect(flows.filter((f) => f.refusedFlows === 1)).toHaveLength(144);
    for (const f of flows) expect(f.connectedLossRatio).toBe(f.refusedFlows === 1 ? null : 0);
    expect(sstp.tunnels).toMatchObject({ vpngw: { requested: 200, admitted: 128, rejected: 72 } });
  });

  it('with IKEv2 (500 on VpnGw2) nobody is refused: connected loss is the loss', () => {
    const rt = ikev2.classes.realtime;
    expect(rt.refusedFlows).toBe(0);
    expect(rt.connectedLossRatio).toBe(rt.lossRatio);
    expect(rt.lost).toBe(0);
  });

  it('the run table shows refused flows and the connected loss, and the refused users per component', () => {
    const text = summaryTable(sstp);
    expect(text).toMatch(/\nrealtime +40000 +25600 +144 +0\.00% /);
    expect(text).toContain('Admission (users refused by a tunnel or session limit): vpngw: 72 of 200 tunnels refused');
  });

  it('the compare table shows the refused users per component beside the class figures', () => {
    const spec = { variants: ['sstp', 'ikev2'], policies: ['shortest'], seed: 1, replications: 1 };
    const c = comparisonFile({ name: 'sstp-limit', hash: 'sha256:0' }, spec, null, [sstp, ikev2]);
    const text = comparisonTable(c);
    expect(text).toContain('refused users (tunnels, sessions): refused of requested, mean over replications');
    expect(text).toMatch(/\n {2}sstp +72 of 200\n {2}ikev2 +0 of 200\n/);
    // The loss column is the connected users': 0 for both, though sstp lost 36% of what it sent.
    const rt = text.split('\n');
    const header = rt.findIndex((l) => l === 'realtime');
    expect(rt[header + 1]).toMatch(/loss %/);
    expect(rt[header + 2]).toMatch(/^ {2}sstp .* 0 +[\d.]+ +—$/);
    expect(c.summary!.cells[0].classes.realtime.metrics.lossRatio.mean).toBe(0.36);
    expect(c.summary!.cells[0].classes.realtime.metrics.connectedLossRatio.mean).toBe(0);
    expect(c.summary!.cells[0].refusals!['tunnels.vpngw'].rejected.mean).toBe(72);
  });
});

describe('a refused flow', () => {
  const window = { start: 0, end: 10 };
  const pkt = (created: number) => ({ created, size: 100 }) as unknown as Packet;

  it('is one that sent, received nothing, and was refused by admission (tunnel or session limit)', () => {
    const refusedFlow = new FlowRecorder(window);
    for (let i = 0; i < 3; i++) {
      refusedFlow.onSent(pkt(i));
      refusedFlow.onLost(pkt(i), DropReason.Tunnel);
    }
    expect(refused(refusedFlow)).toBe(true);
    // Admitted, then its session closed: it received something, so it was connected and its loss is loss.
    const cut = new FlowRecorder(window);
    cut.onSent(pkt(1));
    cut.onReceived(pkt(1), 1.01);
    cut.onSent(pkt(2));
    cut.onLost(pkt(2), DropReason.Admission);
    expect(refused(cut)).toBe(false);
    // Refused, and on a lossy line: what the wire or a queue lost before the gateway would have been
    // refused too. Still a refusal, not a connected user who lost everything.
    const lossyLine = new FlowRecorder(window);
    lossyLine.onSent(pkt(1));
    lossyLine.onLost(pkt(1), DropReason.Wire);
    lossyLine.onSent(pkt(2));
    lossyLine.onLost(pkt(2), DropReason.Queue);
    lossyLine.onSent(pkt(3));
    lossyLine.onLost(pkt(3), DropReason.Tunnel);
    expect(refused(lossyLine)).toBe(true);
    // Nothing arrived and nothing was refused: congestion or the wire, not a refusal.
    const starved = new FlowRecorder(window);
    starved.onSent(pkt(1));
    starved.onLost(pkt(1), DropReason.Queue);
    starved.onSent(pkt(2));
    starved.onLost(pkt(2), DropReason.Wire);
    expect(refused(starved)).toBe(false);
    // A flow that sent nothing in the window was not refused anything.
    expect(refused(new FlowRecorder(window))).toBe(false);
    const pooled = summarize([refusedFlow, cut, lossyLine, starved], 10);
    expect(pooled.refusedFlows).toBe(2);
    // Connected: cut (1 of 2 lost) and starved (2 of 2): 3 of 4.
    expect(pooled.connectedLossRatio).toBe(0.75);
    expect(pooled.lossRatio).toBe(0.9); // 9 of 10
    expect(summarize([refusedFlow], 10).connectedLossRatio).toBeNull();
  });
});
