import { describe, expect, it } from 'vitest';
import { summarize, FlowRecorder, voice } from '../src/metrics/index.js';
import { Packet } from '../src/net/index.js';

const {
  CQD_AUDIO_POOR,
  JitterBuffer,
  callQuality,
  classifyAudioStream,
  experience,
  judgeFlowSla,
  quantileSorted,
  voiceCodec,
} = voice;

describe('a voice flow rated from its packets', () => {
  // 100 packets of G.711 with PLC, one every 20 ms, each 80 ms in the network; seq 30 and 70 never
  // arrive; a fixed 40-ms buffer. By hand:
  //   Ppl = 2 / 100 = 2%, isolated losses (BurstR 1): Ie,eff = 95 x 2 / (2 + 25.1) = 7.011
  //   Ta = 80 + 40 (buffer) + 20 (packetization) + 0 (G.711 has no look-ahead) = 140 ms
  //   Id = 0.024 x 140 = 3.36 (Cole-Rosenbluth)
  //   R = (Ro - Is = 94.769 - 1.414 = 93.355) - 3.36 - 7.011 = 82.984
  //   MOS = 1 + 0.035 x 82.984 + 82.984 x 22.984 x 17.016 x 7e-6 = 4.1318
  // Tolerance 0.001 MOS: the hand values carry 3 decimals of R (0.0005 R is 1e-5 MOS).
  function flow(): InstanceType<typeof JitterBuffer> {
    const codec = voiceCodec('g711-plc');
    const jb = new JitterBuffer({
      policy: { kind: 'fixed', delay: 0.04 },
      packetization: 0.02,
      lookahead: codec.lookaheadMs / 1000,
    });
    for (let seq = 0; seq < 100; seq++) if (seq !== 30 && seq !== 70) jb.onPacket(seq * 0.02, seq * 0.02 + 0.08, seq);
    jb.addLost(2);
    return jb;
  }

  it('gets the MOS computed by hand', () => {
    const s = flow().summary();
    expect(s.mouthToEarMs).toBeCloseTo(140, 9);
    expect(s.effectiveLossRatio).toBe(0.02);
    const q = callQuality(s, voiceCodec('g711-plc'))!;
    expect(q.burstR).toBe(1);
    expect(q.R).toBeCloseTo(82.984, 2);
    expect(Math.abs(q.mos - 4.1318)).toBeLessThan(0.001);
    // Degradation: the same call without its loss, R = 93.355 - 3.36 = 89.995, MOS 4.3389, minus 4.1318.
    expect(Math.abs(q.degradation! - (4.3389 - 4.1318))).toBeLessThan(0.001);
    expect(q.poor).toBe(false);
    expect(q.reasons).toEqual([]);
  });

  it("uses G.107's full Id when asked", () => {
    // G.107 §7.4 at Ta = 140 ms (T = 140, Tr = 280), by hand: TERV 29.41, Re 118.5, Idte 2.649;
    // Rle 300.1, Idle 0.820; X = log2(1.4), Idd 0.054 -> Id 3.523, against 3.36 for the
    // simplification: R lower by 0.163 (tolerance: 3 decimals of the parts).
    const s = flow().summary();
    const simple = callQuality(s, voiceCodec('g711-plc'))!;
    const full = callQuality(s, voiceCodec('g711-plc'), { delayModel: 'g107' })!;
    expect(Math.abs(simple.R - full.R - (3.523 - 3.36))).toBeLessThan(0.005);
  });

  it('is poor when nothing is played, and not judged when nothing was expected', () => {
    const jb = new JitterBuffer({ packetization: 0.02 });
    jb.addLost(50);
    const q = callQuality(jb.summary(), voiceCodec('silk'))!;
    expect(q.mos).toBe(1);
    expect(q.degradation).toBeNull();
    expect(q.poor).toBe(true);
    expect(q.reasons).toEqual(['packetLoss', 'concealedRatio']);
    expect(callQuality(new JitterBuffer({ packetization: 0.02 }).summary(), voiceCodec('silk'))).toBeNull();
  });

  it('applies the round trip only when it is given', () => {
    const s = flow().summary();
    expect(callQuality(s, voiceCodec('g711-plc'), { roundTripMs: 501 })!.reasons).toEqual(['roundTripMs']);
    expect(callQuality(s, voiceCodec('g711-plc'), { roundTripMs: 500 })!.poor).toBe(false);
  });
});

describe("Teams' CQD poor audio stream rule", () => {
  // Reference: Teams/cqd-stream-classification (MicrosoftDocs/OfficeDocs-SkypeForBusiness): poor if
  // Audio Degradation Avg > 1.0, Round Trip > 500 ms, Packet Loss Rate > 0.1, Jitter > 30 ms or
  // Ratio Concealed Samples Avg > 0.07. Each threshold is tested just below, at (not poor: the rule
  // is strictly greater) and just above.
  const good = { degradation: 0.2, roundTripMs: 80, packetLoss: 0.001, jitterMs: 3, concealedRatio: 0.01 };
  const cases: Array<[keyof typeof good, number, number, number]> = [
    ['degradation', 0.99, 1.0, 1.01],
    ['roundTripMs', 499, 500, 501],
    ['packetLoss', 0.099, 0.1, 0.101],
    ['jitterMs', 29.9, 30, 30.1],
    ['concealedRatio', 0.069, 0.07, 0.071],
  ];
  it('has the documented thresholds', () => {
    expect(CQD_AUDIO_POOR).toEqual({
      degradation: 1.0,
      roundTripMs: 500,
      packetLoss: 0.1,
      jitterMs: 30,
      concealedRatio: 0.07,
    });
  });
  for (const [key, below, at, above] of cases) {
    it(`classifies ${key} just below, at and just above ${at}`, () => {
      expect(classifyAudioStream({ ...good, [key]: below })).toEqual({ poor: false, reasons: [] });
      expect(classifyAudioStream({ ...good, [key]: at })).toEqual({ poor: false, reasons: [] });
      expect(classifyAudioStream({ ...good, [key]: above })).toEqual({ poor: true, reasons: [key] });
    });
  }
  it('gives every reason, and ignores unknown metrics', () => {
    const all = { degradation: 2, roundTripMs: 600, packetLoss: 0.2, jitterMs: 40, concealedRatio: 0.2 };
    expect(classifyAudioStream(all).reasons).toEqual([
      'degradation',
      'roundTripMs',
      'packetLoss',
      'jitterMs',
      'concealedRatio',
    ]);
    const unknown = { degradation: null, roundTripMs: null, packetLoss: null, jitterMs: null, concealedRatio: null };
    expect(classifyAudioStream(unknown)).toEqual({ poor: false, reasons: [] });
  });
});

describe('per-flow SLA and experience', () => {
  function stats(transits: number[], lost: number) {
    const rec = new FlowRecorder({ start: 0, end: 100 });
    transits.forEach((t, i) => {
      const p = new Packet();
      p.created = i;
      p.size = 100;
      rec.onSent(p);
      rec.onReceived(p, i + t);
    });
    for (let i = 0; i < lost; i++) {
      const p = new Packet();
      p.created = 50 + i;
      rec.onSent(p);
      rec.onLost(p, 0);
    }
    return summarize([rec], 100);
  }
  const targets = { latency: 0.05, jitter: 0.03, loss: 0.01 };

  it('judges one flow on its own packets against its class targets', () => {
    const ok = stats(Array<number>(200).fill(0.02), 1); // 1 lost of 201: 0.5%
    expect(judgeFlowSla(ok, targets, false)).toEqual({ met: true, latency: true, jitter: true, loss: true });
    const lossy = stats(Array<number>(100).fill(0.02), 2); // 2 of 102: 1.96%
    expect(judgeFlowSla(lossy, targets, false)).toEqual({ met: false, latency: true, jitter: true, loss: false });
    const slow = stats(Array<number>(100).fill(0.06), 0);
    expect(judgeFlowSla(slow, targets, false)).toEqual({ met: false, latency: false, jitter: true, loss: true });
    // Alternating 10 ms and 45 ms: every IPDV is 35 ms > 30 ms; p99 45 ms (histogram within 1%) < 50 ms.
    const jittery = stats(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 0.01 : 0.045)),
      0,
    );
    expect(judgeFlowSla(jittery, targets, false)).toEqual({ met: false, latency: true, jitter: false, loss: true });
  });

  it('fails every target of a refused flow, and has no verdict without targets', () => {
    const ok = stats([0.02, 0.02], 0);
    expect(judgeFlowSla(ok, { latency: 0.05 }, true)).toEqual({ met: false, latency: false });
    expect(judgeFlowSla(ok, {}, false)).toBeNull();
    expect(judgeFlowSla(ok, {}, true)).toBeNull();
  });

  it('aggregates flows: SLA share, MOS distribution, poor share, refused counted', () => {
    const met = { met: true };
    const failed = { met: false };
    const e = experience([
      { refused: false, sla: met, voice: true, call: { mos: 4.0, poor: false } },
      { refused: false, sla: failed, voice: true, call: { mos: 2.0, poor: true } },
      { refused: false, sla: met, voice: true, call: { mos: 3.0, poor: false } },
      { refused: false, sla: met, voice: true, call: { mos: 1.0, poor: true } },
      { refused: true, sla: failed, voice: true, call: null },
      { refused: false, sla: met, voice: false, call: null },
    ]);
    // SLA: 4 of 6 met. Voice: 5 flows, 3 poor (2 calls + 1 refused). MOS over the 4 connected calls
    // {1, 2, 3, 4}: mean 2.5; type-7 quantiles h = 3p: p5 = 1.15, p50 = 2.5, p95 = 3.85.
    expect(e).toEqual({
      flows: 6,
      slaMetShare: 0.666666667,
      mos: { mean: 2.5, p5: 1.15, p50: 2.5, p95: 3.85 },
      poorShare: 0.6,
      refused: 1,
    });
  });

  it('has no SLA share without targets and no voice figures without voice flows', () => {
    const e = experience([{ refused: false, sla: null, voice: false, call: null }]);
    expect(e).toEqual({ flows: 1, slaMetShare: null, mos: null, poorShare: null, refused: 0 });
    // Only refused voice flows: every one poor, no MOS (no call took place).
    const r = experience([{ refused: true, sla: { met: false }, voice: true, call: null }]);
    expect(r).toEqual({ flows: 1, slaMetShare: 0, mos: null, poorShare: 1, refused: 1 });
    // A refused flow never counts as meeting the SLA, whatever its verdict says.
    expect(experience([{ refused: true, sla: { met: true }, voice: false, call: null }]).slaMetShare).toBe(0);
  });

  it('computes type-7 quantiles (numpy and R defaults)', () => {
    // numpy.quantile([1, 2, 4, 8, 16], [0, 0.1, 0.5, 0.9, 1]) = [1, 1.4, 4, 12.8, 16]
    const xs = [1, 2, 4, 8, 16];
    expect([0, 0.1, 0.5, 0.9, 1].map((p) => quantileSorted(xs, p))).toEqual(
      [1, 1.4, 4, 12.8, 16].map((v) => expect.closeTo(v, 12)),
    );
    expect(quantileSorted([7], 0.95)).toBe(7);
    expect(() => quantileSorted([], 0.5)).toThrow(/empty/);
  });
});
