import { describe, expect, it } from 'vitest';
import { appResult, runVariant, shortScenario } from './helpers/catalog-scenario.js';
import { attachVoice, FlowRecorder, VoiceStream, voice, type CallResult } from '../src/metrics/index.js';
import { Packet } from '../src/net/index.js';
import type { Experience } from '../src/metrics/voice/experience.js';
import { buildSimulation, parseScenario, ScenarioError } from '../src/scenario/index.js';

/**
 * Experience from scenario files to results (docs/experience.md): each flow judged on its own
 * packets, voice flows rated through their jitter buffer, refused users counted.
 */

const run = (yaml: string) => buildSimulation(parseScenario(yaml, 'test.yaml')).run();
const call = (r: ReturnType<typeof run>, id: string) => r.flows[id].call as CallResult;

describe('per-flow SLA shares: exactly k of n users cross a congested link', () => {
  //   u1 ─┐                         fast: 100 Mbps, idle
  //   u2 ─┼── fast ── srv
  //   u3 ─┘           │
  //   u4 ─┬── slow ───┘             slow-srv: 120 kbps, FIFO of 50 packets: overloaded
  //   u5 ─┘
  // Each user holds a two-way G.711 call (cbr 200 B every 20 ms, 80 kbps a direction) with srv.
  // The two calls through `slow` offer 160 kbps a direction to 120 kbps: 25 packets/s too many, so
  // its queues fill within 2 s (before the 3-s warm-up ends) and stay full: every packet of those
  // calls that gets through waits about 50 x 200 B x 8 / 120 kbps = 0.67 s (latency target 50 ms:
  // missed) and the round trip is over 1 s (CQD: poor above 500 ms), whatever each call loses. The
  // other three calls cross idle links. Expected exactly: 6 of 10 flows meet every target, 4 of 10
  // calls are poor.
  const n = 5;
  const k = 2;
  const users = Array.from({ length: n }, (_, i) => `u${i + 1}`);
  const congested = new Set(users.slice(n - k));
  const ACCESS = 'rate: 100Mbps, delay: 1ms';
  const yaml = `
name: k-of-n
warmup: 3s
duration: 4s
drain: 2s
classes:
  realtime: { sla: { latency: 50ms, jitter: 30ms, loss: 1% } }
nodes:
  - { id: srv, kind: host }
  - { id: fast }
  - { id: slow }
${users.map((u) => `  - { id: ${u}, kind: host }`).join('\n')}
links:
  - { id: fast-srv, from: fast, to: srv, rate: 100Mbps, delay: 5ms }
  - { id: slow-srv, from: slow, to: srv, rate: 120kbps, delay: 5ms, queue: { limit: 50 } }
${users.map((u) => `  - { from: ${u}, to: ${congested.has(u) ? 'slow' : 'fast'}, ${ACCESS} }`).join('\n')}
flows:
${users
  .map(
    (u, i) =>
      `  - { id: call-${u}, from: ${u}, to: srv, class: realtime, twoWay: true, codec: g711-plc, ` +
      `start: ${i * 3}ms, traffic: { model: cbr, interval: 20ms, size: 200B } }`,
  )
  .join('\n')}
  - { id: web, from: u1, to: srv, class: business, traffic: { model: poisson, rate: 10pps, size: 500B } }
`;
  const r = run(yaml);

  it('judges every flow against its class targets: (n - k) / n meet them', () => {
    const e = r.experience!.realtime;
    expect(e.flows).toBe(2 * n);
    expect(e.refused).toBe(0);
    expect(e.slaMetShare).toBe((n - k) / n);
    for (const u of users)
      for (const id of [`call-${u}`, `call-${u}~back`]) {
        const sla = r.flows[id].sla as { met: boolean; latency: boolean };
        expect({ id, met: sla.met }).toEqual({ id, met: !congested.has(u) });
        if (congested.has(u)) expect(sla.latency).toBe(false);
      }
    // The class as a whole pools every packet: it fails; the per-flow view says by how much.
    expect(r.sla.realtime.met).toBe(false);
  });

  it('rates every call: the congested ones are poor (round trip over 500 ms), k / n of them', () => {
    const e = r.experience!.realtime;
    expect(e.poorShare).toBe(k / n);
    for (const u of users) {
      const c = call(r, `call-${u}`);
      expect(c.codec).toBe('g711-plc');
      // Both directions' mean delays added: the same figure on each side of the call.
      expect(c.roundTripMs).toBe(call(r, `call-${u}~back`).roundTripMs);
      expect({ u, poor: c.poor }).toEqual({ u, poor: congested.has(u) });
      if (congested.has(u)) {
        expect(c.reasons).toContain('roundTripMs');
        expect(c.roundTripMs!).toBeGreaterThan(1000);
      } else {
        expect(c.roundTripMs!).toBeLessThan(20);
        expect(c.mos).toBeGreaterThan(4.3);
      }
    }
    expect(e.mos!.p5).toBeLessThan(e.mos!.p95);
  });

  it('a class without voice or targets has flows only; null where not applicable', () => {
    expect(r.experience!.business).toEqual({ flows: 1, slaMetShare: null, mos: null, poorShare: null, refused: 0 });
    expect(r.flows.web.call).toBeUndefined();
    expect(r.flows.web.sla).toBeUndefined();
  });

  it('only voice flows get a jitter buffer; every flow keeps the one recorder class', () => {
    const sim = buildSimulation(parseScenario(yaml, 'test.yaml'));
    const observer = (id: string) => sim.net.flows.find((f) => f.id === id)!.observer as FlowRecorder;
    for (const id of ['call-u1', 'call-u1~back', 'web']) expect(observer(id).constructor).toBe(FlowRecorder);
    expect(observer('call-u1').voice).toBeInstanceOf(VoiceStream);
    expect(observer('call-u1~back').voice).toBeInstanceOf(VoiceStream);
    expect(observer('web').voice).toBeNull();
  });
});

describe('a flow with known loss and delay, through the whole pipeline', () => {
  // a ── b: 10 Mbps, 50 ms, idle. One G.711+PLC stream a -> b, 250 B every 20 ms from 0 s
  // (packet k sent at 0.02 k, transit 0.2 ms serialization + 50 ms = 50.2 ms, exactly the same for
  // every packet). The link is down from 3.01 s for 100 ms: packets on the wire then (sent after
  // 2.9598 s) and those sent while it is down (before 3.11 s) are lost: k = 148..155, 8 packets.
  // Measured: packets sent in [2.01 s, 6.01 s), k = 101..300, 200 packets.
  //   Ppl = 8 / 200 = 4 %, one burst: frame transitions (199 after the first counted frame)
  //   good->good 190, good->bad 1, bad->bad 7, bad->good 1: p = 1/191, q = 1/8,
  //   BurstR = 1 / (1/191 + 1/8) = 7.6784 (G.107 §7.5: bursty loss weighs more).
  //   Ie,eff = 95 x 4 / (4 / 7.6784 + 25.1) = 14.8315
  //   Jitter buffer (NetEq-like): every relative delay is 0, so from its first histogram entry
  //   (0.5 s) the target is the upper edge of the first 20-ms bucket: each packet waits 20 ms.
  //   Ta = 50.2 + 20 (buffer) + 20 (packetization) + 0 (look-ahead) = 90.2 ms; Id = 0.024 Ta = 2.1648
  //   R = 93.355 (Ro - Is, G.107 defaults) - 2.1648 - 14.8315 = 76.3587
  //   MOS = 1 + 0.035 R + R (R - 60)(100 - R) 7e-6 = 3.8793
  // Tolerance 0.001 MOS: the hand figures carry 4 decimals of R.
  const yaml = `
name: known-loss
warmup: 2.01s
duration: 4s
drain: 1s
classes:
  realtime: { sla: { latency: 100ms, loss: 1% } }
nodes:
  - { id: a, kind: host }
  - { id: b, kind: host }
links:
  - { id: ab, from: a, to: b, rate: 10Mbps, delay: 50ms }
flows:
  - { id: voice, from: a, to: b, class: realtime, codec: g711-plc, traffic: { model: cbr, interval: 20ms, size: 250B } }
failures:
  - { at: 3.01s, link: ab, for: 100ms }
`;
  const r = run(yaml);
  const c = call(r, 'voice');

  it('loses exactly the packets of the outage, in one burst', () => {
    expect(r.flows.voice.sent).toBe(200);
    expect(r.flows.voice.lost).toBe(8);
    expect(c.lossRatio).toBe(0.04);
    expect(c.lateRatio).toBe(0);
    expect(c.burstR).toBeCloseTo(1 / (1 / 191 + 1 / 8), 9);
  });

  it('gets the delay and the MOS computed by hand', () => {
    expect(c.networkDelayMs).toBeCloseTo(50.2, 6);
    expect(c.bufferDelayMs).toBeCloseTo(20, 6);
    expect(c.mouthToEarMs).toBeCloseTo(90.2, 6);
    expect(Math.abs(c.R - 76.3587)).toBeLessThan(0.001);
    expect(Math.abs(c.mos - 3.8793)).toBeLessThan(0.001);
    // One-way: no round trip; 4 % loss, 4 % concealed, degradation about 0.49: not poor.
    expect(c.roundTripMs).toBeNull();
    expect(c.poor).toBe(false);
    expect(r.experience!.realtime).toEqual({
      flows: 1,
      slaMetShare: 0,
      mos: { mean: c.mos, p5: c.mos, p50: c.mos, p95: c.mos },
      poorShare: 0,
      refused: 0,
    });
    expect(r.flows.voice.sla).toEqual({ met: false, latency: true, loss: false });
  });
});

describe('refused users on the SSTP scenario', () => {
  // 200 users, SSTP admits 128: 72 users refused, each with a two-way Teams-like audio call. The
  // connected calls cross idle fiber and an uncongested gateway: they all meet Teams' targets and
  // none is poor, so every figure is exact.
  const s = shortScenario('scenarios/sstp-limit.yaml', { warmup: 1, duration: 2 });
  const sstp = runVariant(s, 'sstp');
  const ikev2 = runVariant(s, 'ikev2');
  const audio = (r: typeof sstp) =>
    (appResult(r, 'dallas', 'teams-audio', 'audio') as unknown as { experience: Experience }).experience;

  it('counts refused flows as not meeting the SLA and as poor calls', () => {
    const rejected = (sstp.tunnels as Record<string, { rejected: number }>).vpngw.rejected;
    expect(rejected).toBe(72);
    expect(audio(sstp)).toMatchObject({ flows: 400, refused: 2 * 72, slaMetShare: 256 / 400, poorShare: 144 / 400 });
    // The class has no targets in this file: no SLA share; the calls are still rated.
    expect(sstp.experience!.realtime).toMatchObject({ flows: 400, refused: 144, slaMetShare: null, poorShare: 0.36 });
    expect(sstp.flows['dallas-200.teams-audio.audio'].call).toBeUndefined();
    expect(sstp.flows['dallas-1.teams-audio.audio'].call).toBeDefined();
  });

  it('admits everyone on IKEv2: every call meets the SLA, none is poor', () => {
    expect(audio(ikev2)).toMatchObject({ flows: 400, refused: 0, slaMetShare: 1, poorShare: 0 });
  });

  it('rates only the calls that connected (MOS of the same calls under both protocols)', () => {
    expect(audio(sstp).mos!.p50).toBeGreaterThan(4.3);
    expect(Math.abs(audio(sstp).mos!.mean - audio(ikev2).mos!.mean)).toBeLessThan(0.01);
  });
});

describe("a voice flow's recorder", () => {
  it('gives its jitter buffer every packet in order, in batches: the same stream as packet by packet', () => {
    // 1000 packets (a batch is 128), some lost, some late, one reordered, warm-up packets before the window.
    const window = { start: 1, end: 15 };
    const codec = voice.voiceCodec('silk');
    const rec = new FlowRecorder(window);
    const stream = attachVoice(rec, codec, 0.02, window);
    const direct = new voice.JitterBuffer({ packetization: 0.02, lookahead: codec.lookaheadMs / 1000, window });
    const pkt = new Packet();
    let lost = 0;
    const arrivals: Array<[number, number, number]> = [];
    for (let seq = 0; seq < 1000; seq++) {
      const sent = seq * 0.02;
      if (seq % 97 === 5) {
        if (sent >= 1 && sent < 15) lost++;
        continue;
      }
      arrivals.push([sent, sent + 0.03 + (seq % 50 === 0 ? 0.2 : (seq % 7) * 0.002), seq]);
    }
    arrivals.sort((a, b) => a[1] - b[1]);
    for (const [sent, at, seq] of arrivals) {
      pkt.created = sent;
      pkt.seq = seq;
      rec.onSent(pkt);
      rec.onReceived(pkt, at);
      direct.onPacket(sent, at, seq);
    }
    for (let i = 0; i < lost; i++) {
      pkt.created = 1.5;
      rec.onSent(pkt);
    }
    direct.addLost(lost);
    const heard = stream.stream(rec);
    expect(heard).toEqual(direct.summary());
    expect(heard.late).toBeGreaterThan(0);
    expect(heard.reordered).toBeGreaterThan(0);
    expect(heard.lost).toBe(lost);
    expect(stream.stream(rec)).toBe(heard); // once: the lost packets are not added twice
  });
});

describe('the codec key of a plain flow', () => {
  const flow = (extra: string) => `
name: codec
duration: 1s
nodes: [{ id: a, kind: host }, { id: b, kind: host }]
links: [{ from: a, to: b, rate: 10Mbps, delay: 1ms }]
flows:
  - { id: f, from: a, to: b, ${extra} }
`;
  const problems = (yaml: string): string[] => {
    try {
      parseScenario(yaml, 'codec.yaml');
      return [];
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      return e.problems.map((p) => `${p.path}: ${p.message}`);
    }
  };

  it('names the codecs it knows', () => {
    const [p] = problems(flow('codec: opus, traffic: { model: cbr, interval: 20ms, size: 100B }'));
    expect(p).toMatch(/^flows\[0\]\.codec: expected one of "g711", "g711-plc", .*"silk", "satin", got "opus"$/);
  });

  it('needs cbr traffic', () => {
    expect(problems(flow('codec: silk, traffic: { model: poisson, rate: 50pps, size: 100B }'))).toEqual([
      'flows[0].codec: a codec rates a voice stream of one packet every interval: it needs traffic model cbr, ' +
        'not "poisson"',
    ]);
  });

  it('needs whole frames in a packet', () => {
    expect(problems(flow('codec: g711-plc, traffic: { model: cbr, interval: 25ms, size: 100B }'))).toEqual([
      'flows[0].codec: g711-plc packs 10 ms frames: the packet interval 25ms is not a whole number of them',
    ]);
    expect(problems(flow('codec: g711-plc, traffic: { model: cbr, rate: 64kbps, size: 160B }'))).toEqual([]);
  });
});
