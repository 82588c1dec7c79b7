import { beforeEach, describe, expect, it } from 'vitest';
import { RandomStreams, Simulator } from '../src/engine/index.js';
import { ClassTable, DropReason, Network, type Flow, type Hop, type NetworkModel } from '../src/net/index.js';
import { PacketLog } from './helpers/packet-log.js';

let model: NetworkModel = {};

function network() {
  const sim = new Simulator();
  const classes = new ClassTable([{ name: 'c', priority: 0, weight: 1, dscp: 0 }]);
  const net = new Network(sim, classes, new RandomStreams(1), model);
  return { sim, net };
}

function logged(net: Network, route: Hop[]): { flow: Flow; log: PacketLog } {
  const flow = net.addFlow(`f${net.flows.length}`, net.classes.get('c'));
  flow.route = route;
  const log = new PacketLog();
  flow.observer = log;
  return { flow, log };
}

// Every channel model loses the same packets at the same moments (network.ts, NetworkModel).
for (const channels of ['lazy', 'events'] as const) {
  describe(`(${channels} channels)`, () => {
    beforeEach(() => {
      model = { channels };
    });

    describe('a link going down', () => {
      /**
       * a --1 Mb/s, 15 ms--> b. Ten 1250-byte packets (10 ms each) are sent at t = 0.
       * Packet k is serialized in [10k, 10k + 10] ms and arrives at 10k + 25 ms. At t = 27 ms:
       *   packet 0 has arrived (at 25 ms),
       *   packet 1 is on the wire (arrives at 35 ms),
       *   packet 2 is in service (20..30 ms),
       *   packets 3..9 are queued (7).
       * Taking the link down then loses 1 + 1 + 7 = 9 packets.
       */
      function scenario() {
        const { sim, net } = network();
        net.addNode('a');
        net.addNode('b');
        const link = net.addLink({
          from: 'a',
          to: 'b',
          forward: { rate: 1e6, delay: 0.015, queue: { discipline: 'fifo', limit: {} } },
          reverse: { rate: 1e6, delay: 0.015 },
        });
        const { flow, log } = logged(net, [link.forward]);
        const changes: string[] = [];
        net.onTopologyChange((c) => changes.push(`${c.kind}:${c.id}:${c.up ? 'up' : 'down'}@${sim.now}`));
        sim.at(0, () => {
          net.openCounters();
          for (let i = 0; i < 10; i++) net.inject(net.packet(flow, 1250));
        });
        return { sim, net, link, flow, log, changes };
      }

      it('loses exactly what is queued, in service or on the wire, and counts it on the link', () => {
        const { sim, net, link, log, changes } = scenario();
        sim.at(0.027, () => net.setLinkUp(link.id, false));
        sim.run();
        expect(log.sent).toHaveLength(10);
        expect(log.received.map((r) => r.at)).toEqual([0.01 + 0.015]);
        expect(log.lost).toHaveLength(9);
        expect(log.lost.every((l) => l.reason === DropReason.Down && l.at === 0.027)).toBe(true);
        expect(link.forward.counters.drops).toBe(9);
        expect(link.reverse.counters.drops).toBe(0);
        // Only packet 0 finished crossing: packet 1, lost on the wire, is a drop and not a crossing.
        expect(link.forward.counters.packets).toBe(1);
        expect(link.forward.counters.bytes).toBe(1250);
        expect(link.up).toBe(false);
        expect(changes).toEqual(['link:a-b:down@0.027']);
        // Nothing is delivered later, though packet 1's arrival event (35 ms) was still pending (and,
        // on the lazy channel, those of packets 2..9, scheduled at admission: the last at 115 ms).
        expect(sim.now).toBeCloseTo(channels === 'lazy' ? 0.115 : 0.035, 12);
        expect(net.pool.live).toBe(0);
      });

      it('drops what is sent while it is down, and carries traffic again once back up', () => {
        const { sim, net, link, flow, log, changes } = scenario();
        sim.at(0.027, () => net.setLinkUp(link.id, false));
        sim.at(0.03, () => net.inject(net.packet(flow, 1250)));
        sim.at(0.04, () => net.setLinkUp(link.id, true));
        sim.at(0.05, () => net.inject(net.packet(flow, 1250)));
        sim.run();
        expect(log.sent).toHaveLength(12);
        expect(log.lost).toHaveLength(10);
        expect(log.lost[9]).toMatchObject({ reason: DropReason.Down, at: 0.03 });
        expect(log.received.map((r) => r.at)).toEqual([0.025, 0.05 + 0.01 + 0.015]);
        expect(link.forward.counters.drops).toBe(10);
        expect(changes).toEqual(['link:a-b:down@0.027', 'link:a-b:up@0.04']);
        expect(net.pool.live).toBe(0);
      });

      it('setting a link to the state it is in changes nothing and notifies no one', () => {
        const { sim, net, link, log, changes } = scenario();
        sim.at(0.027, () => net.setLinkUp(link.id, true));
        sim.run();
        expect(log.received).toHaveLength(10);
        expect(changes).toEqual([]);
      });
    });

    describe('a node going down', () => {
      /** a - b - c, with a processing stage in b; a second link c - d that does not touch b. */
      function chain() {
        const { sim, net } = network();
        for (const n of ['a', 'b', 'c', 'd']) net.addNode(n);
        const d = { rate: 1e6, delay: 0.001, queue: { discipline: 'fifo' as const, limit: {} } };
        const ab = net.addLink({ from: 'a', to: 'b', forward: d, reverse: d });
        const bc = net.addLink({ from: 'b', to: 'c', forward: d, reverse: d });
        const cd = net.addLink({ from: 'c', to: 'd', forward: d, reverse: d });
        const stage = net.addStage('b/fw', 'b', { rate: 1e6, delay: 0 });
        const changes: string[] = [];
        net.onTopologyChange((c) => changes.push(`${c.kind}:${c.id}:${c.up ? 'up' : 'down'}`));
        return { sim, net, ab, bc, cd, stage, changes };
      }

      it('takes every channel in and out of it, and its stages, down', () => {
        const { net, ab, bc, cd, stage, changes } = chain();
        net.setNodeUp('b', false);
        expect([ab.forward.up, ab.reverse.up, bc.forward.up, bc.reverse.up, stage.up]).toEqual([
          false,
          false,
          false,
          false,
          false,
        ]);
        expect([cd.forward.up, cd.reverse.up]).toEqual([true, true]);
        expect(changes).toEqual(['node:b:down']);
        net.setNodeUp('b', true);
        expect([ab.up, bc.up, stage.up, cd.up]).toEqual([true, true, true, true]);
      });

      it('a link that failed while the node was down stays down when the node comes back', () => {
        const { net, ab, bc, stage, changes } = chain();
        net.setNodeUp('b', false);
        net.setLinkUp('a-b', false);
        net.setNodeUp('b', true);
        expect(ab.forward.up).toBe(false);
        expect(ab.reverse.up).toBe(false);
        expect(bc.up).toBe(true);
        expect(stage.up).toBe(true);
        net.setLinkUp('a-b', true);
        expect(ab.up).toBe(true);
        expect(changes).toEqual(['node:b:down', 'link:a-b:down', 'node:b:up', 'link:a-b:up']);
      });

      it('a link repaired while its node is down stays down until the node is back', () => {
        const { net, ab } = chain();
        net.setLinkUp('a-b', false);
        net.setNodeUp('b', false);
        net.setLinkUp('a-b', true);
        expect(ab.up).toBe(false);
        net.setNodeUp('b', true);
        expect(ab.up).toBe(true);
      });

      it('loses the packets queued on its channels and stages', () => {
        const { sim, net, ab, bc, stage } = chain();
        // 125-byte packets take 1 ms per hop. Five sent at once on a -> b -> stage -> c; at 2.5 ms,
        // packet 0 has left a-b (1 ms) and arrived at b (2 ms), and is in the stage until 3 ms;
        // packet 1 is on the a-b wire (serialized at 2 ms, arrives at 3 ms);
        // packet 2 is in service on a-b; packets 3, 4 are queued on a-b.
        const { flow, log } = logged(net, [ab.forward, stage, bc.forward]);
        sim.at(0, () => {
          net.openCounters();
          for (let i = 0; i < 5; i++) net.inject(net.packet(flow, 125));
        });
        sim.at(0.0025, () => net.setNodeUp('b', false));
        sim.run();
        expect(log.received).toHaveLength(0);
        expect(log.lost).toHaveLength(5);
        expect(log.lost.every((l) => l.reason === DropReason.Down)).toBe(true);
        expect(ab.forward.counters.drops).toBe(4); // on the wire, in service, two queued
        expect(stage.counters.drops).toBe(1); // in service in the stage
        expect(net.pool.live).toBe(0);
      });
    });
  });
}
